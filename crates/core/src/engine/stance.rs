//! Which side an entry takes on each topic it is tagged with, read from its own sentences: a
//! passage that calls the frameworks even overall may still say "PyTorch has slightly better
//! NVIDIA GPU utilization", and on GPUs that sentence is its vote. And an entry tagged with a
//! topic far down its list votes on it only if its text speaks to it.

use foldhash::{HashMap, HashMapExt};

use crate::knowledge::{Body, Entry, Side, TopicIx, WordList};

use super::frame::Cues;
use super::{text, Lexicon};

/// Stems of words, computed once per distinct word while a brain is built.
pub(super) struct Stems<'a> {
    lexicon: &'a Lexicon,
    cache: HashMap<String, String>,
}

impl<'a> Stems<'a> {
    /// A cache over `lexicon`'s stemmer.
    pub(super) fn new(lexicon: &'a Lexicon) -> Stems<'a> {
        Stems {
            lexicon,
            cache: HashMap::new(),
        }
    }

    fn of(&mut self, words: &[String]) -> Vec<String> {
        words
            .iter()
            .map(|w| {
                if let Some(s) = self.cache.get(w) {
                    return s.clone();
                }
                let s = self.lexicon.stem(w);
                self.cache.insert(w.clone(), s.clone());
                s
            })
            .collect()
    }
}

/// The prose of an entry whose sentences can carry their own claims.
fn prose(entry: &Entry) -> Option<&str> {
    match &entry.body {
        Body::Passage { text, .. } | Body::Story { text } => Some(text),
        Body::Faq { answer, .. } => Some(answer),
        _ => None,
    }
}

/// The side one sentence takes: it names one framework and says it is better (or worse), in
/// words of the `favours` (or `against`) list of `faq/lexicon.toml`.
pub(super) fn sentence_side(cues: &Cues, words: &[String]) -> Option<Side> {
    let mut named = words.iter().filter_map(|w| cues.framework_of(w));
    let side = named.next()?;
    if named.any(|other| other != side) {
        return None;
    }
    let has = |list| cues.any_in(list, words);
    match (has(WordList::Favours), has(WordList::Against)) {
        (true, false) => Some(side),
        (false, true) => Some(match side {
            Side::TensorFlow => Side::PyTorch,
            _ => Side::TensorFlow,
        }),
        _ => None,
    }
}

/// Per topic an entry's text speaks to, the side its own sentences take on it, when one does.
pub(super) fn read_entry(
    cues: &Cues,
    stems: &mut Stems,
    entry: &Entry,
) -> (Vec<TopicIx>, HashMap<TopicIx, Side>) {
    let mut addressed = Vec::new();
    let mut sides = HashMap::new();
    let whole = entry.main_text();
    let sentences = match prose(entry) {
        Some(p) => text::sentences(p),
        None => vec![whole.as_str()],
    };
    for sentence in sentences {
        let words = text::words(sentence);
        let found = stems.lexicon.topics(&stems.of(&words));
        let side = if prose(entry).is_some() {
            sentence_side(cues, &words)
        } else {
            None
        };
        for t in found.iter().filter(|t| t.strong) {
            if !addressed.contains(&t.topic) {
                addressed.push(t.topic);
            }
            if let Some(s) = side {
                sides.entry(t.topic).or_insert(s);
            }
        }
    }
    if let Some(label) = entry.label() {
        for t in stems.lexicon.topics(&stems.of(&text::words(label))) {
            if t.strong && !addressed.contains(&t.topic) {
                addressed.push(t.topic);
            }
        }
    }
    (addressed, sides)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_naming_one_framework_as_better_takes_its_side() {
        let cues = &crate::engine::testing::brain().cues;
        let w = |s: &str| text::words(s);
        assert_eq!(
            sentence_side(
                cues,
                &w("PyTorch has slightly better NVIDIA GPU utilization.")
            ),
            Some(Side::PyTorch)
        );
        assert_eq!(
            sentence_side(cues, &w("TensorFlow has an edge on Google TPUs")),
            Some(Side::TensorFlow)
        );
        assert_eq!(
            sentence_side(cues, &w("TensorFlow is slower to start")),
            Some(Side::PyTorch)
        );
        assert_eq!(
            sentence_side(cues, &w("PyTorch is better than TensorFlow")),
            None
        );
        assert_eq!(
            sentence_side(cues, &w("Performance is roughly comparable.")),
            None
        );
    }

    #[test]
    fn the_favours_list_of_the_lexicon_decides_which_words_vote() {
        use crate::knowledge::{Knowledge, Vocabulary};
        let without_better = Vocabulary {
            words: vec![(WordList::Favours, "edge".to_string())],
            frameworks: vec![(Side::PyTorch, "pytorch".to_string())],
            ..Vocabulary::default()
        };
        let k = Knowledge::new(Vec::new(), Vec::new(), Vec::new(), String::new())
            .with_vocabulary(without_better);
        let cues = Cues::new(&k);
        let words = text::words("PyTorch has slightly better NVIDIA GPU utilization.");
        assert_eq!(sentence_side(&cues, &words), None);
        let words = text::words("PyTorch has an edge on GPUs");
        assert_eq!(sentence_side(&cues, &words), Some(Side::PyTorch));
    }
}
