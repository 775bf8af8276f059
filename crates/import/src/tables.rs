//! Comparison tables in every layout the articles use: pipe and HTML tables (with Winner,
//! Source and "Why" lines), the pipe-less runs ("Feature TensorFlow PyTorch" then one line per
//! cell), label/value lists under each framework's name, and the third-option and migration
//! tables. One `[[row]]` per table line, both cells verbatim, scores split out.

use versus_core::knowledge::{Body, Cell, Row, Side};

use super::blocks::{is_short_label, BlockKind};
use super::doc::{Doc, Use};
use super::sides::{column_side, leading_side, side_line};

/// How many blocks back a table's heading may stand (an intro line may sit between).
pub(crate) const TABLE_HEADING_WINDOW: usize = 3;
/// The `table` of rows whose table has no heading or label-column name (the name is ours).
pub(crate) const DEFAULT_TABLE_NAME: &str = "Comparison";
/// Fewest rows that make a run of lines a table rather than a coincidence.
pub(crate) const MIN_RUN_ROWS: usize = 2;

/// A score printed at the start of a cell, and how it compares.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Score {
    /// ★ count.
    Stars(usize),
    /// n out of d.
    Ratio(f64),
    /// ✅ 2, ⚠️ 1, ❌ 0.
    Mark(u8),
}

/// Splits a cell into its leading score ("★★★★☆", "9/10", "✅") and the text after it.
pub fn split_score(cell: &str) -> (Option<String>, Option<String>) {
    let (score, rest) = match score_prefix(cell) {
        Some((_, len)) => (Some(cell[..len].trim().to_string()), cell[len..].trim()),
        None => (None, cell.trim()),
    };
    let text = (!rest.is_empty()).then(|| rest.to_string());
    (score, text)
}

fn score_prefix(cell: &str) -> Option<(Score, usize)> {
    let stars: usize = cell
        .char_indices()
        .take_while(|(_, c)| matches!(c, '★' | '☆' | '⭐'))
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    if stars > 0 {
        let n = cell[..stars].chars().filter(|c| *c != '☆').count();
        return Some((Score::Stars(n), stars));
    }
    for (mark, value) in [
        ("✅", 2),
        ("✔️", 2),
        ("✔", 2),
        ("✓", 2),
        ("⚠️", 1),
        ("⚠", 1),
        ("❌", 0),
        ("✗", 0),
        ("✘", 0),
        ("✕", 0),
        ("✖️", 0),
        ("✖", 0),
    ] {
        if let Some(rest) = cell.strip_prefix(mark) {
            let selector = rest
                .strip_prefix('\u{FE0F}')
                .map_or(0, |_| '\u{FE0F}'.len_utf8());
            return Some((Score::Mark(value), mark.len() + selector));
        }
    }
    ratio_prefix(cell)
}

/// "9/10", "7.7/10", "4 / 5" at the start of a cell.
fn ratio_prefix(cell: &str) -> Option<(Score, usize)> {
    let num_len = cell
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    if num_len == 0 {
        return None;
    }
    let n: f64 = cell[..num_len].parse().ok()?;
    let after = &cell[num_len..];
    let slash = after.trim_start();
    let slash_at = num_len + (after.len() - slash.len());
    let rest = slash.strip_prefix('/')?;
    let denom_start = slash_at + 1 + (rest.len() - rest.trim_start().len());
    let denom_len = cell[denom_start..]
        .bytes()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if denom_len == 0 {
        return None;
    }
    let d: f64 = cell[denom_start..denom_start + denom_len].parse().ok()?;
    let end = denom_start + denom_len;
    // "2/ 5" glued to more digits is a date or a total, not a score.
    if d == 0.0 || n > d || cell[end..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((Score::Ratio(n / d), end))
}

/// The side with the better score, when both cells carry comparable scores.
fn winner_by_score(tf: &str, pt: &str) -> Option<Side> {
    let (a, _) = score_prefix(tf)?;
    let (b, _) = score_prefix(pt)?;
    let (x, y) = match (a, b) {
        (Score::Stars(x), Score::Stars(y)) => (x as f64, y as f64),
        (Score::Ratio(x), Score::Ratio(y)) => (x, y),
        (Score::Mark(x), Score::Mark(y)) => (x as f64, y as f64),
        _ => return None,
    };
    Some(if x > y {
        Side::TensorFlow
    } else if y > x {
        Side::PyTorch
    } else {
        Side::Tie
    })
}

/// The parts of one row before it becomes a [`Body::Row`].
pub(crate) struct RowParts<'a> {
    pub table: &'a str,
    pub section: Option<&'a str>,
    pub feature: &'a str,
    pub tf: &'a str,
    pub pt: &'a str,
    pub winner: Option<Side>,
    pub note: Option<&'a str>,
}

pub(crate) fn row_body(p: RowParts<'_>) -> Body {
    let (tensorflow_score, tensorflow) = split_score(p.tf);
    let (pytorch_score, pytorch) = split_score(p.pt);
    let winner = p.winner.or_else(|| winner_by_score(p.tf, p.pt));
    Body::Row(Row {
        table: p.table.to_string(),
        section: p.section.map(str::to_string),
        feature: p.feature.to_string(),
        tensorflow: Cell {
            score: tensorflow_score,
            text: tensorflow,
        },
        pytorch: Cell {
            score: pytorch_score,
            text: pytorch,
        },
        winner,
        note: p.note.map(str::to_string),
        as_of: None,
    })
}

/// Runs every table extractor over the document.
pub fn extract(doc: &mut Doc) {
    super::scores::extract(doc);
    cell_tables(doc);
    triple_runs(doc);
    five_line_runs(doc);
    column_runs(doc);
    label_value_lists(doc);
    super::layouts::extract(doc);
}

/// What each column of a table with TensorFlow and PyTorch columns holds.
struct Columns {
    label: usize,
    tf: usize,
    pt: usize,
    winner: Option<usize>,
    note: Option<usize>,
}

fn columns(header: &[String]) -> Option<Columns> {
    // "TensorFlow", "TensorFlow 2.16", "PyTorch (Meta)": a column named by its framework.
    let find = |side: Side| {
        header
            .iter()
            .position(|h| side_line(h) == Some(side) || column_side(h) == Some(side))
    };
    let tf = find(Side::TensorFlow)?;
    let pt = find(Side::PyTorch)?;
    let label = (0..header.len()).find(|&i| i != tf && i != pt)?;
    let winner = header.iter().position(|h| {
        let h = h.to_lowercase();
        [
            "winner",
            "better",
            "edge",
            "pick",
            "verdict",
            "best pick",
            "faster",
            "best",
            "wins",
            "who wins",
            "advantage",
            "stronger",
        ]
        .contains(&h.as_str())
    });
    let note = (0..header.len()).find(|&i| ![label, tf, pt].contains(&i) && Some(i) != winner);
    Some(Columns {
        label,
        tf,
        pt,
        winner,
        note,
    })
}

/// Pipe and HTML tables: a header row, then rows until the next non-row block.
fn cell_tables(doc: &mut Doc) {
    let mut i = 0;
    while i < doc.blocks.len() {
        let header = match &doc.blocks[i].kind {
            BlockKind::Row {
                cells,
                header: true,
            } => cells.clone(),
            _ => {
                i += 1;
                continue;
            }
        };
        let end = (i + 1..doc.blocks.len())
            .find(|&j| !matches!(doc.blocks[j].kind, BlockKind::Row { header: false, .. }))
            .unwrap_or(doc.blocks.len());
        let name = doc
            .heading_before(i, TABLE_HEADING_WINDOW)
            .or_else(|| Some(header[0].clone()).filter(|h| !h.is_empty()))
            .unwrap_or_else(|| DEFAULT_TABLE_NAME.to_string());
        if let Some(cols) = columns(&header) {
            doc.mark(i, Use::Layout);
            comparison_rows(doc, i + 1, end, &cols, &name);
            as_of_line(doc, end);
            let first = if cols.tf < cols.pt {
                Side::TensorFlow
            } else {
                Side::PyTorch
            };
            super::scores::closing_total(doc, end, first);
        } else if super::layouts::transposed(doc, i, end, &name) {
            as_of_line(doc, end);
        } else if !other_table(doc, i, end, &header) && !super::layouts::pick_table(doc, i, end) {
            doc.uses[i] = Use::Free;
        }
        i = end;
    }
}

fn comparison_rows(doc: &mut Doc, from: usize, to: usize, cols: &Columns, table: &str) {
    let mut section: Option<String> = None;
    for j in from..to {
        let cells = doc.blocks[j].cells().unwrap_or_default().to_vec();
        let line = doc.blocks[j].line;
        let get = |k: usize| cells.get(k).map(String::as_str).unwrap_or("");
        let rest_empty = cells.iter().skip(1).all(|c| c.is_empty());
        if rest_empty && !get(0).is_empty() {
            if let Some(why) = why_note(get(0)) {
                // A "Why" line explains the row above it.
                if let Some(prev) = doc.drafts.last_mut() {
                    if let Body::Row(Row { note, .. }) = &mut prev.body {
                        if note.is_none() {
                            *note = Some(why.to_string());
                            doc.uses[j] = Use::Quoted;
                            continue;
                        }
                    }
                }
            }
            section = Some(get(0).to_string());
            doc.mark(j, Use::Quoted);
            continue;
        }
        let (feature, tf, pt) = (get(cols.label), get(cols.tf), get(cols.pt));
        if feature.is_empty() || (tf.is_empty() && pt.is_empty()) {
            continue;
        }
        let winner = cols
            .winner
            .and_then(|w| super::layouts::winner_cell(get(w)));
        let note = cols.note.map(get).filter(|n| !n.is_empty());
        let body = row_body(RowParts {
            table,
            section: section.as_deref(),
            feature,
            tf: if tf.is_empty() { "—" } else { tf },
            pt: if pt.is_empty() { "—" } else { pt },
            winner,
            note,
        });
        if tf.is_empty() || pt.is_empty() {
            // An empty cell has nothing to quote: leave the row for a person to place.
            continue;
        }
        doc.add(body, None, line);
        doc.mark(j, Use::Quoted);
    }
}

/// "Why…" at the start of a lone first cell: the text after it.
fn why_note(cell: &str) -> Option<&str> {
    let rest = cell.strip_prefix("Why")?;
    let rest = rest.trim_start_matches([':', ' ']);
    (rest.contains(' ') && rest.starts_with(|c: char| c.is_uppercase())).then_some(rest)
}

/// "As of 2026-05-25 — updated weekly." right after a table dates every row of it.
fn as_of_line(doc: &mut Doc, at: usize) {
    let Some(block) = doc.blocks.get(at) else {
        return;
    };
    if !doc.free(at) || !block.text.starts_with("As of ") {
        return;
    }
    let Some(date) = super::metadata::date_in(&block.text) else {
        return;
    };
    let text = block.text.clone();
    let first_line = block.line;
    for d in doc.drafts.iter_mut().rev() {
        if let Body::Row(Row { note, as_of, .. }) = &mut d.body {
            if d.line > first_line {
                continue;
            }
            if as_of.is_some() || d.line + 1000 < first_line {
                break;
            }
            if note.is_none() {
                *note = Some(text.clone());
            }
            *as_of = Some(date.clone());
        } else {
            break;
        }
    }
    doc.mark(at, Use::Quoted);
}

/// Tables of third options ("Alternative | Best For | Pricing | Gotcha") and of migration
/// costs ("Project Size | Cost"). Returns whether the table was one of them.
fn other_table(doc: &mut Doc, header_at: usize, end: usize, header: &[String]) -> bool {
    let lower: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
    let col = |words: &[&str]| {
        lower
            .iter()
            .position(|h| words.iter().any(|w| h.contains(w)))
    };
    let best_for = col(&["best for"]);
    let cost = col(&["cost"]);
    if best_for.is_none() && cost.is_none() {
        return false;
    }
    doc.mark(header_at, Use::Layout);
    for j in header_at + 1..end {
        let cells = doc.blocks[j].cells().unwrap_or_default().to_vec();
        let get = |k: Option<usize>| {
            k.and_then(|k| cells.get(k))
                .filter(|c| !c.is_empty())
                .cloned()
        };
        let (Some(name), line) = (get(Some(0)), doc.blocks[j].line) else {
            continue;
        };
        let body = match (best_for, cost) {
            (Some(b), _) => {
                let Some(best_for) = get(Some(b)) else {
                    continue;
                };
                Body::Alternative {
                    name,
                    best_for,
                    pricing: get(col(&["pric"])),
                    gotcha: get(col(&["gotcha", "catch", "drawback", "downside", "watch"])),
                }
            }
            (None, Some(c)) => {
                let Some(cost) = get(Some(c)) else {
                    continue;
                };
                Body::Migration { size: name, cost }
            }
            (None, None) => continue,
        };
        doc.add(body, None, line);
        doc.mark(j, Use::Quoted);
    }
    true
}

/// A free plain line that can be a row's label: short, not a side, not a cell of its own.
fn is_label(doc: &Doc, i: usize) -> bool {
    let Some(b) = doc.blocks.get(i) else {
        return false;
    };
    doc.free(i)
        && matches!(
            b.kind,
            BlockKind::Paragraph | BlockKind::Heading | BlockKind::Term
        )
        && is_short_label(&b.text)
        && side_line(&b.text).is_none()
        && leading_side(&b.text).is_none()
        && !b.text.ends_with('?')
}

fn free_text(doc: &Doc, i: usize) -> Option<&str> {
    let b = doc.blocks.get(i)?;
    (doc.free(i) && b.is_text()).then_some(b.text.as_str())
}

/// Adds a row unless the same row (label and both cells) is already drafted: articles print
/// one table twice, as a grid and again as a list.
pub(crate) fn add_row_once(doc: &mut Doc, body: Body, line: usize) -> bool {
    match super::doc::row_key(&body) {
        Some(key) if doc.has_row(&key) => false,
        _ => {
            doc.add(body, None, line);
            true
        }
    }
}

/// The label and both cells of a row, whichever side the article lists first.
struct Cells<'a> {
    feature: &'a str,
    tf: &'a str,
    pt: &'a str,
}

/// One row found in plain lines: the blocks it came from, its label and both cells.
pub(crate) type PlainRow = (Vec<usize>, String, String, String);

fn owned(ix: Vec<usize>, c: Cells<'_>) -> PlainRow {
    (
        ix,
        c.feature.to_string(),
        c.tf.to_string(),
        c.pt.to_string(),
    )
}

/// Adds a run of rows found in plain lines, named after the heading before the run; a run
/// shorter than [`MIN_RUN_ROWS`] is left alone. Returns how many rows it took.
pub(crate) fn add_run(doc: &mut Doc, start: usize, rows: Vec<PlainRow>) -> usize {
    if rows.len() < MIN_RUN_ROWS {
        return 0;
    }
    let name = doc
        .heading_before(start, TABLE_HEADING_WINDOW)
        .unwrap_or_else(|| DEFAULT_TABLE_NAME.to_string());
    let n = rows.len();
    for (ix, feature, tf, pt) in rows {
        let line = doc.blocks[ix[0]].line;
        let body = row_body(RowParts {
            table: &name,
            section: None,
            feature: &feature,
            tf: &tf,
            pt: &pt,
            winner: None,
            note: None,
        });
        let use_ = if add_row_once(doc, body, line) {
            Use::Quoted
        } else {
            Use::Repeat
        };
        for i in ix {
            doc.mark(i, use_);
        }
    }
    n
}

/// label / "TensorFlow cell" / "PyTorch cell" (either order), repeated.
fn triple_runs(doc: &mut Doc) {
    let mut i = 0;
    while i < doc.blocks.len() {
        let mut rows = Vec::new();
        let mut j = i;
        while let Some((ix, c)) = triple_at(doc, j) {
            rows.push(owned(ix, c));
            j += 3;
        }
        let added = add_run(doc, i, rows);
        // A total line closing the run lists the sides as its last row did.
        let last_first = (added > 0).then(|| leading_side(&doc.blocks[j - 2].text));
        if let Some(Some((first, _))) = last_first {
            j += usize::from(super::scores::closing_total(doc, j, first));
        }
        i = if added > 0 { j } else { i + 1 };
    }
}

fn triple_at(doc: &Doc, i: usize) -> Option<(Vec<usize>, Cells<'_>)> {
    if !is_label(doc, i) {
        return None;
    }
    let (a, cell_a) = leading_side(free_text(doc, i + 1)?)?;
    let (b, cell_b) = leading_side(free_text(doc, i + 2)?)?;
    let feature = doc.blocks[i].text.as_str();
    match (a, b) {
        (Side::TensorFlow, Side::PyTorch) => Some((
            vec![i, i + 1, i + 2],
            Cells {
                feature,
                tf: cell_a,
                pt: cell_b,
            },
        )),
        (Side::PyTorch, Side::TensorFlow) => Some((
            vec![i, i + 1, i + 2],
            Cells {
                feature,
                tf: cell_b,
                pt: cell_a,
            },
        )),
        _ => None,
    }
}

/// label / "PyTorch" / cell / "TensorFlow" / cell, repeated.
fn five_line_runs(doc: &mut Doc) {
    let mut i = 0;
    while i < doc.blocks.len() {
        let mut rows = Vec::new();
        let mut j = i;
        while let Some((ix, c)) = five_at(doc, j) {
            rows.push(owned(ix, c));
            j += 5;
        }
        let added = add_run(doc, i, rows);
        // A total line closing the run lists the sides as its last row did.
        let last_first = (added > 0).then(|| side_line(&doc.blocks[j - 4].text));
        if let Some(Some(first)) = last_first {
            j += usize::from(super::scores::closing_total(doc, j, first));
        }
        i = if added > 0 { j } else { i + 1 };
    }
}

fn five_at(doc: &Doc, i: usize) -> Option<(Vec<usize>, Cells<'_>)> {
    if !is_label(doc, i) {
        return None;
    }
    let a = side_line(free_text(doc, i + 1)?)?;
    let cell_a = free_text(doc, i + 2)?;
    let b = side_line(free_text(doc, i + 3)?)?;
    let cell_b = free_text(doc, i + 4)?;
    if side_line(cell_a).is_some() || side_line(cell_b).is_some() {
        return None;
    }
    let feature = doc.blocks[i].text.as_str();
    let (tf, pt) = match (a, b) {
        (Side::TensorFlow, Side::PyTorch) => (cell_a, cell_b),
        (Side::PyTorch, Side::TensorFlow) => (cell_b, cell_a),
        _ => return None,
    };
    Some((
        vec![i, i + 1, i + 2, i + 3, i + 4],
        Cells { feature, tf, pt },
    ))
}

/// A heading line and two column headings ("Factor / PyTorchRecommended / TensorFlowWinner"),
/// then label / cell / cell per row until a line that cannot be one.
fn column_runs(doc: &mut Doc) {
    let mut i = 0;
    while i + 2 < doc.blocks.len() {
        let cols = (
            free_text(doc, i).filter(|t| is_short_label(t)),
            free_text(doc, i + 1).and_then(column_side),
            free_text(doc, i + 2).and_then(column_side),
        );
        let (Some(_), Some(first), Some(second)) = cols else {
            i += 1;
            continue;
        };
        if first == second {
            i += 1;
            continue;
        }
        let mut rows: Vec<PlainRow> = Vec::new();
        let mut j = i + 3;
        loop {
            let seen = |t: &str| rows.iter().any(|(_, f, _, _)| f == t);
            let (Some(label), Some(a), Some(b)) = (
                free_text(doc, j),
                free_text(doc, j + 1),
                free_text(doc, j + 2),
            ) else {
                break;
            };
            let stop = [label, a, b]
                .iter()
                .any(|t| seen(t) || side_line(t).is_some() || column_side(t).is_some());
            if stop || !is_short_label(label) {
                break;
            }
            let (tf, pt) = if first == Side::TensorFlow {
                (a, b)
            } else {
                (b, a)
            };
            rows.push((
                vec![j, j + 1, j + 2],
                label.to_string(),
                tf.to_string(),
                pt.to_string(),
            ));
            j += 3;
        }
        if rows.len() >= MIN_RUN_ROWS {
            // The column headings are layout; the line above them names the label column.
            doc.mark(i + 1, Use::Layout);
            doc.mark(i + 2, Use::Layout);
            doc.mark(i, Use::Layout);
            add_run(doc, i, rows);
            // A total line may close the run, in the same column order.
            if super::scores::closing_total(doc, j, first) {
                j += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
}

/// Each framework's name followed by its own "Label: value" list; rows pair the labels both
/// lists share.
fn label_value_lists(doc: &mut Doc) {
    let mut lists: Vec<(usize, Side, Vec<Pair>)> = Vec::new();
    let mut i = 0;
    while i < doc.blocks.len() {
        let side = match free_text(doc, i).or_else(|| heading_text(doc, i)) {
            Some(t) => side_line(t).filter(|s| matches!(s, Side::TensorFlow | Side::PyTorch)),
            None => None,
        };
        let Some(side) = side else {
            i += 1;
            continue;
        };
        let (pairs, end) = pairs_after(doc, i + 1);
        if pairs.len() >= MIN_RUN_ROWS {
            lists.push((i, side, pairs));
            i = end;
        } else {
            i += 1;
        }
    }
    for w in 0..lists.len().saturating_sub(1) {
        let (at_a, side_a, a) = &lists[w];
        let (at_b, side_b, b) = &lists[w + 1];
        if side_a == side_b {
            continue;
        }
        let mut owned = Vec::new();
        for (label, value_a, ix_a) in a {
            let Some((_, value_b, ix_b)) = b.iter().find(|(l, _, _)| l == label) else {
                continue;
            };
            let (tf, pt) = if *side_a == Side::TensorFlow {
                (value_a, value_b)
            } else {
                (value_b, value_a)
            };
            let mut ix = ix_a.clone();
            ix.extend(ix_b);
            owned.push((ix, label.clone(), tf.clone(), pt.clone()));
        }
        let (at_a, at_b) = (*at_a, *at_b);
        if add_run(doc, at_a, owned) > 0 {
            doc.mark(at_a, Use::Layout);
            doc.mark(at_b, Use::Layout);
        }
    }
}

fn heading_text(doc: &Doc, i: usize) -> Option<&str> {
    let b = doc.blocks.get(i)?;
    (doc.free(i) && b.kind == BlockKind::Heading).then_some(b.text.as_str())
}

/// A label, its value, and the blocks they came from.
type Pair = (String, String, Vec<usize>);

/// "Label:" then value, "Label: value", or a term then its value, from block `from` on.
fn pairs_after(doc: &Doc, from: usize) -> (Vec<Pair>, usize) {
    let mut out = Vec::new();
    let mut j = from;
    while let Some(b) = doc.blocks.get(j) {
        let kind_ok = matches!(b.kind, BlockKind::Item | BlockKind::Term)
            || (b.kind == BlockKind::Paragraph && b.text.contains(": "));
        if !doc.free(j) || !kind_ok {
            break;
        }
        let next = doc
            .blocks
            .get(j + 1)
            .filter(|n| doc.free(j + 1) && n.kind == BlockKind::Item);
        let label = b.text.strip_suffix(':').map(str::trim);
        match (label, next) {
            (Some(label), Some(n)) if !label.is_empty() => {
                out.push((label.to_string(), n.text.clone(), vec![j, j + 1]));
                j += 2;
            }
            _ if b.kind == BlockKind::Term => match next {
                Some(n) => {
                    out.push((b.text.clone(), n.text.clone(), vec![j, j + 1]));
                    j += 2;
                }
                None => break,
            },
            _ => match b.text.split_once(": ") {
                Some((l, v)) if is_short_label(l) && !v.trim().is_empty() => {
                    out.push((l.trim().to_string(), v.trim().to_string(), vec![j]));
                    j += 1;
                }
                _ => break,
            },
        }
    }
    (out, j)
}

#[cfg(test)]
mod tests {
    use super::super::blocks::plain;
    use super::*;

    type Found = (String, Option<String>, Option<String>, Option<Side>);

    fn rows(text: &str) -> Vec<Found> {
        let mut doc = Doc::new(plain(text));
        extract(&mut doc);
        doc.drafts
            .iter()
            .filter_map(|d| match &d.body {
                Body::Row(row) => Some((
                    row.feature.clone(),
                    row.tensorflow.printed(),
                    row.pytorch.printed(),
                    row.winner,
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn scores_split_and_compare() {
        assert_eq!(
            split_score("★★★☆☆ Declining"),
            (Some("★★★☆☆".into()), Some("Declining".into()))
        );
        assert_eq!(split_score("9/10"), (Some("9/10".into()), None));
        assert_eq!(split_score("⚠️"), (Some("⚠️".into()), None));
        assert_eq!(
            split_score("2.17 (Jul 2024)"),
            (None, Some("2.17 (Jul 2024)".into()))
        );
        assert_eq!(winner_by_score("5/10", "10/10"), Some(Side::PyTorch));
        assert_eq!(winner_by_score("✅", "⚠️"), Some(Side::TensorFlow));
        assert_eq!(winner_by_score("Good", "Good"), None);
    }

    #[test]
    fn pipe_tables_with_sections_winners_and_why_lines() {
        let r = rows(
            "| Criteria | TensorFlow | PyTorch | Winner |\n|---|---|---|---|\n| Core | |||\n\
             | Research | 5/10 | 10/10 | PyTorch |\nWhyPyTorch is used in papers. | |||\n",
        );
        assert_eq!(
            r,
            [(
                "Research".into(),
                Some("5/10".into()),
                Some("10/10".into()),
                Some(Side::PyTorch)
            )]
        );
    }

    #[test]
    fn pipeless_layouts() {
        let triples = rows("Creator\nTensorFlow Google Brain\nPyTorch Meta AI\nRelease\nTensorFlow 2015\nPyTorch 2016\n");
        assert_eq!(triples.len(), 2);
        assert_eq!(triples[0].1.as_deref(), Some("Google Brain"));
        let columns = rows("Factor\nPyTorchRecommended\nTensorFlowWinner\nSpeed\nfast\nslow\nDocs\ngood\nok\nTotal\nSpeed\nPyTorch\n");
        assert_eq!(columns.len(), 2);
        assert_eq!(columns[0].1.as_deref(), Some("slow"));
        let fives =
            rows("Speed\nPyTorch\nfast\nTensorFlow\nslow\nDocs\nPyTorch\ngood\nTensorFlow\nok\n");
        assert_eq!(
            fives[1],
            ("Docs".into(), Some("ok".into()), Some("good".into()), None)
        );
        let lists = rows("TensorFlow\n- Best For:\n- Production\n- Cost: free\nPyTorch\n- Best For:\n- Research\n- Cost: free too\n");
        assert_eq!(lists.len(), 2);
        assert_eq!(lists[1].2.as_deref(), Some("free too"));
    }
}
