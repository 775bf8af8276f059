//! Reading a question: corrected words, stems, the frameworks and topics it names, its intent.


use crate::knowledge::Side;

use super::*;


/// What the question was read as.
pub(super) struct Reading {
    pub(super) words: Vec<String>,
    pub(super) stems: Vec<String>,
    pub(super) frameworks: Vec<Side>,
    pub(super) topics: Vec<TopicMatch>,
    pub(super) intent: Intent,
    /// Whether a word asks to compare or choose ("which", "better", "or" between the two).
    pub(super) cue: bool,
    pub(super) content: Vec<(String, f32)>,
}

pub(super) fn read(brain: &Brain, cleaned: &str) -> Reading {
    let raw = text::words(cleaned);
    let lex = &brain.lexicon;
    let mut words = Vec::with_capacity(raw.len());
    for w in raw {
        let fixed = if text::framework_of(&w).is_some() || text::is_stopword(&w) {
            w
        } else {
            match lex.correct(&w) {
                Some(c) => c.to_string(),
                None => w,
            }
        };
        words.push(fixed);
    }
    let stems: Vec<String> = words.iter().map(|w| lex.stem(w)).collect();
    let mut frameworks = Vec::new();
    for w in &words {
        if let Some(side) = text::framework_of(w) {
            if !frameworks.contains(&side) {
                frameworks.push(side);
            }
        }
    }
    let topics = lex.topics(&stems);
    let (intent, cue) = intent_of(&words, &frameworks);
    let mut content: Vec<(String, f32)> = Vec::new();
    for (w, s) in words.iter().zip(&stems) {
        if text::is_stopword(w) || content.iter().any(|(c, _)| c == s) {
            continue;
        }
        let weight = if text::framework_of(w).is_some() {
            0.2
        } else {
            1.0
        };
        if lex.knows_stem(s) {
            content.push((s.clone(), weight));
        }
    }
    Reading {
        words,
        stems,
        frameworks,
        topics,
        intent,
        cue,
        content,
    }
}

pub(super) fn intent_of(words: &[String], frameworks: &[Side]) -> (Intent, bool) {
    const CUES: &[&str] = &[
        "which",
        "vs",
        "versus",
        "better",
        "best",
        "should",
        "recommend",
        "recommended",
        "choose",
        "choosing",
        "pick",
        "prefer",
        "preferred",
        "easier",
        "harder",
        "faster",
        "slower",
        "stronger",
        "weaker",
        "worse",
        "winner",
        "wins",
        "compare",
        "comparison",
        "over",
        "go",
        "suggest",
        "advice",
        "switch",
        "worth",
        "good",
        "bad",
        "ready",
        "suitable",
        "viable",
        "enough",
        "fit",
        "fits",
    ];
    const FACT_STARTERS: &[&str] = &[
        "what", "whats", "how", "who", "whom", "when", "where", "why", "does", "do", "did", "can",
        "could", "is", "are", "was", "were", "will", "has", "have", "tell", "list", "name",
        "explain", "define", "describe",
    ];
    let first = words.iter().find(|w| {
        !matches!(
            w.as_str(),
            "so" | "hey" | "hi" | "ok" | "and" | "but" | "also"
        )
    });
    let factual_start = first.is_some_and(|w| FACT_STARTERS.contains(&w.as_str()));
    // "What do most researchers use?" asks for a choice; "What license does PyTorch use?"
    // asks about one framework.
    let use_cue = frameworks.len() != 1
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "use" | "using" | "used"));
    let cue = words.iter().any(|w| CUES.contains(&w.as_str()))
        || (frameworks.len() == 2 && words.iter().any(|w| w == "or"))
        || use_cue;
    let intent = if factual_start && !cue {
        Intent::Fact
    } else {
        Intent::Compare
    };
    (intent, cue)
}

