//! Answer → what a person reads on a terminal: plain text (JSON is the types' own `Serialize`).
//! Discord's embeds are built from the same pieces in the `versus-discord` crate. Pure
//! functions; no I/O.

use std::fmt::Write;

use crate::engine::{Answer, Citation, Comparison, Disagreement};
use crate::knowledge::{Side, Source};

/// The verdict as a headline word.
pub fn verdict_headline(verdict: Option<Side>) -> &'static str {
    match verdict {
        Some(Side::TensorFlow) => "TensorFlow",
        Some(Side::PyTorch) => "PyTorch",
        Some(Side::Tie) => "Tie",
        Some(Side::Neither) => "Neither",
        None => "No verdict",
    }
}

/// A date for people: the stated date, or "undated".
pub fn date(as_of: Option<&str>) -> &str {
    as_of.unwrap_or("undated")
}

/// The answer as terminal text.
pub fn answer_text(answer: &Answer) -> String {
    let mut out = String::new();
    if !answer.answered {
        let _ = writeln!(out, "{}", answer.answer);
        let _ = writeln!(
            out,
            "\nI can answer about: {}.",
            answer.known_topics.join(", ")
        );
        let _ = writeln!(
            out,
            "Try: versus ask \"TensorFlow or PyTorch for mobile apps?\" or versus compare \"Mobile/Edge\""
        );
        return out;
    }
    if answer.parts.len() > 1 {
        for (i, part) in answer.parts.iter().enumerate() {
            let _ = writeln!(out, "Part {} of {}:", i + 1, answer.parts.len());
            part_text(
                &mut out,
                part.verdict,
                part.topic_label.as_deref(),
                &part.answer,
                &part.disagreements,
                &part.citations,
            );
        }
        return out;
    }
    part_text(
        &mut out,
        answer.verdict,
        answer.topic_label.as_deref(),
        &answer.answer,
        &answer.disagreements,
        &answer.citations,
    );
    out
}

/// One ask's verdict, reasoning, disagreements and numbered citations.
fn part_text(
    out: &mut String,
    verdict: Option<Side>,
    topic_label: Option<&str>,
    answer: &str,
    disagreements: &[Disagreement],
    citations: &[Citation],
) {
    if verdict.is_some() {
        let topic = topic_label.unwrap_or("overall");
        let _ = writeln!(out, "Verdict: {} ({topic})", verdict_headline(verdict));
    }
    let _ = writeln!(out, "{answer}");
    for d in disagreements {
        let _ = writeln!(out, "Where sources disagree: {d}");
    }
    let _ = writeln!(out);
    for (i, c) in citations.iter().enumerate() {
        let _ = writeln!(
            out,
            "[{}] {} ({}; {})\n    \"{}\"",
            i + 1,
            c.title,
            c.source,
            date(c.as_of.as_deref()),
            c.snippet
        );
    }
}

/// A comparison as terminal text: one block per source row.
pub fn comparison_text(c: &Comparison) -> String {
    let mut out = String::new();
    if c.rows.is_empty() {
        let _ = writeln!(out, "No comparison row matches \"{}\".", c.feature);
        if !c.suggestions.is_empty() {
            let _ = writeln!(
                out,
                "Try one of these features: {}.",
                c.suggestions.join(", ")
            );
        }
        return out;
    }
    let _ = writeln!(
        out,
        "{} — {} row(s) from the sources",
        c.matched.as_deref().unwrap_or(&c.feature),
        c.rows.len()
    );
    for r in &c.rows {
        let winner = r
            .winner
            .map(|w| format!("  (winner: {})", verdict_headline(Some(w))))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{} — {} ({}; {}){winner}\n  TensorFlow: {}\n  PyTorch:    {}",
            r.feature,
            r.title,
            r.source,
            date(r.as_of.as_deref()),
            r.tensorflow,
            r.pytorch
        );
        if let Some(n) = &r.note {
            let _ = writeln!(out, "  Note: {n}");
        }
    }
    out
}

/// The sources as terminal text.
pub fn sources_text(sources: &[Source]) -> String {
    let mut out = String::new();
    for s in sources {
        let publisher = s
            .publisher
            .as_deref()
            .map(|p| format!(", {p}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}  {}{publisher} ({})  [{}]",
            s.id,
            s.title,
            date(s.as_of.as_deref()),
            s.origin
        );
    }
    out
}
