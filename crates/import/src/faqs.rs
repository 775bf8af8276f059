//! Question-and-answer pairs: a heading or bold "Q:" line ending in "?" and the paragraph
//! after it, kept when the answer speaks of the frameworks (a "Need help deciding?" box
//! selling a consultation does not).

use versus_core::knowledge::Body;

use super::blocks::{Block, BlockKind};
use super::doc::{Doc, Use};
use super::sides::{favoured, mentioned, only_side};

/// Longest line read as a question; longer ones are prose that happens to ask something.
const MAX_QUESTION_CHARS: usize = 200;

/// The question a block asks, without a "Q:" marker.
fn question(text: &str) -> Option<&str> {
    let t = text.trim();
    let t = ["Q:", "Q.", "Question:"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .map(str::trim)
        .unwrap_or(t);
    let one_sentence = !t.contains(". ");
    (t.ends_with('?') && t.chars().count() <= MAX_QUESTION_CHARS && one_sentence).then_some(t)
}

/// The answer text of a block, without an "A:" marker.
fn answer(text: &str) -> &str {
    let t = text.trim();
    ["A:", "A.", "Answer:"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .map(str::trim)
        .unwrap_or(t)
}

/// Words of a heading that opens a section of questions and answers.
const FAQ_MARKERS: &[&str] = &[
    "faq",
    "frequently asked",
    "questions",
    "q&a",
    "q & a",
    "ask us",
];

/// Whether block `i` stands in an FAQ section: the nearest heading before it that is not itself
/// a question says so.
fn in_faq_section(doc: &Doc, i: usize) -> bool {
    doc.blocks[..i]
        .iter()
        .rev()
        .filter(|b| b.kind == BlockKind::Heading && !b.text.ends_with('?'))
        .map(|b| b.text.to_lowercase())
        .next()
        .is_some_and(|h| FAQ_MARKERS.iter().any(|m| h.contains(m)))
}

/// A block holding both a question and its answer: "Q: Is it? A: Yes." or, in an FAQ
/// section, "Is it? Yes, because …" (a bold question run into its answer).
fn split_pair(text: &str, in_section: bool) -> Option<(&str, &str)> {
    let t = text.trim();
    let marked = ["Q:", "Q.", "Question:"].iter().any(|m| t.starts_with(m));
    if !marked && !in_section {
        return None;
    }
    let at = t.find("? ")? + 1;
    let asked = question(&t[..at])?;
    let rest = answer(t[at..].trim());
    (!rest.is_empty() && question(rest).is_none()).then_some((asked, rest))
}

/// Finds every question followed by its answer.
pub fn extract(doc: &mut Doc) {
    for i in 0..doc.blocks.len() {
        if !doc.free(i) || doc.blocks[i].cells().is_some() {
            continue;
        }
        let in_section = in_faq_section(doc, i) || doc.blocks[i].kind == BlockKind::Question;
        if let Some((asked, answer)) = split_pair(&doc.blocks[i].text, in_section) {
            let speaks = in_section || !mentioned(answer).is_empty();
            if speaks {
                let favours = answer_side(answer);
                let body = Body::Faq {
                    question: asked.to_string(),
                    answer: answer.to_string(),
                };
                let line = doc.blocks[i].line;
                doc.add(body, favours, line);
                doc.mark(i, Use::Quoted);
                continue;
            }
        }
        question_then_answer(doc, i, in_section);
    }
}

/// A question block, then its answer in the block after: one paragraph or item (a second
/// paragraph is as often the article going on, a verdict after the last question, as more
/// of the answer).
fn question_then_answer(doc: &mut Doc, i: usize, in_section: bool) {
    let Some(asked) = question(&doc.blocks[i].text).map(str::to_string) else {
        return;
    };
    let Some(a) = doc.blocks.get(i + 1) else {
        return;
    };
    let kind_ok = matches!(a.kind, BlockKind::Paragraph | BlockKind::Item);
    let answer = answer(&a.text).to_string();
    if !doc.free(i + 1) || !kind_ok || answer.is_empty() || question(&answer).is_some() {
        return;
    }
    // An answer that names neither framework still answers a question that does, asked as a
    // heading or in an FAQ section ("Is TensorFlow dead?" / "No. …"); a "Need help deciding?"
    // box names neither.
    let marked = in_section || doc.blocks[i].kind != BlockKind::Paragraph;
    let speaks = !mentioned(&answer).is_empty() || (marked && !mentioned(&asked).is_empty());
    if !speaks {
        return;
    }
    let favours = answer_side(&answer);
    let line = doc.blocks[i].line;
    doc.add(
        Body::Faq {
            question: asked,
            answer,
        },
        favours,
        line,
    );
    doc.mark(i, Use::Quoted);
    doc.mark(i + 1, Use::Quoted);
}

/// The side an answer takes: a short first sentence naming one framework ("PyTorch for most
/// people."), else a verdict in one of its sentences.
fn answer_side(answer: &str) -> Option<versus_core::knowledge::Side> {
    /// A first sentence this short that names one framework is the answer's verdict.
    const SHORT_VERDICT_CHARS: usize = 40;
    let sentences = versus_core::engine::text::sentences(answer);
    let first = sentences.first()?;
    if first.chars().count() <= SHORT_VERDICT_CHARS {
        if let Some(side) = only_side(first) {
            return Some(side);
        }
    }
    let sides: Vec<_> = sentences.iter().filter_map(|s| favoured(s)).collect();
    match sides.first() {
        Some(s) if sides.iter().all(|x| x == s) => Some(*s),
        _ => None,
    }
}

/// The questions and answers of the page's `FAQPage` JSON-LD that the visible page does not
/// show, as blocks to read after the page's own (a question, then its answer), at the line of
/// the script that holds them.
pub fn ld_blocks(page: &scraper::Html, source: &str, visible: &[Block]) -> Vec<Block> {
    use super::metadata::{ld_is, ld_objects, ld_text};
    let line = source
        .find("FAQPage")
        .map_or(1, |at| source[..at].matches('\n').count() + 1);
    let shown: std::collections::HashSet<&str> = visible.iter().map(|b| b.text.as_str()).collect();
    let mut out = Vec::new();
    for faq in ld_objects(page).iter().filter(|v| ld_is(v, &["FAQPage"])) {
        let questions = match faq.get("mainEntity") {
            Some(serde_json::Value::Array(items)) => items.clone(),
            Some(one) => vec![one.clone()],
            None => Vec::new(),
        };
        for q in questions.iter().filter(|q| ld_is(q, &["Question"])) {
            let (Some(asked), Some(answer)) = (
                ld_text(q.get("name")),
                ld_text(q.get("acceptedAnswer").and_then(|a| a.get("text"))),
            ) else {
                continue;
            };
            if shown.contains(asked.as_str()) || shown.contains(answer.as_str()) {
                continue;
            }
            out.push(Block::new(line, asked, BlockKind::Question));
            out.push(Block::new(line, answer, BlockKind::Paragraph));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::blocks::plain;
    use super::*;
    use versus_core::knowledge::Side;

    #[test]
    fn questions_with_framework_answers_become_faqs() {
        let mut doc = Doc::new(plain(
            "Is TensorFlow dead?\nNo, but PyTorch has won the mindshare battle.\n\
             Need help deciding?\nBook a free consultation today.\n\
             Q: Which should I learn?\nA: PyTorch for most people. It is easier.\n",
        ));
        extract(&mut doc);
        let faqs: Vec<(String, String, Option<Side>)> = doc
            .drafts
            .iter()
            .map(|d| match &d.body {
                Body::Faq { question, answer } => (question.clone(), answer.clone(), d.favours),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(faqs.len(), 2, "{faqs:?}");
        assert_eq!(faqs[0].2, Some(Side::PyTorch));
        assert_eq!(faqs[1].0, "Which should I learn?");
        assert_eq!(faqs[1].1, "PyTorch for most people. It is easier.");
        assert!(doc.free(2));
    }
}
