//! Scope: before any verdict, whether the question is about choosing between or knowing
//! TensorFlow and PyTorch (or the alternatives the sources name) at all.

use super::read::Reading;
use super::{text, Brain};

/// Names of the alternatives the sources discuss: a choice involving them is in scope.
const ALTERNATIVES: &[&str] = &[
    "jax", "keras", "sklearn", "scikit", "onnx", "huggingface", "hugging", "mxnet", "caffe",
    "theano", "flax", "lightning", "openai", "api", "apis", "xgboost", "lightgbm", "tflite",
    "litert", "executorch", "coreml", "triton", "torchserve", "mlx",
];

/// Words that join the two options of a choice.
const CHOICE_WORDS: &[&str] = &["or", "vs", "versus", "o", "ou", "oder"];

/// Why a question is declined before anything is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OutOfScope {
    /// Nothing to read at all.
    Empty,
    /// A choice between two other technologies ("Angular or Svelte?").
    OtherTechnology,
}

/// Whether the question is out of scope on its face.
pub(super) fn judge(brain: &Brain, reading: &Reading) -> Option<OutOfScope> {
    let content = reading
        .words
        .iter()
        .filter(|w| !text::is_stopword(w))
        .count();
    if content == 0 && reading.frameworks.is_empty() && !reading.cue {
        return Some(OutOfScope::Empty);
    }
    if reading.frameworks.is_empty() && other_choice(brain, reading) {
        return Some(OutOfScope::OtherTechnology);
    }
    None
}

/// "Angular or Svelte", "Redis vs Memcached": a choice whose two options are neither the
/// frameworks, nor an alternative the sources name, nor a topic word ("mobile or web").
fn other_choice(brain: &Brain, reading: &Reading) -> bool {
    let words = &reading.words;
    words.iter().enumerate().any(|(i, w)| {
        if !CHOICE_WORDS.contains(&w.as_str()) || i == 0 {
            return false;
        }
        let before = words[..i].iter().rev().find(|w| !text::is_stopword(w));
        let after = words[i + 1..].iter().find(|w| !text::is_stopword(w));
        match (before, after) {
            (Some(a), Some(b)) => foreign(brain, a) && foreign(brain, b),
            _ => false,
        }
    })
}

/// A word that names none of what versus knows about.
fn foreign(brain: &Brain, word: &str) -> bool {
    if text::framework_of(word).is_some() || ALTERNATIVES.contains(&word) {
        return false;
    }
    let stem = brain.lexicon.stem(word);
    brain.lexicon.topics(std::slice::from_ref(&stem)).is_empty()
}

/// Content words of the question that nothing in the knowledge knows: what it could not place.
pub(super) fn unplaced(brain: &Brain, reading: &Reading) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for ((w, s), &n) in reading
        .words
        .iter()
        .zip(&reading.stems)
        .zip(&reading.negated)
    {
        if n || text::is_stopword(w) || text::framework_of(w).is_some() {
            continue;
        }
        if !brain.lexicon.knows_stem(s) && !out.contains(w) {
            out.push(w.chars().take(MAX_NAMED_CHARS).collect());
        }
    }
    out
}

/// How much of an unplaced word a reply repeats: enough to recognise it, never a wall of text.
const MAX_NAMED_CHARS: usize = 40;
