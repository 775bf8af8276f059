//! Picks: "Choose X if/when…" lists and paragraphs, use-case cards (situation / side /
//! reason), verdict sentences ("PyTorch wins for research", "Choose PyTorch for research,
//! TensorFlow for production"), runs of one-line takeaways that each name one framework, and
//! "neither" lines that send the reader to named alternatives.

use versus_core::engine::text::sentences;
use versus_core::knowledge::{Body, Side};

use super::blocks::{is_short_label, BlockKind};
use super::doc::{Doc, Use};
use super::sides::{
    choose_heading, for_sides, labelled_side, named_first, only_side, side_line, verdict_sides,
};

/// A reason longer than this (or of several sentences) under a side is analysis, not a card.
const MAX_CARD_REASON_CHARS: usize = 200;
/// Fewest consecutive one-line takeaways that make a list of picks.
const MIN_TAKEAWAYS: usize = 3;
/// Shortest takeaway line: shorter ones are labels.
const MIN_TAKEAWAY_CHARS: usize = 30;
/// A verdict paragraph of at most this many sentences is one pick, qualifications and all.
const MAX_VERDICT_PARAGRAPH_SENTENCES: usize = 2;
/// Fewest items in an "A, B, or C" list that names alternatives.
const MIN_ALTERNATIVES: usize = 3;

fn pick(use_case: Option<&str>, side: Side, reason: &str, alternative: Option<&str>) -> Body {
    Body::Pick {
        use_case: use_case.map(str::to_string),
        pick: side,
        reason: reason.to_string(),
        alternative: alternative.map(str::to_string),
    }
}

/// "Choose X if:" followed by list items (one pick each) or a paragraph (one per sentence).
pub fn choose_lists(doc: &mut Doc) {
    for i in 0..doc.blocks.len() {
        if !doc.free(i) || doc.blocks[i].cells().is_some() {
            continue;
        }
        let Some(side) = choose_heading(&doc.blocks[i].text) else {
            continue;
        };
        let heading = doc.blocks[i].text.clone();
        let mut j = i + 1;
        while doc.free(j) && doc.blocks[j].kind == BlockKind::Item {
            let b = &doc.blocks[j];
            let use_case = is_short_label(&b.text).then_some(b.text.as_str());
            let body = pick(use_case, side, &b.text, None);
            let line = b.line;
            doc.add(body, None, line);
            doc.mark(j, Use::Quoted);
            j += 1;
        }
        if j > i + 1 {
            doc.mark(i, Use::Layout);
            continue;
        }
        let Some(b) = doc.blocks.get(i + 1) else {
            continue;
        };
        if !doc.free(i + 1) || b.kind != BlockKind::Paragraph || is_short_label(&b.text) {
            continue;
        }
        let (text, line) = (b.text.clone(), b.line);
        for s in sentences(&text) {
            doc.add(pick(Some(&heading), side, s, None), None, line);
        }
        doc.mark(i, Use::Quoted);
        doc.mark(i + 1, Use::Quoted);
    }
}

/// situation / side / short reason: a use-case card. A long reason under a side is an
/// analysis passage that favours it.
pub fn cards(doc: &mut Doc) {
    for i in 0..doc.blocks.len().saturating_sub(2) {
        if !(doc.free(i) && doc.free(i + 1) && doc.free(i + 2)) {
            continue;
        }
        let (label, marker, reason) = (&doc.blocks[i], &doc.blocks[i + 1], &doc.blocks[i + 2]);
        if !label.is_headingish()
            || label.text.ends_with('?')
            || side_line(&label.text).is_some()
            || !marker.is_headingish()
            || !reason.is_text()
            || side_line(&reason.text).is_some()
        {
            continue;
        }
        let Some(side) = side_line(&marker.text) else {
            continue;
        };
        let long = reason.text.chars().count() > MAX_CARD_REASON_CHARS
            || sentences(&reason.text).len() > 1;
        let (label_text, reason_text, line) =
            (label.text.clone(), reason.text.clone(), reason.line);
        if long {
            let body = Body::Passage {
                heading: Some(label_text),
                text: reason_text,
            };
            doc.add(body, Some(side), line);
        } else {
            doc.add(
                pick(Some(&label_text), side, &reason_text, None),
                None,
                line,
            );
        }
        doc.mark(i, Use::Quoted);
        doc.mark(i + 1, Use::Layout);
        doc.mark(i + 2, Use::Quoted);
    }
}

/// "Best for research: PyTorch" headings: the situation, the side, and the short line under
/// the heading as the reason (or the heading itself when nothing short follows).
pub fn labelled_cards(doc: &mut Doc) {
    for i in 0..doc.blocks.len() {
        let b = &doc.blocks[i];
        let item = b.kind == BlockKind::Item;
        if !doc.free(i) || !(b.is_headingish() || item) {
            continue;
        }
        let Some((label, side)) = labelled_side(&b.text) else {
            continue;
        };
        let (label, heading, line) = (label.to_string(), b.text.clone(), b.line);
        if item {
            // "Researchers → PyTorch": a list item is its own reason.
            doc.add(pick(Some(&label), side, &heading, None), None, line);
            doc.mark(i, Use::Quoted);
            continue;
        }
        let next: Option<String> = doc
            .blocks
            .get(i + 1)
            .filter(|n| {
                doc.free(i + 1)
                    && n.is_text()
                    && n.text.chars().count() <= MAX_CARD_REASON_CHARS
                    && side_line(&n.text).is_none()
                    && labelled_side(&n.text).is_none()
            })
            .map(|n| n.text.clone());
        let has_next = next.is_some();
        let reason = next.unwrap_or(heading);
        doc.add(pick(Some(&label), side, &reason, None), None, line);
        doc.mark(i, Use::Quoted);
        if has_next {
            doc.mark(i + 1, Use::Quoted);
        }
    }
}

/// Words of a heading over a list of verdicts ("Our verdict", "Recommendations", "Which
/// should you pick?", "The bottom line").
const VERDICT_HEADINGS: &[&str] = &[
    "verdict",
    "recommend",
    "our pick",
    "which should",
    "which one should",
    "which to choose",
    "bottom line",
    "tl;dr",
    "tldr",
    "conclusion",
    "summary",
    "takeaway",
    "final thoughts",
    "who should use",
    "when to use",
];

/// Whether block `i` sits under a heading that announces verdicts.
fn under_verdict_heading(doc: &Doc, i: usize) -> bool {
    doc.blocks[..i]
        .iter()
        .rev()
        .find(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.to_lowercase())
        .is_some_and(|h| VERDICT_HEADINGS.iter().any(|m| h.contains(m)))
}

/// The label a verdict item starts with ("Research: PyTorch, because …", "Startups — …").
fn item_label(text: &str) -> Option<&str> {
    [": ", " — ", " – ", " → "].iter().find_map(|sep| {
        let (label, _) = text.split_once(sep)?;
        let label = label.trim();
        (is_short_label(label) && side_line(label).is_none() && only_side(label).is_none())
            .then_some(label)
    })
}

/// Items of a verdict list (numbered or not, in a callout or under "Our verdict"), each naming
/// the side it picks: one framework named, or "X for …, Y for …" clauses.
pub fn verdict_lists(doc: &mut Doc) {
    for i in 0..doc.blocks.len() {
        let b = &doc.blocks[i];
        if !doc.free(i) || b.kind != BlockKind::Item || !under_verdict_heading(doc, i) {
            continue;
        }
        let text = b.text.clone();
        let sides = match for_sides(&text).as_slice() {
            [] => only_side(&text).into_iter().collect(),
            many => many.to_vec(),
        };
        if sides.is_empty() {
            continue;
        }
        let use_case = item_label(&text).map(str::to_string);
        let line = b.line;
        for side in sides {
            doc.add(pick(use_case.as_deref(), side, &text, None), None, line);
        }
        doc.mark(i, Use::Quoted);
    }
}

/// Labels that open a line saying what the framework of its section suits.
const BEST_FOR_LABELS: &[&str] = &[
    "best for",
    "ideal for",
    "great for",
    "good for",
    "perfect for",
    "choose it if",
    "choose it when",
    "use it if",
    "use it when",
    "pick it if",
    "pick it when",
    "who it's for",
    "who it’s for",
    "who should use it",
];
/// Longest heading read as naming its section's framework ("PyTorch: the research default").
const MAX_SIDE_HEADING_CHARS: usize = 60;

/// The side the section of block `i` is about: its nearest heading names one framework only.
fn section_side(doc: &Doc, i: usize) -> Option<(usize, Side)> {
    let at = doc.blocks[..i]
        .iter()
        .rposition(|b| b.kind == BlockKind::Heading)?;
    let heading = &doc.blocks[at].text;
    let short = heading.chars().count() <= MAX_SIDE_HEADING_CHARS;
    let side = short.then(|| side_line(heading).or_else(|| only_side(heading)))??;
    Some((at, side))
}

/// "Best for: production teams" in a framework's own section: a pick for it.
pub fn best_for_lines(doc: &mut Doc) {
    for i in 0..doc.blocks.len() {
        let b = &doc.blocks[i];
        if !doc.free(i) || !b.is_text() {
            continue;
        }
        let lower = b.text.to_lowercase();
        let labelled = BEST_FOR_LABELS.iter().any(|l| {
            lower.starts_with(l) && lower[l.len()..].trim_start().starts_with([':', '-', '—'])
        });
        if !labelled {
            continue;
        }
        let Some((heading, side)) = section_side(doc, i) else {
            continue;
        };
        let (text, line) = (b.text.clone(), b.line);
        doc.add(pick(None, side, &text, None), None, line);
        doc.mark(i, Use::Quoted);
        doc.mark(heading, Use::Layout);
    }
}

/// Phrases that open a part of the article about using neither framework.
const NEITHER_MARKERS: &[&str] = &[
    "wrong comparison",
    "neither side",
    "neither framework",
    "neither tensorflow",
    "instead of tensorflow or pytorch",
    "don't need tensorflow or pytorch",
    "do not need tensorflow or pytorch",
];

/// After a line saying the comparison may be the wrong one, each paragraph naming an
/// "A, B, or C" list of alternatives is a pick for neither.
pub fn neither(doc: &mut Doc) {
    for i in 0..doc.blocks.len() {
        let lower = doc.blocks[i].text.to_lowercase();
        if !doc.free(i) || !NEITHER_MARKERS.iter().any(|m| lower.contains(m)) {
            continue;
        }
        let mut found = false;
        for j in i + 1..doc.blocks.len() {
            let b = &doc.blocks[j];
            if b.cells().is_some() || !doc.free(j) {
                continue;
            }
            if !b.is_text() {
                break;
            }
            let Some(alt) = alternatives(&b.text) else {
                break;
            };
            let (text, line) = (b.text.clone(), b.line);
            doc.add(pick(None, Side::Neither, &text, Some(alt)), None, line);
            doc.mark(j, Use::Quoted);
            found = true;
        }
        if found {
            doc.mark(i, Use::Layout);
        }
    }
}

/// The first "A, B, or C" list of capitalised names in `text`, verbatim.
pub fn alternatives(text: &str) -> Option<&str> {
    let capital = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    for (or_at, _) in text
        .match_indices(", or ")
        .chain(text.match_indices(" or "))
    {
        let sep_len = if text[or_at..].starts_with(", or ") {
            5
        } else {
            4
        };
        let after = &text[or_at + sep_len..];
        let last_len: usize = {
            let mut len = 0;
            for w in after.split(' ') {
                let w_clean = w.trim_end_matches(['.', ',', ';', ':']);
                if !capital(w_clean) {
                    break;
                }
                len += if len == 0 {
                    w_clean.len()
                } else {
                    w_clean.len() + 1
                };
                if w_clean.len() != w.len() {
                    break;
                }
            }
            len
        };
        if last_len == 0 {
            continue;
        }
        let before = &text[..or_at];
        let items: Vec<&str> = before.split(", ").collect();
        let mut start = or_at;
        let mut count = 1;
        for (k, item) in items.iter().enumerate().rev() {
            let item_start = item.as_ptr() as usize - text.as_ptr() as usize;
            let words: Vec<&str> = item.split(' ').collect();
            let tail = words.iter().rev().take_while(|w| capital(w)).count();
            if tail == 0 {
                break;
            }
            count += 1;
            let skipped: usize = words[..words.len() - tail]
                .iter()
                .map(|w| w.len() + 1)
                .sum();
            start = item_start + skipped;
            if tail < words.len() || k == 0 {
                break;
            }
        }
        if count >= MIN_ALTERNATIVES {
            return Some(&text[start..or_at + sep_len + last_len]);
        }
    }
    None
}

/// Runs of one-sentence lines that each name one framework ("TensorFlow Lite provides the
/// most mature mobile pipeline.") read as a list of verdicts.
pub fn takeaways(doc: &mut Doc) {
    let is_takeaway = |doc: &Doc, i: usize| -> Option<Side> {
        let b = doc.blocks.get(i)?;
        let t = b.text.as_str();
        let ok = doc.free(i)
            && b.is_text()
            && t.ends_with('.')
            && t.chars().count() >= MIN_TAKEAWAY_CHARS
            && sentences(t).len() == 1;
        ok.then(|| only_side(t)).flatten()
    };
    let mut i = 0;
    while i < doc.blocks.len() {
        let run: Vec<(usize, Side)> = (i..doc.blocks.len())
            .map_while(|j| is_takeaway(doc, j).map(|s| (j, s)))
            .collect();
        if run.len() >= MIN_TAKEAWAYS {
            for &(j, side) in &run {
                let (text, line) = (doc.blocks[j].text.clone(), doc.blocks[j].line);
                doc.add(pick(None, side, &text, None), None, line);
                doc.mark(j, Use::Quoted);
            }
        }
        i += run.len().max(1);
    }
}

/// Sentence openings that carry the sentence before on ("It's easier to learn…").
const CONTINUATIONS: &[&str] = &["It ", "It's ", "It’s ", "Its "];

/// Verdict sentences in prose. Returns the blocks that gave a pick; they stay free so that a
/// paragraph can be a passage too.
pub fn verdict_sentences(doc: &mut Doc) -> Vec<usize> {
    let mut used = Vec::new();
    for i in 0..doc.blocks.len() {
        let b = &doc.blocks[i];
        let prose = match b.kind {
            BlockKind::Item => true,
            BlockKind::Paragraph => !is_short_label(&b.text),
            _ => false,
        };
        if !doc.free(i) || !prose {
            continue;
        }
        let (text, line) = (b.text.clone(), b.line);
        let picks = paragraph_picks(&text);
        if picks.is_empty() {
            continue;
        }
        // A line that is all verdict is a pick only; one with more in it can be a passage too.
        let all_picked = sentences(&text).iter().all(|s| {
            let s = unlabelled(s);
            picks.iter().any(|(_, r)| r.contains(s) || s.contains(r))
        });
        for (side, reason) in picks {
            doc.add(pick(None, side, reason, None), None, line);
        }
        if all_picked {
            doc.mark(i, Use::Quoted);
        } else {
            used.push(i);
        }
    }
    used
}

/// Labels a verdict line may start with; the reason is what follows.
const VERDICT_LABELS: &[&str] = &[
    "Verdict:",
    "Our verdict:",
    "Bottom line:",
    "The bottom line:",
    "The verdict:",
    "TL;DR:",
    "Our pick:",
    "Pick:",
    "Winner:",
    "The winner:",
    "Recommendation:",
    "Our recommendation:",
    "Best choice:",
    "Short answer:",
];

/// `text` without a leading "Verdict:" label.
fn unlabelled(text: &str) -> &str {
    VERDICT_LABELS
        .iter()
        .find_map(|l| text.strip_prefix(l))
        .map(str::trim_start)
        .filter(|rest| !rest.is_empty())
        .unwrap_or(text)
}

/// The picks one paragraph makes, each with its verbatim reason.
fn paragraph_picks(text: &str) -> Vec<(Side, &str)> {
    // "Verdict: TensorFlow for steady serving; PyTorch for the rest.": a labelled verdict of
    // "X for …" clauses gives each side it names.
    let rest = unlabelled(text);
    if rest.len() < text.len() {
        let mut sides = for_sides(rest);
        if sides.is_empty() {
            // "Our pick: PyTorch, for the detection ecosystem.", "Winner: Tie. Both are big."
            let first = sentences(rest).first().and_then(|s| side_line(s));
            sides.extend(named_first(rest).or(first));
        }
        if !sides.is_empty() {
            return sides.into_iter().map(|s| (s, rest)).collect();
        }
    }
    let all = sentences(text);
    let span = |from: &str, to: &str| {
        let start = from.as_ptr() as usize - text.as_ptr() as usize;
        let end = to.as_ptr() as usize - text.as_ptr() as usize + to.len();
        &text[start..end]
    };
    let before_question: Vec<&str> = all
        .iter()
        .take_while(|s| !s.ends_with('?'))
        .copied()
        .collect();
    // A short verdict paragraph is one pick: "PyTorch wins for research. TensorFlow remains
    // strong for production."
    if let (Some(first), Some(last)) = (before_question.first(), before_question.last()) {
        let qualifies = before_question[1..]
            .iter()
            .all(|s| verdict_sides(s).is_empty());
        if before_question.len() <= MAX_VERDICT_PARAGRAPH_SENTENCES && qualifies {
            if let [side] = verdict_sides(first).as_slice() {
                return vec![(*side, unlabelled(span(first, last)))];
            }
        }
    }
    let mut out = Vec::new();
    for (k, s) in all.iter().enumerate() {
        let sides = verdict_sides(s);
        if sides.is_empty() {
            continue;
        }
        let mut last = *s;
        for next in &all[k + 1..] {
            if !CONTINUATIONS.iter().any(|c| next.starts_with(c)) {
                break;
            }
            last = next;
        }
        let reason = unlabelled(span(s, last));
        for side in sides {
            out.push((side, reason));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::blocks::plain;
    use super::*;

    fn picks(doc: &Doc) -> Vec<(Option<String>, Side, String)> {
        doc.drafts
            .iter()
            .filter_map(|d| match &d.body {
                Body::Pick {
                    use_case,
                    pick,
                    reason,
                    ..
                } => Some((use_case.clone(), *pick, reason.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn choose_headings_with_items_or_a_paragraph() {
        let mut doc = Doc::new(plain(
            "Choose PyTorch when...\n• Rapid prototyping\n• Research\nChoose TensorFlow if:\nWe recommend it for phones. It runs on Android.\n",
        ));
        choose_lists(&mut doc);
        let p = picks(&doc);
        assert_eq!(p.len(), 4);
        assert_eq!(
            p[0],
            (
                Some("Rapid prototyping".into()),
                Side::PyTorch,
                "Rapid prototyping".into()
            )
        );
        assert_eq!(
            p[3],
            (
                Some("Choose TensorFlow if:".into()),
                Side::TensorFlow,
                "It runs on Android.".into()
            )
        );
    }

    #[test]
    fn cards_and_side_passages() {
        let mut doc = Doc::new(plain(
            "Browser-based ML\nTensorFlow\nTensorFlow.js is the only mature option\nProduction\nEither (or both)\nTrain in PyTorch, deploy anywhere\n",
        ));
        cards(&mut doc);
        let p = picks(&doc);
        assert_eq!(p[0].1, Side::TensorFlow);
        assert_eq!(p[1].1, Side::Tie);
        assert_eq!(p[1].0.as_deref(), Some("Production"));
    }

    #[test]
    fn verdict_paragraphs_and_sentences() {
        assert_eq!(
            paragraph_picks("PyTorch wins for research. TensorFlow remains strong for production. Need help? Call."),
            [(Side::PyTorch, "PyTorch wins for research. TensorFlow remains strong for production.")]
        );
        let p = paragraph_picks("Intro here. For most people, PyTorch is the recommended choice. It's easier. TensorFlow remains the better choice for browsers.");
        assert_eq!(
            p[0],
            (
                Side::PyTorch,
                "For most people, PyTorch is the recommended choice. It's easier."
            )
        );
        assert_eq!(p[1].0, Side::TensorFlow);
        let two = paragraph_picks(
            "Both are fine. Choose PyTorch for research, TensorFlow for production. Done.",
        );
        assert_eq!(two.len(), 2);
    }

    #[test]
    fn labelled_card_headings() {
        let mut doc = Doc::new(plain(
            "Best for research: PyTorch\nPapers ship PyTorch code\nMobile apps — TensorFlow\n",
        ));
        labelled_cards(&mut doc);
        let p = picks(&doc);
        assert_eq!(
            p[0],
            (
                Some("Best for research".into()),
                Side::PyTorch,
                "Papers ship PyTorch code".into()
            )
        );
        assert_eq!(
            p[1],
            (
                Some("Mobile apps".into()),
                Side::TensorFlow,
                "Mobile apps — TensorFlow".into()
            )
        );
    }

    #[test]
    fn neither_lines_name_their_alternatives() {
        assert_eq!(
            alternatives("Serve a hosted model via OpenAI, Anthropic, Hugging Face Inference, or Replicate. Then go."),
            Some("OpenAI, Anthropic, Hugging Face Inference, or Replicate")
        );
        assert_eq!(
            alternatives("Scikit-learn, XGBoost, or LightGBM ship tabular models."),
            Some("Scikit-learn, XGBoost, or LightGBM")
        );
        assert_eq!(alternatives("Use TF or PyTorch."), None);
        let mut doc = Doc::new(plain(
            "This is the wrong comparison.\nScikit-learn, XGBoost, or LightGBM ship tabular models faster.\nOur team can help.\n",
        ));
        neither(&mut doc);
        assert_eq!(picks(&doc).len(), 1);
        assert!(doc.free(2));
    }

    #[test]
    fn takeaway_runs() {
        let mut doc = Doc::new(plain(
            "PyTorch is the standard in ML research today.\nTensorFlow Lite provides the most mature mobile pipeline.\nTensorFlow Extended provides a full pipeline for production.\n",
        ));
        takeaways(&mut doc);
        assert_eq!(picks(&doc).len(), 3);
    }
}
