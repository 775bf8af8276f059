//! Which side an entry takes on each topic it is tagged with, read from its own sentences: a
//! passage that calls the frameworks even overall may still say "PyTorch has slightly better
//! NVIDIA GPU utilization", and on GPUs that sentence is its vote. And an entry tagged with a
//! topic far down its list votes on it only if its text speaks to it.

use foldhash::{HashMap, HashMapExt};

use crate::knowledge::{Body, Entry, Side, TopicIx};

use super::{text, Lexicon};

/// Words that make a sentence naming one framework a claim in its favour.
const FAVOURS: &[&str] = &[
    "better",
    "edge",
    "advantage",
    "faster",
    "wins",
    "leads",
    "stronger",
    "superior",
    "dominates",
    "preferred",
    "easier",
];
/// Words that turn such a sentence against the framework it names.
const AGAINST: &[&str] = &["worse", "slower", "lags", "behind", "weaker", "harder"];

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

/// The side one sentence takes: it names one framework and says it is better (or worse).
pub(super) fn sentence_side(words: &[String]) -> Option<Side> {
    let mut named = words.iter().filter_map(|w| text::framework_of(w));
    let side = named.next()?;
    if named.any(|other| other != side) {
        return None;
    }
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    match (has(FAVOURS), has(AGAINST)) {
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
            sentence_side(&words)
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
        let w = |s: &str| text::words(s);
        assert_eq!(
            sentence_side(&w("PyTorch has slightly better NVIDIA GPU utilization.")),
            Some(Side::PyTorch)
        );
        assert_eq!(
            sentence_side(&w("TensorFlow has an edge on Google TPUs")),
            Some(Side::TensorFlow)
        );
        assert_eq!(
            sentence_side(&w("TensorFlow is slower to start")),
            Some(Side::PyTorch)
        );
        assert_eq!(sentence_side(&w("PyTorch is better than TensorFlow")), None);
        assert_eq!(
            sentence_side(&w("Performance is roughly comparable.")),
            None
        );
    }
}
