//! The alternatives the sources name (JAX, scikit-learn, ONNX Runtime, Hugging Face): a choice
//! asked in their terms, not the frameworks', is answered "neither", pointing to them.

use foldhash::{HashMap, HashMapExt};

use crate::knowledge::{enumerate, Body, EntryIx, Knowledge};

use super::read::Reading;
use super::text::{self, Stopwords};
use super::{Brain, Intent, Lexicon};

/// A word of an alternative's description is distinctive when it occurs at most this often in
/// the whole knowledge: "functional" and "transforms" are; "research" and "teams" are not.
const DISTINCTIVE_COUNT: u32 = 4;
/// Distinctive description words a question must share to be asking for that alternative.
const DESCRIPTION_HITS: usize = 2;

/// What matching needs of every alternative, worked out once per brain: asking each ask to
/// split every alternative's description into words was a third of an answer's cost over a
/// large knowledge base.
#[derive(Debug, Default)]
pub(super) struct Alternatives {
    /// Entry positions, in file order.
    entries: Vec<EntryIx>,
    /// Per alternative, the words of its name.
    names: Vec<Vec<String>>,
    /// Distinctive description word → (alternative, how often its description uses the word).
    by_word: HashMap<String, Vec<(usize, usize)>>,
    /// Name word → the alternatives whose name uses it.
    by_name_word: HashMap<String, Vec<usize>>,
}

impl Alternatives {
    /// Whether `word` is a word of an alternative's name ("jax", "scikit", "learn").
    pub(super) fn names_word(&self, word: &str) -> bool {
        self.by_name_word.contains_key(word)
    }

    /// The alternatives of `k`, with `lexicon` telling which description words are distinctive
    /// (`stopwords` never are).
    pub(super) fn new(k: &Knowledge, lexicon: &Lexicon, stopwords: &Stopwords) -> Alternatives {
        let mut out = Alternatives::default();
        for (i, e) in enumerate(&k.entries) {
            let Body::Alternative { name, best_for, .. } = &e.body else {
                continue;
            };
            let alt = out.entries.len();
            out.entries.push(i);
            let name_words = text::words(name);
            for w in &name_words {
                let list = out.by_name_word.entry(w.clone()).or_default();
                if list.last() != Some(&alt) {
                    list.push(alt);
                }
            }
            out.names.push(name_words);
            for w in text::words(best_for) {
                if stopwords.contains(&w) || lexicon.count(&w) > DISTINCTIVE_COUNT {
                    continue;
                }
                let list = out.by_word.entry(w).or_default();
                match list.last_mut() {
                    Some((a, n)) if *a == alt => *n += 1,
                    _ => list.push((alt, 1)),
                }
            }
        }
        out
    }

    /// The first alternative, in file order, that `asked` names or describes.
    fn first_asked_for(&self, asked: &[&str]) -> Option<EntryIx> {
        let mut hits: HashMap<usize, usize> = HashMap::new();
        let mut candidates: Vec<usize> = Vec::new();
        for (pos, w) in asked.iter().enumerate() {
            if asked[..pos].contains(w) {
                continue;
            }
            for &(alt, n) in self.by_word.get(*w).into_iter().flatten() {
                let h = hits.entry(alt).or_default();
                *h += n;
                if *h >= DESCRIPTION_HITS {
                    candidates.push(alt);
                }
            }
            for &alt in self.by_name_word.get(*w).into_iter().flatten() {
                if self.names[alt].iter().all(|n| asked.contains(&n.as_str())) {
                    candidates.push(alt);
                }
            }
        }
        candidates.into_iter().min().map(|alt| self.entries[alt])
    }
}

/// The alternative entry a framework-free choice asks for, by its name or its description.
pub(super) fn asked_for(brain: &Brain, reading: &Reading) -> Option<EntryIx> {
    if reading.intent != Intent::Compare || !reading.frameworks.is_empty() {
        return None;
    }
    let asked: Vec<&str> = reading
        .words
        .iter()
        .zip(&reading.negated)
        .filter(|(w, &n)| !n && !brain.cues.stopwords.contains(w))
        .map(|(w, _)| w.as_str())
        .collect();
    brain.alternatives.first_asked_for(&asked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::read::read;
    use crate::engine::testing::brain;

    fn named(q: &str) -> Option<String> {
        let b = brain();
        asked_for(b, &read(b, &text::clean(q))).map(|i| b.knowledge().entries[i].id.to_string())
    }

    #[test]
    fn an_alternative_is_found_by_its_name_or_its_description() {
        assert!(named("JAX-style transforms: which framework?")
            .unwrap()
            .contains("jax"));
        assert!(
            named("functional transforms like DeepMind uses, which one?")
                .unwrap()
                .contains("jax")
        );
        assert_eq!(named("which is better for research teams?"), None);
        assert_eq!(
            named("TensorFlow or PyTorch with JAX-style transforms?"),
            None
        );
    }
}
