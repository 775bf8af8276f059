//! A requirement the asker states, met by one framework's table cell and not the other's:
//! "Swift developer here, tf or pytorch?" is answered by the row whose TensorFlow cell says
//! "supports … Swift" and whose PyTorch cell does not, though that row names no winner.

use foldhash::{HashMap, HashSet};

use crate::knowledge::{Body, Knowledge, Side};

use super::brain::Evidence;
use super::read::Reading;
use super::{text, Brain, Hit, Lexicon, TopicWeight};

/// A row that meets what the asker requires is as pointed as a stated pick: it answers this
/// very question, where a winner column answers the row's own.
const MET_WEIGHT: f32 = 3.0;
/// How many of the best hits are read for rows meeting a requirement: further down, a row
/// sharing a word with the question is chance, not an answer to it.
const READ_HITS: usize = 10;
/// A word in more than this share of the rows' cells ("support", "model") says nothing about
/// which framework meets a requirement; the words that do ("Swift", "auto-scaling") are rare.
const MAX_ROW_SHARE: f32 = 0.05;
/// However few rows a knowledge base has, a word in this many cells is common.
const MIN_COMMON_ROWS: usize = 3;

/// Per row, the stems of its label and of each framework's cell; and how many rows hold each stem.
#[derive(Debug, Default)]
pub(super) struct Cells {
    rows: HashMap<usize, RowStems>,
    rows_with: HashMap<String, usize>,
    common_from: usize,
}

#[derive(Debug)]
struct RowStems {
    label: HashSet<String>,
    tensorflow: HashSet<String>,
    pytorch: HashSet<String>,
}

impl Cells {
    /// Stems every row of `k` once, when the brain is built.
    pub(super) fn new(k: &Knowledge, lexicon: &Lexicon) -> Cells {
        let stems = |s: &str| -> HashSet<String> {
            text::words(s)
                .iter()
                .filter(|w| !text::is_stopword(w) && text::framework_of(w).is_none())
                .map(|w| lexicon.stem(w))
                .collect()
        };
        let mut cells = Cells::default();
        for (i, e) in k.entries.iter().enumerate() {
            // A row that names its winner has answered for itself; only a row that describes
            // both sides without judging is read for the asker's requirement.
            if e.stance.is_some() {
                continue;
            }
            let Body::Row(r) = &e.body else { continue };
            let (Some(tf), Some(pt)) = (&r.tensorflow.text, &r.pytorch.text) else {
                continue;
            };
            let row = RowStems {
                label: stems(&r.feature),
                tensorflow: stems(tf),
                pytorch: stems(pt),
            };
            for s in row.tensorflow.union(&row.pytorch) {
                *cells.rows_with.entry(s.clone()).or_default() += 1;
            }
            cells.rows.insert(i, row);
        }
        let share = (cells.rows.len() as f32 * MAX_ROW_SHARE).ceil() as usize;
        cells.common_from = share.max(MIN_COMMON_ROWS);
        cells
    }

    /// The side whose cell alone holds one of `wanted`'s stems, if exactly one side does.
    fn met_by(&self, entry: usize, wanted: &[&str]) -> Option<Side> {
        let row = self.rows.get(&entry)?;
        let telling = |s: &&&str| {
            !row.label.contains(**s)
                && self.rows_with.get(**s).copied().unwrap_or(0) < self.common_from
        };
        let only = |a: &HashSet<String>, b: &HashSet<String>| {
            wanted
                .iter()
                .filter(telling)
                .any(|s| a.contains(*s) && !b.contains(*s))
        };
        match (
            only(&row.tensorflow, &row.pytorch),
            only(&row.pytorch, &row.tensorflow),
        ) {
            (true, false) => Some(Side::TensorFlow),
            (false, true) => Some(Side::PyTorch),
            _ => None,
        }
    }
}

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
    let wanted: Vec<&str> = super::topics::subject_words(reading)
        .map(|(_, s)| s.as_str())
        .filter(|s| names_a_topic(s))
        .collect();
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
