//! Answer → what a person reads on a terminal: plain text (JSON is the types' own `Serialize`).
//! Discord's embeds are built from the same pieces in the `versus-discord` crate. Pure
//! functions; no I/O.

use std::fmt::Write;

use crate::engine::{Answer, Citation, Comparison, Disagreement};
use crate::knowledge::{Side, Source};
use crate::l10n::{self, Arg, Locale};

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

/// The verdict as a headline word in `locale` (the frameworks' names are the same in all).
pub fn headline_in(verdict: Option<Side>, locale: Locale) -> String {
    match (verdict, locale) {
        (_, Locale::En) | (Some(Side::TensorFlow | Side::PyTorch), _) => {
            verdict_headline(verdict).to_string()
        }
        (Some(Side::Tie), _) => l10n::text(locale, "headline-tie", &[]),
        (Some(Side::Neither), _) => l10n::text(locale, "headline-neither", &[]),
        (None, _) => l10n::text(locale, "headline-none", &[]),
    }
}

/// A date for people in `locale`: the stated date, or "undated" in its words.
pub fn date_in(as_of: Option<&str>, locale: Locale) -> String {
    match (as_of, locale) {
        (Some(d), _) => d.to_string(),
        (None, Locale::En) => date(None).to_string(),
        (None, _) => l10n::text(locale, "undated", &[]),
    }
}

/// The answer as terminal text, its own words in the answer's language (quotes as quoted).
pub fn answer_text(answer: &Answer) -> String {
    let locale = answer.language;
    let t = |id: &str, args: &[(&str, Arg<'_>)]| l10n::text(locale, id, args);
    let mut out = String::new();
    if !answer.answered {
        let _ = writeln!(out, "{}", answer.answer);
        let topics = answer.known_topics.join(", ");
        let _ = writeln!(out, "\n{}", t("cli-known", &[("topics", (&topics).into())]));
        let _ = writeln!(out, "{}", t("cli-try", &[]));
        return out;
    }
    if answer.parts.len() > 1 {
        for (i, part) in answer.parts.iter().enumerate() {
            let numbered = [
                ("number", Arg::Count(i + 1)),
                ("total", answer.parts.len().into()),
            ];
            let _ = writeln!(out, "{}", t("cli-part", &numbered));
            part_text(
                &mut out,
                locale,
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
        locale,
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
    locale: Locale,
    verdict: Option<Side>,
    topic_label: Option<&str>,
    answer: &str,
    disagreements: &[Disagreement],
    citations: &[Citation],
) {
    let t = |id: &str, args: &[(&str, Arg<'_>)]| l10n::text(locale, id, args);
    if verdict.is_some() {
        let overall = t("overall", &[]);
        let topic = topic_label.unwrap_or(&overall);
        let headline = headline_in(verdict, locale);
        let args = [("headline", (&headline).into()), ("topic", topic.into())];
        let _ = writeln!(out, "{}", t("cli-verdict", &args));
    }
    let _ = writeln!(out, "{answer}");
    for d in disagreements {
        let _ = writeln!(
            out,
            "{}",
            t("cli-disagree", &[("sentence", d.sentence().into())])
        );
    }
    let _ = writeln!(out);
    for (i, c) in citations.iter().enumerate() {
        let _ = writeln!(
            out,
            "[{}] {} ({}; {})\n    \"{}\"",
            i + 1,
            c.title,
            c.source,
            date_in(c.as_of.as_deref(), locale),
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
