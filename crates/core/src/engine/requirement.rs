//! A requirement the asker states, met by one framework's table cell and not the other's:
//! "Swift developer here, tf or pytorch?" is answered by the row whose TensorFlow cell says
//! "supports … Swift" and whose PyTorch cell does not, though that row names no winner.

use super::brain::Evidence;
use super::read::Reading;
use super::{Brain, Hit, TopicWeight};

/// A row that meets what the asker requires is as pointed as a stated pick: it answers this
/// very question, where a winner column answers the row's own.
const MET_WEIGHT: f32 = 3.0;
/// How many of the best hits are read for rows meeting a requirement: further down, a row
/// sharing a word with the question is chance, not an answer to it.
const READ_HITS: usize = 10;

/// The rows among the best hits that meet what the question asks for on one side only, as
/// evidence for that side. What it asks for is what named its topics ("Swift", "low-latency"),
/// not the rest of its words ("developer", "environment"), which rows share by chance.
pub(super) fn met(
    brain: &Brain,
    reading: &Reading,
    topics: &[TopicWeight],
    hits: &[Hit],
) -> Vec<Evidence> {
    let names_a_topic = |s: &str| {
        topics
            .iter()
            .any(|t| brain.topic_stems[t.topic].iter().any(|n| n == s))
    };
    let wanted: Vec<&str> = super::topics::subject_words(brain, reading)
        .map(|(_, s)| s.as_str())
        .filter(|s| names_a_topic(s))
        .collect();
    let wanted = brain.cells.asked(&wanted);
    if wanted.is_empty() {
        return Vec::new();
    }
    hits.iter()
        .take(READ_HITS)
        .filter_map(|h| {
            let side = brain.cells.met_by(h.entry, &wanted)?;
            Some(Evidence {
                entry: h.entry,
                fit: 1.0,
                weight: MET_WEIGHT,
                side,
                source: brain.entry_source[h.entry],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::engine::ask_with;
    use crate::engine::testing::brain_with;
    use crate::knowledge::{Side, Vocabulary};

    fn verdict(q: &str) -> Option<Side> {
        let b = brain_with(Vocabulary {
            situations: vec!["languages".to_string()],
            ..Vocabulary::default()
        });
        ask_with(&b, q).verdict
    }

    #[test]
    fn a_requirement_one_cell_alone_meets_decides_a_choice_on_a_topic_of_facts() {
        // Only TensorFlow's "Core Language" cell names Swift; only PyTorch's, low latency.
        assert_eq!(
            verdict("Swift developer here, tensorflow or pytorch?"),
            Some(Side::TensorFlow)
        );
        assert_eq!(
            verdict("which of the two can I use from swift?"),
            Some(Side::TensorFlow)
        );
        assert_eq!(
            verdict("C++ only, low-latency inference. tf or pytorch?"),
            Some(Side::PyTorch)
        );
    }

    #[test]
    fn a_requirement_both_cells_meet_or_a_fact_asked_gives_no_verdict() {
        // Both cells name C++: nothing tells the two apart.
        assert_eq!(verdict("C++ shop. tensorflow or pytorch?"), None);
        assert_eq!(verdict("what languages does pytorch support?"), None);
    }
}
