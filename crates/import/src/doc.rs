//! The article being imported: its blocks, which of them an extractor has placed, and the
//! entries drafted from them so far.

use std::collections::HashSet;

use versus_core::knowledge::{Body, Kind, Side};

use super::blocks::Block;

/// An entry drafted from the article, before it has an id and topics.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The quoted content.
    pub body: Body,
    /// `favours` for a faq, passage or story (a row's winner and a pick's side are in the body).
    pub favours: Option<Side>,
    /// Line of the block it was drafted from.
    pub line: usize,
}

impl Draft {
    /// The draft's kind.
    pub fn kind(&self) -> Kind {
        self.body.kind()
    }
}

/// How a block was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Not yet placed.
    Free,
    /// Quoted in an entry, or used as its heading, label or table name.
    Quoted,
    /// Layout only: a table header, a column heading, a side marker.
    Layout,
    /// A verbatim repeat of text placed elsewhere.
    Repeat,
    /// Read for the title, publisher or date.
    Metadata,
    /// Page furniture in a text or markdown article (a newsletter plug, a share line).
    Furniture,
}

/// The blocks, their use, and the drafts.
#[derive(Debug)]
pub struct Doc {
    /// The article's blocks in order.
    pub blocks: Vec<Block>,
    /// How each block was used.
    pub uses: Vec<Use>,
    /// Entries drafted so far, in the order found.
    pub drafts: Vec<Draft>,
    /// The label and both cells of every row drafted, to find a table printed twice.
    rows: HashSet<RowKey>,
}

/// What makes two rows the same row: the label and both cells as printed.
pub type RowKey = (String, Option<String>, Option<String>);

/// The key of a row body (None for other kinds).
pub fn row_key(body: &Body) -> Option<RowKey> {
    match body {
        Body::Row(row) => Some((
            row.feature.clone(),
            row.tensorflow.printed(),
            row.pytorch.printed(),
        )),
        _ => None,
    }
}

impl Doc {
    /// A document of `blocks`, none placed.
    pub fn new(blocks: Vec<Block>) -> Doc {
        let uses = vec![Use::Free; blocks.len()];
        Doc {
            blocks,
            uses,
            drafts: Vec::new(),
            rows: HashSet::new(),
        }
    }

    /// Whether block `i` is still free.
    pub fn free(&self, i: usize) -> bool {
        self.uses.get(i) == Some(&Use::Free)
    }

    /// Marks block `i` as used so.
    pub fn mark(&mut self, i: usize, how: Use) {
        if let Some(u) = self.uses.get_mut(i) {
            if *u == Use::Free {
                *u = how;
            }
        }
    }

    /// Whether a row with this key is drafted already.
    pub fn has_row(&self, key: &RowKey) -> bool {
        self.rows.contains(key)
    }

    /// Adds a draft.
    pub fn add(&mut self, body: Body, favours: Option<Side>, line: usize) {
        if let Some(key) = row_key(&body) {
            self.rows.insert(key);
        }
        self.drafts.push(Draft {
            body,
            favours,
            line,
        });
    }

    /// The nearest heading before block `i` within `window` blocks, if still unused or used
    /// only as a heading; marks it quoted.
    pub fn heading_before(&mut self, i: usize, window: usize) -> Option<String> {
        let from = i.saturating_sub(window);
        for j in (from..i).rev() {
            let b = &self.blocks[j];
            if b.is_headingish() && matches!(self.uses[j], Use::Free | Use::Quoted) {
                if b.text.ends_with('?') || super::sides::side_line(&b.text).is_some() {
                    continue;
                }
                let text = b.text.clone();
                self.mark(j, Use::Quoted);
                return Some(text);
            }
        }
        None
    }
}
