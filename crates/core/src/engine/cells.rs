//! Every row's label and cells, stemmed once when the brain is built: what tells which side
//! meets a requirement the asker names, and whether a question names a row's label.

use foldhash::{HashMap, HashSet};

use crate::knowledge::{enumerate, Body, EntryIx, Knowledge, Side};

use super::{text, Lexicon};

/// A word in more than this share of the rows' cells ("support", "model") says nothing about
/// which framework meets a requirement; the words that do ("Swift", "auto-scaling") are rare.
const MAX_ROW_SHARE: f32 = 0.05;
/// However few rows a knowledge base has, a word in this many cells is common.
const MIN_COMMON_ROWS: usize = 3;

/// Per row, the stems of its label and of each framework's cell; and how many rows hold each stem.
#[derive(Debug, Default)]
pub(super) struct Cells {
    rows: HashMap<EntryIx, RowStems>,
    rows_with: HashMap<String, usize>,
    common_from: usize,
}

#[derive(Debug)]
struct RowStems {
    label: HashSet<String>,
    tensorflow: HashSet<String>,
    pytorch: HashSet<String>,
    /// Whether the row names a winner (or its scores do): it has answered for itself.
    judged: bool,
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
        for (i, e) in enumerate(&k.entries) {
            let Body::Row(r) = &e.body else { continue };
            let text = |c: &Option<String>| c.as_deref().map(stems).unwrap_or_default();
            let row = RowStems {
                label: stems(&r.feature),
                tensorflow: text(&r.tensorflow.text),
                pytorch: text(&r.pytorch.text),
                judged: e.stance.is_some(),
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

    /// Whether `entry` is a row whose label the question names, every word of it: "which has
    /// better enterprise support" names the row "Enterprise Support", whatever its cells hold.
    pub(super) fn label_named(&self, entry: EntryIx, stems: &[String]) -> bool {
        self.rows.get(&entry).is_some_and(|row| {
            !row.label.is_empty() && row.label.iter().all(|l| stems.iter().any(|s| s == l))
        })
    }

    /// The side whose cell alone holds one of `wanted`'s stems, if exactly one side does. A
    /// row that names its winner has answered for itself: only a row describing both sides
    /// without judging is read for the asker's requirement.
    pub(super) fn met_by(&self, entry: EntryIx, wanted: &[&str]) -> Option<Side> {
        let row = self.rows.get(&entry).filter(|r| !r.judged)?;
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
