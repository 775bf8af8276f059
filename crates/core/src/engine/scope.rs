//! Scope: before any verdict, whether the question is about choosing between or knowing
//! TensorFlow and PyTorch (or the alternatives the sources name) at all.

use super::read::Reading;
use super::{text, topics, Brain};

/// Names of the alternatives the sources discuss: a choice involving them is in scope.
const ALTERNATIVES: &[&str] = &[
    "jax",
    "keras",
    "sklearn",
    "scikit",
    "onnx",
    "huggingface",
    "hugging",
    "mxnet",
    "caffe",
    "theano",
    "flax",
    "lightning",
    "openai",
    "xgboost",
    "lightgbm",
    "tflite",
    "litert",
    "executorch",
    "coreml",
    "triton",
    "torchserve",
    "mlx",
];

/// Words that join the two options of a choice.
const CHOICE_WORDS: &[&str] = &["or", "vs", "versus", "than", "o", "ou", "oder"];

/// Words that refer to the frameworks without naming them ("which one", "either of them").
const REFERENCES: &[&str] = &[
    "framework",
    "frameworks",
    "library",
    "libraries",
    "one",
    "ones",
    "either",
    "both",
    "them",
    "each",
    "these",
    "two",
    "lib",
    "libs",
];

/// Words beside "or" that are not an option of a choice ("this or that", "yes or no").
const NOT_AN_OPTION: &[&str] = &[
    "this",
    "that",
    "it",
    "not",
    "no",
    "yes",
    "other",
    "another",
    "something",
    "anything",
    "else",
    "neither",
    "which",
    "what",
    "whichever",
    "whatever",
];

/// Verbs that open an instruction rather than a question.
const INSTRUCTIONS: &[&str] = &[
    "write",
    "summarize",
    "summarise",
    "translate",
    "generate",
    "draw",
    "compose",
    "make",
    "create",
    "give",
    "list",
    "ignore",
    "pretend",
    "act",
    "say",
    "repeat",
    "sing",
];

/// Words of spam and promotions: with no framework or ML word, the text is not a question.
const SPAM: &[&str] = &[
    "click",
    "dm",
    "buy",
    "giveaway",
    "nitro",
    "followers",
    "subscribe",
    "promo",
    "claim",
    "discount",
    "casino",
    "crypto",
    "airdrop",
];

/// Words that make a question about machine learning even when no framework is named.
const ML_WORDS: &[&str] = &[
    "model",
    "models",
    "neural",
    "net",
    "nets",
    "network",
    "networks",
    "training",
    "train",
    "trained",
    "inference",
    "deep",
    "machine",
    "ml",
    "ai",
    "gpu",
    "gpus",
    "tpu",
    "tpus",
    "cuda",
    "dataset",
    "datasets",
    "tensor",
    "tensors",
    "llm",
    "llms",
    "transformer",
    "transformers",
    "keras",
    "jax",
    "onnx",
    "sklearn",
    "scikit",
    "finetune",
    "finetuning",
    "embedding",
    "embeddings",
    "classifier",
    "nlp",
    "cnn",
    "rnn",
    "lstm",
    "gradient",
    "gradients",
    "autograd",
    "backprop",
    "epoch",
    "epochs",
    "weights",
    "checkpoint",
    "checkpoints",
    "kaggle",
    "huggingface",
    "prediction",
    "predictions",
    "predict",
    "predictive",
    "forecast",
    "forecasting",
    "classification",
    "regression",
    "modelo",
    "modelos",
    "modele",
    "modeles",
    "modell",
    "modelle",
    "ki",
    "ia",
    "rede",
    "reseau",
];

/// Why a question is declined before anything is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OutOfScope {
    /// Nothing to read at all.
    Empty,
    /// A choice between two other technologies ("Angular or Svelte?").
    OtherTechnology,
    /// Neither the frameworks nor ML, and no choice asked ("any free app for photos?").
    NotAboutMl,
}

/// Words for a program a person uses rather than builds with: asked for with no framework or
/// ML word, they mean the question is about software in general.
const PRODUCTS: &[&str] = &[
    "app",
    "apps",
    "application",
    "software",
    "program",
    "programs",
    "tool",
    "tools",
    "website",
    "aplicacion",
    "aplicativo",
    "logiciel",
    "programm",
];

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
    if !reading.frameworks.is_empty() {
        return None;
    }
    let about_ml = names_the_field(reading);
    if other_choice(brain, reading, about_ml) || other_migration(brain, reading, about_ml) {
        return Some(OutOfScope::OtherTechnology);
    }
    if about_ml {
        return None;
    }
    if reading.words.iter().any(|w| SPAM.contains(&w.as_str())) {
        return Some(OutOfScope::NotAboutMl);
    }
    // An instruction that is not about the frameworks: "summarize the plot of Hamlet".
    let instruction = reading
        .words
        .first()
        .is_some_and(|w| INSTRUCTIONS.contains(&w.as_str()));
    if instruction && !topics::unplaced(brain, reading).is_empty() {
        return Some(OutOfScope::NotAboutMl);
    }
    // A choice asked about things the sources never mention, with no topic, framework or ML
    // word: "Qual é a melhor pizzaria de São Paulo?".
    let strong = reading.topics.iter().any(|t| t.strong);
    if reading.cue && !strong && !topics::unplaced(brain, reading).is_empty() {
        return Some(OutOfScope::NotAboutMl);
    }
    // Nothing names the frameworks or ML and nothing asks to choose between them, but it asks
    // for a program to use: "any free app to edit photos on my phone?" wants an app, not a
    // framework, whatever topic word it happens to name.
    if !reading.cue && asks_for_a_program(&reading.words) {
        return Some(OutOfScope::NotAboutMl);
    }
    // Nothing names the frameworks, refers to them or is about ML, nothing asks to choose, no
    // topic is named and no word the sources use says what it is about, generic cue words
    // aside: "FREE NITRO click here". ("mobile" or "What does TorchAO do?" stay in.)
    let strong = reading.topics.iter().any(|t| t.strong);
    if !reading.cue && !strong && specific_words(brain, reading) == 0 {
        return Some(OutOfScope::NotAboutMl);
    }
    None
}

/// "an app to edit photos", "a tool that tracks", "software for tracking": a program wanted for
/// what it does. ("for an Android app" is what is being built, and stays in.)
fn asks_for_a_program(words: &[String]) -> bool {
    words.windows(3).any(|w| {
        PRODUCTS.contains(&w[0].as_str())
            && (matches!(
                w[1].as_str(),
                "to" | "that" | "which" | "para" | "pour" | "um" | "zum"
            ) || (w[1] == "for" && w[2].ends_with("ing")))
    })
}

/// Content words the sources use that are not mere weak cues of a topic ("free", "app").
fn specific_words(brain: &Brain, reading: &Reading) -> usize {
    reading
        .content
        .iter()
        .filter(|(stem, w)| {
            *w >= 1.0 && {
                let found = brain.lexicon.topics(std::slice::from_ref(stem));
                found.is_empty() || found.iter().any(|t| t.strong)
            }
        })
        .count()
}

/// Whether a word refers to the frameworks without naming them ("which one", "either").
pub(super) fn refers_to_frameworks(words: &[String]) -> bool {
    words.iter().any(|w| REFERENCES.contains(&w.as_str()))
}

/// Whether a word names one of the alternatives the sources discuss.
pub(super) fn names_an_alternative(word: &str) -> bool {
    ALTERNATIVES.contains(&word)
}

/// Whether a word refers to the frameworks or is about machine learning.
fn names_the_field(reading: &Reading) -> bool {
    reading.words.iter().any(|w| {
        REFERENCES.contains(&w.as_str())
            || ML_WORDS.contains(&w.as_str())
            || ALTERNATIVES.contains(&w.as_str())
    }) || reading
        .words
        .windows(2)
        .any(|p| p[0] == "machine" && p[1] == "learning")
}

/// "Angular or Svelte", "Redis vs Memcached", "Is Netflix cheaper than Disney+", "RTX 4090 or
/// Radeon 7900": a choice whose two options are neither the frameworks, nor an alternative the
/// sources name, nor ML words (nor, in a question about ML, a topic word: "AWS or GCP for
/// training?").
fn other_choice(brain: &Brain, reading: &Reading, about_ml: bool) -> bool {
    let words = &reading.words;
    let option = |w: &&String| !matches!(w.as_str(), "a" | "an" | "the" | "my" | "our");
    words.iter().enumerate().any(|(i, w)| {
        if !CHOICE_WORDS.contains(&w.as_str()) || i == 0 {
            return false;
        }
        let before = words[..i].iter().rev().find(option);
        let after = words[i + 1..].iter().find(option);
        match (before, after) {
            (Some(a), Some(b)) => foreign(brain, a, about_ml) && foreign(brain, b, about_ml),
            _ => false,
        }
    })
}

/// "migrate from MySQL to Postgres": a move between two other technologies.
fn other_migration(brain: &Brain, reading: &Reading, about_ml: bool) -> bool {
    let w: Vec<&str> = reading
        .words
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "a" | "an" | "the" | "my" | "our"))
        .collect();
    w.windows(4).any(|q| {
        q[0] == "from"
            && matches!(q[2], "to" | "into")
            && foreign(brain, q[1], about_ml)
            && foreign(brain, q[3], about_ml)
    })
}

/// A word that is none of what versus compares.
fn foreign(brain: &Brain, word: &str, about_ml: bool) -> bool {
    if text::framework_of(word).is_some()
        || ALTERNATIVES.contains(&word)
        || ML_WORDS.contains(&word)
        || REFERENCES.contains(&word)
        || NOT_AN_OPTION.contains(&word)
    {
        return false;
    }
    let stem = brain.lexicon.stem(word);
    !about_ml || brain.lexicon.topics(std::slice::from_ref(&stem)).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::read::read;
    use crate::engine::testing::brain;

    fn judged(q: &str) -> Option<OutOfScope> {
        judge(brain(), &read(brain(), &text::clean(q)))
    }

    #[test]
    fn choices_between_other_technologies_are_out() {
        for q in [
            "Angular or Svelte for a dashboard?",
            "Redis or Memcached for my app?",
            "Is Netflix cheaper than Disney+?",
            "Kotlin vs Swift for my first phone app?",
        ] {
            assert_eq!(judged(q), Some(OutOfScope::OtherTechnology), "{q}");
        }
    }

    #[test]
    fn asking_for_an_app_with_no_framework_or_ml_word_is_out() {
        assert!(judged("any free app to edit photos on my phone?").is_some());
        assert!(judged("is there a free tool for tracking my workouts").is_some());
        assert!(judged("nicht für die Forschung, sondern für eine Android-App").is_none());
        assert!(judged("which is better for mobile apps?").is_none());
        assert!(judged("pytorch or tensorflow for an android app").is_none());
        assert!(judged("a tool to train a neural network on my phone?").is_none());
    }

    #[test]
    fn text_about_nothing_the_sources_cover_is_out() {
        assert_eq!(
            judged("FREE DISCORD NITRO click here"),
            Some(OutOfScope::NotAboutMl)
        );
        assert_eq!(judged("   "), Some(OutOfScope::Empty));
    }

    #[test]
    fn framework_questions_and_named_alternatives_are_in() {
        for q in [
            "TensorFlow or PyTorch for my guitar?",
            "Keras or JAX for research?",
            "Which framework should I use?",
            "mobile",
            "What does TorchAO do?",
            "which one for phones or the browser?",
        ] {
            assert_eq!(judged(q), None, "{q}");
        }
    }

    #[test]
    fn what_it_could_not_place_is_named() {
        let r = read(brain(), "TensorFlow or PyTorch for my guitar?");
        assert_eq!(topics::unplaced(brain(), &r), ["guitar"]);
    }
}
