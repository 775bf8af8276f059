//! Question-and-answer pairs: a heading or bold "Q:" line ending in "?" and the paragraph
//! after it, kept when the answer speaks of the frameworks (a "Need help deciding?" box
//! selling a consultation does not).

use versus_core::knowledge::Body;

use super::blocks::BlockKind;
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

/// Finds every question followed by its answer.
pub fn extract(doc: &mut Doc) {
    for i in 0..doc.blocks.len().saturating_sub(1) {
        if !doc.free(i) || !doc.free(i + 1) {
            continue;
        }
        let (q, a) = (&doc.blocks[i], &doc.blocks[i + 1]);
        if q.cells().is_some() || a.kind != BlockKind::Paragraph && a.kind != BlockKind::Item {
            continue;
        }
        let Some(asked) = question(&q.text) else {
            continue;
        };
        let answer = answer(&a.text);
        if question(answer).is_some() || answer.is_empty() || mentioned(answer).is_empty() {
            continue;
        }
        let favours = answer_side(answer);
        let (question, answer, line) = (asked.to_string(), answer.to_string(), q.line);
        doc.add(Body::Faq { question, answer }, favours, line);
        doc.mark(i, Use::Quoted);
        doc.mark(i + 1, Use::Quoted);
    }
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
