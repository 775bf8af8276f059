//! Every row's label and cells, stemmed once when the brain is built: what tells which side
//! meets a requirement the asker names, and whether a question names a row's label.

use foldhash::HashMap;

use crate::knowledge::{enumerate, Body, EntryIx, Knowledge, Side};

use super::text::{self, Stopwords};
use super::Lexicon;

/// A word in more than this share of the rows' cells ("support", "model") says nothing about
/// which framework meets a requirement; the words that do ("Swift", "auto-scaling") are rare.
const MAX_ROW_SHARE: f32 = 0.05;
/// However few rows a knowledge base has, a word in this many cells is common.
const MIN_COMMON_ROWS: usize = 3;

/// A stem of some row's label or cell, numbered: rows hold numbers, not strings, so that a
/// knowledge base of a hundred thousand rows keeps its stems in a few megabytes.
pub(super) type StemId = u32;

/// Per row, the stems of its label and of each framework's cell; and how many rows hold each stem.
#[derive(Debug, Default)]
pub(super) struct Cells {
    rows: HashMap<EntryIx, RowStems>,
    ids: HashMap<String, StemId>,
    /// Per stem, how many rows' cells hold it.
    rows_with: Vec<u32>,
    common_from: u32,
}

/// One row's stems, each list sorted and without repeats.
#[derive(Debug)]
struct RowStems {
    label: Box<[StemId]>,
    tensorflow: Box<[StemId]>,
    pytorch: Box<[StemId]>,
    /// Whether the row names a winner (or its scores do): it has answered for itself.
    judged: bool,
}

impl Cells {
    /// Stems every row of `k` once, when the brain is built, `stopwords` left out.
    pub(super) fn new(k: &Knowledge, lexicon: &Lexicon, stopwords: &Stopwords) -> Cells {
        let mut cells = Cells::default();
        for (i, e) in enumerate(&k.entries) {
            let Body::Row(r) = &e.body else { continue };
            let mut text = |c: Option<&str>| cells.stem_ids(lexicon, stopwords, c.unwrap_or(""));
            let row = RowStems {
                label: text(Some(&r.feature)),
                tensorflow: text(r.tensorflow.text.as_deref()),
                pytorch: text(r.pytorch.text.as_deref()),
                judged: e.stance.is_some(),
            };
            let mut in_cells: Vec<StemId> = row
                .tensorflow
                .iter()
                .chain(&*row.pytorch)
                .copied()
                .collect();
            in_cells.sort_unstable();
            in_cells.dedup();
            for s in in_cells {
                cells.rows_with[s as usize] += 1;
            }
            cells.rows.insert(i, row);
        }
        let share = (cells.rows.len() as f32 * MAX_ROW_SHARE).ceil() as u32;
        cells.common_from = share.max(MIN_COMMON_ROWS as u32);
        cells
    }

    /// The numbers of `s`'s content stems, sorted, numbering stems not seen before.
    fn stem_ids(&mut self, lexicon: &Lexicon, stopwords: &Stopwords, s: &str) -> Box<[StemId]> {
        let mut out: Vec<StemId> = text::words(s)
            .iter()
            .filter(|w| !stopwords.contains(w) && text::framework_of(w).is_none())
            .map(|w| {
                let stem = lexicon.stem(w);
                let next = self.ids.len() as StemId;
                let id = *self.ids.entry(stem).or_insert(next);
                if id == next {
                    self.rows_with.push(0);
                }
                id
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out.into_boxed_slice()
    }

    /// The numbers of the question's stems that some row holds (the others can match none).
    pub(super) fn asked<S: AsRef<str>>(&self, stems: &[S]) -> Vec<StemId> {
        let mut out: Vec<StemId> = stems
            .iter()
            .filter_map(|s| self.ids.get(s.as_ref()).copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether `entry` is a row whose label the question (its [`Cells::asked`] stems) names,
    /// every word of it: "which has better enterprise support" names the row "Enterprise
    /// Support", whatever its cells hold.
    pub(super) fn label_named(&self, entry: EntryIx, asked: &[StemId]) -> bool {
        self.rows.get(&entry).is_some_and(|row| {
            !row.label.is_empty() && row.label.iter().all(|l| asked.binary_search(l).is_ok())
        })
    }

    /// The side whose cell alone holds one of the `wanted` stems, if exactly one side does. A
    /// row that names its winner has answered for itself: only a row describing both sides
    /// without judging is read for the asker's requirement.
    pub(super) fn met_by(&self, entry: EntryIx, wanted: &[StemId]) -> Option<Side> {
        let row = self.rows.get(&entry).filter(|r| !r.judged)?;
        let holds = |cell: &[StemId], s: &StemId| cell.binary_search(s).is_ok();
        let telling =
            |s: &&StemId| !holds(&row.label, s) && self.rows_with[**s as usize] < self.common_from;
        let only = |a: &[StemId], b: &[StemId]| {
            wanted
                .iter()
                .filter(telling)
                .any(|s| holds(a, s) && !holds(b, s))
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
