//! The alternatives the sources name (JAX, scikit-learn, ONNX Runtime, Hugging Face): a choice
//! asked in their terms, not the frameworks', is answered "neither", pointing to them.

use crate::knowledge::Body;

use super::read::Reading;
use super::{text, Brain, Intent};

/// A word of an alternative's description is distinctive when it occurs at most this often in
/// the whole knowledge: "functional" and "transforms" are; "research" and "teams" are not.
const DISTINCTIVE_COUNT: u32 = 4;
/// Distinctive description words a question must share to be asking for that alternative.
const DESCRIPTION_HITS: usize = 2;

/// The alternative entry a framework-free choice asks for, by its name or its description.
pub(super) fn asked_for(brain: &Brain, reading: &Reading) -> Option<usize> {
    if reading.intent != Intent::Compare || !reading.frameworks.is_empty() {
        return None;
    }
    let k = brain.knowledge();
    let asked: Vec<&str> = reading
        .words
        .iter()
        .zip(&reading.negated)
        .filter(|(w, &n)| !n && !text::is_stopword(w))
        .map(|(w, _)| w.as_str())
        .collect();
    brain.alternatives.iter().find_map(|&i| {
        let Body::Alternative { name, best_for, .. } = &k.entries[i].body else {
            return None;
        };
        let name_words = text::words(name);
        let named =
            !name_words.is_empty() && name_words.iter().all(|w| asked.contains(&w.as_str()));
        let hits = text::words(best_for)
            .iter()
            .filter(|w| {
                !text::is_stopword(w)
                    && brain.lexicon.count(w) <= DISTINCTIVE_COUNT
                    && asked.contains(&w.as_str())
            })
            .count();
        (named || hits >= DESCRIPTION_HITS).then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::read::read;
    use crate::engine::testing::brain;

    fn named(q: &str) -> Option<String> {
        let b = brain();
        asked_for(b, &read(b, &text::clean(q))).map(|i| b.knowledge().entries[i].id.clone())
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
