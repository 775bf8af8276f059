//! Analysis paragraphs as passages, with the heading they sit under and the side they lean
//! to where they say it; paragraphs after a "failures we have seen" line as stories.

use versus_core::engine::text::sentences;
use versus_core::knowledge::{Body, Side};

use super::blocks::BlockKind;
use super::doc::{Doc, Use};
use super::sides::favoured;

/// Shortest paragraph kept as a passage: shorter ones are captions and asides.
const MIN_PASSAGE_CHARS: usize = 120;
/// Shortest paragraph kept as a story.
const MIN_STORY_CHARS: usize = 80;
/// How many blocks back a passage's heading may stand.
const HEADING_WINDOW: usize = 1;

/// Words in a line that introduce failure stories or pitfalls.
const STORY_MARKERS: &[&str] = &[
    "failures we have seen",
    "failure stories",
    "pitfalls",
    "lessons learned",
    "war stories",
    "mistakes we",
    "what went wrong",
];

fn is_prose(doc: &Doc, i: usize) -> bool {
    let b = &doc.blocks[i];
    doc.free(i)
        && b.kind == BlockKind::Paragraph
        && b.text.chars().count() >= MIN_PASSAGE_CHARS
        && sentences(&b.text).len() >= 2
}

/// The side a paragraph leans to: the one its verdict sentences agree on.
pub fn leaning(text: &str) -> Option<Side> {
    let sides: Vec<Side> = sentences(text).iter().filter_map(|s| favoured(s)).collect();
    match sides.first() {
        Some(first) if sides.iter().all(|s| s == first) => Some(*first),
        _ => None,
    }
}

/// Stories after their introducing line, then every remaining analysis paragraph.
pub fn extract(doc: &mut Doc) {
    for i in 0..doc.blocks.len() {
        let lower = doc.blocks[i].text.to_lowercase();
        if !doc.free(i) || !STORY_MARKERS.iter().any(|m| lower.contains(m)) {
            continue;
        }
        let mut j = i + 1;
        while j < doc.blocks.len() && doc.free(j) && doc.blocks[j].kind == BlockKind::Paragraph {
            let text = doc.blocks[j].text.clone();
            if sentences(&text).len() < 2 || text.chars().count() < MIN_STORY_CHARS {
                break;
            }
            let line = doc.blocks[j].line;
            let favours = leaning(&text);
            doc.add(Body::Story { text }, favours, line);
            doc.mark(j, Use::Quoted);
            j += 1;
        }
        if j > i + 1 {
            doc.mark(i, Use::Layout);
        }
    }
    for i in 0..doc.blocks.len() {
        if !is_prose(doc, i) {
            continue;
        }
        let heading = doc.heading_before(i, HEADING_WINDOW);
        let text = doc.blocks[i].text.clone();
        let line = doc.blocks[i].line;
        let favours = leaning(&text);
        doc.add(Body::Passage { heading, text }, favours, line);
        doc.mark(i, Use::Quoted);
    }
}

#[cfg(test)]
mod tests {
    use super::super::blocks::plain;
    use super::*;

    #[test]
    fn passages_stories_and_their_sides() {
        let long = "TensorFlow has a significant advantage in mobile and edge deployment through LiteRT. PyTorch offers experimental mobile support with a workflow to iOS.";
        let story = "Older codebases with tf.Session never fully migrated. Touching legacy code leads to silent bugs in graph mode.";
        let text = format!(
            "Mobile\n{long}\nFailures we have seen in migrations.\n{story}\nShort one. Two.\n"
        );
        let mut doc = Doc::new(plain(&text));
        extract(&mut doc);
        assert_eq!(doc.drafts.len(), 2);
        match &doc.drafts[1].body {
            Body::Passage { heading, .. } => assert_eq!(heading.as_deref(), Some("Mobile")),
            other => panic!("{other:?}"),
        }
        assert_eq!(doc.drafts[1].favours, Some(Side::TensorFlow));
        assert!(matches!(doc.drafts[0].body, Body::Story { .. }));
        assert!(doc.free(4));
    }
}
