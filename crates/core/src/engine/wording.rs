//! Every English sentence a person reads in an answer comes from here, so the voice stays one
//! and a reviewer finds all of it in one place.

use crate::knowledge::Side;

use super::disagree::SourceValue;

/// What versus covers, for questions outside it.
pub(super) const OUT_OF_SCOPE: &str = "I only answer questions about choosing between or using TensorFlow and PyTorch (and the alternatives my sources name: JAX, scikit-learn, ONNX Runtime, Hugging Face, hosted model APIs). Type /help to see what you can ask.";

/// A question that names a choice between other technologies.
pub(super) const OTHER_TECHNOLOGY: &str = "That is a choice between other technologies; I only compare TensorFlow and PyTorch (and the alternatives my sources name). Type /help to see what you can ask.";

/// Text with no question or request about the frameworks in it.
pub(super) const NO_QUESTION: &str = "I didn't find a question in that. Ask me which of TensorFlow or PyTorch suits a use, or a fact about them; type /help to see how.";

/// The one line for a question declined on its face.
pub(super) fn out_of_scope(why: super::scope::OutOfScope) -> String {
    match why {
        super::scope::OutOfScope::Empty => NO_QUESTION,
        super::scope::OutOfScope::OtherTechnology => OTHER_TECHNOLOGY,
        super::scope::OutOfScope::NotAboutMl => OUT_OF_SCOPE,
    }
    .to_string()
}

/// What versus answers, said after every decline of a request it does not take.
const WHAT_I_ANSWER: &str = "I answer TensorFlow-or-PyTorch questions from five comparison articles: which suits a use, how they compare on something, or what the sources say about either. Type /help to see how.";

/// The reply to a question declined for its frame: what it was taken for, and what versus does.
pub(super) fn declined(frame: super::Frame) -> String {
    use super::{Frame, Help};
    let what = match frame {
        Frame::Help(Help::Code) => "That asks for code to be written, which my sources don't do.",
        Frame::Help(Help::Debugging) => "That asks for help with an error, which my sources don't cover.",
        Frame::Help(Help::Installation) => "That asks for help installing or setting up, which my sources don't cover.",
        Frame::Help(Help::Hardware) => "That asks which hardware to get, which my sources don't cover.",
        Frame::Help(Help::Theory) => "That asks for machine-learning theory, which my sources don't teach.",
        Frame::Help(Help::Papers) => "That asks for papers, which my sources don't list.",
        Frame::OtherTools => "That's a choice between other tools; my sources compare TensorFlow and PyTorch, and only name the others as alternatives.",
        Frame::Chatter => "That's not a question about TensorFlow or PyTorch.",
        _ => return OUT_OF_SCOPE.to_string(),
    };
    format!("{what} {WHAT_I_ANSWER}")
}

/// Nothing in the index matched.
pub(super) const NOTHING_MATCHES: &str = "Nothing in my sources matches that question.";

/// The ML words were there, but no source covers them.
pub(super) const NOT_COVERED: &str =
    "I only know what my sources say about TensorFlow and PyTorch, and they don't cover that.";

/// A framework question about something the sources don't place.
pub(super) fn uncovered(words: &[String]) -> String {
    format!(
        "My sources don't say how TensorFlow and PyTorch compare for {}, so I won't pick one. Ask about one of the topics below, or type /help.",
        quote_list(words)
    )
}

/// How much of an unplaced word a reply repeats: enough to recognise it, never a wall of text.
const MAX_NAMED_CHARS: usize = 40;

fn quote_list(words: &[String]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| {
            format!(
                "\"{}\"",
                w.chars().take(MAX_NAMED_CHARS).collect::<String>()
            )
        })
        .collect();
    match quoted.len() {
        0 => "that".to_string(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// How a dissenting source leans.
pub(super) fn lean(side: Side) -> &'static str {
    match side {
        Side::TensorFlow => "leans towards TensorFlow",
        Side::PyTorch => "leans towards PyTorch",
        Side::Tie => "calls them even",
        Side::Neither => "points to another tool altogether",
    }
}

/// One source voting against the verdict.
pub(super) fn dissent(title: &str, source: &str, side: Side) -> String {
    format!("{title} ({source}) {}.", lean(side))
}

/// Sources giving different figures for one fact (values newest first).
pub(super) fn different_figures(fact: &str, values: &[SourceValue]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|v| {
            let when = v
                .as_of
                .as_deref()
                .map(|d| format!(", as of {d}"))
                .unwrap_or_default();
            format!("{}{when}: {}", v.source, v.value)
        })
        .collect();
    format!(
        "Sources give different figures for {fact} (newest first): {}.",
        parts.join("; ")
    )
}

/// What a verdict says, given who voted for it.
pub(super) fn verdict(
    side: Option<Side>,
    label: &str,
    agreeing: usize,
    total: usize,
    alternative: Option<&str>,
) -> String {
    match side {
        None => format!(
            "My sources compare TensorFlow and PyTorch on {label} without naming a winner; here is what they say."
        ),
        Some(Side::Neither) => match alternative {
            Some(a) => format!(
                "Neither, for {label}: {agreeing} of {total} source(s) that speak to it point elsewhere — {a}."
            ),
            None => format!(
                "Neither, for {label}: {agreeing} of {total} source(s) that speak to it point to another tool."
            ),
        },
        Some(Side::Tie) => format!(
            "A tie on {label}: {agreeing} of {total} source(s) that speak to it call them even, and the rest don't settle it."
        ),
        Some(side) => format!(
            "{} for {label}: {agreeing} of {total} source(s) that speak to it favour {}.",
            side.display_name(),
            side.display_name()
        ),
    }
}

/// A verdict taken from a knowledge FAQ that asks the same question.
pub(super) fn faq_verdict(side: Option<Side>, label: &str) -> String {
    match side {
        Some(Side::Tie) => format!(
            "A tie on {label}: my sources answer this very question and call them roughly even."
        ),
        Some(Side::Neither) => format!(
            "Neither, for {label}: my sources answer this very question and point to another tool."
        ),
        Some(s) => format!(
            "{} for {label}: my sources answer this very question in its favour.",
            s.display_name()
        ),
        None => "My sources answer this very question:".to_string(),
    }
}

/// A choice asked in the terms of an alternative the sources name.
pub(super) fn alternative_instead(name: &str) -> String {
    format!("Neither: what you describe is what my sources recommend {name} for, rather than TensorFlow or PyTorch.")
}

/// An answer that leaves aside the topics the question put aside.
pub(super) fn leaving_aside(labels: &[&str], answer: &str) -> String {
    format!(
        "Leaving aside {}, as you asked: {answer}",
        labels.join(" and ")
    )
}

/// The overall verdict given when the question's own subject is not covered.
pub(super) fn overall_instead(text: &str) -> String {
    format!("My sources don't speak to that directly. Overall: {text}")
}

/// The lead of a factual answer.
pub(super) fn facts_about(label: Option<&str>) -> String {
    match label {
        Some(l) => format!("What my sources say about {l}:"),
        None => "What my sources say:".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncovered_names_every_word_it_could_not_place() {
        let s = uncovered(&["guitar".into(), "cuter".into()]);
        assert!(s.contains("\"guitar\" and \"cuter\""), "{s}");
        let long = uncovered(&["x".repeat(500)]);
        assert!(
            long.contains(&format!("\"{}\"", "x".repeat(MAX_NAMED_CHARS))),
            "{long}"
        );
        assert!(OUT_OF_SCOPE.contains("/help"));
        assert!(OTHER_TECHNOLOGY.contains("/help"));
    }
}
