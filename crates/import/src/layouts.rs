//! Comparison rows in the layouts beyond a table with a column per framework: tables with a
//! row per framework (transposed), one line holding both sides ("Speed — TF: fast / PyTorch:
//! faster"), a heading (or a definition term) per feature with a paragraph or bullet per
//! framework, and side-by-side cards, one per framework, with ✅/❌ bullets paired by label.
//! Each rule reads a class of layout by its shape, never by an article's words.

use versus_core::engine::text::sentences;
use versus_core::knowledge::{Body, Side};

use super::blocks::{is_short_label, unnumbered, BlockKind};
use super::doc::{Doc, Use};
use super::sides::{
    column_side, leading_side, mentioned, named_first, side_label, side_line, side_pair,
};
use super::tables::{
    add_row_once, add_run, row_body, split_score, PlainRow, RowParts, DEFAULT_TABLE_NAME,
    MIN_RUN_ROWS, TABLE_HEADING_WINDOW,
};

/// How many blocks after a feature's heading its two sides' lines may stand (an intro line or
/// a "Pros" label may sit between).
const SECTION_WINDOW: usize = 4;
/// A side's line longer than this (or of more sentences than [`MAX_CELL_SENTENCES`]) under a
/// feature heading is analysis, not a cell, unless a "TF:" label marks it as one.
const MAX_CELL_CHARS: usize = 300;
/// Most sentences of an unlabelled side's line read as a cell.
const MAX_CELL_SENTENCES: usize = 2;

/// Runs the layout rules, most explicit first.
pub fn extract(doc: &mut Doc) {
    pair_lines(doc);
    side_sections(doc);
    mark_lists(doc);
}

/// The side a Winner cell names: "PyTorch", "TF", "Tie", or a cell naming one framework only
/// ("✓ PyTorch (by a lot)").
pub fn winner_cell(text: &str) -> Option<Side> {
    side_line(text)
        .or_else(|| column_side(text.trim_start_matches(|c: char| !c.is_alphanumeric())))
        .or_else(|| match mentioned(text).as_slice() {
            [one] => Some(*one),
            _ => None,
        })
}

/// A table whose rows are the frameworks and whose header names the features: one row per
/// feature column. Returns whether the table was one.
pub fn transposed(doc: &mut Doc, header_at: usize, end: usize, name: &str) -> bool {
    let header = doc.blocks[header_at].cells().unwrap_or_default().to_vec();
    let mut tf_row = None;
    let mut pt_row = None;
    let mut winner_row = None;
    for j in header_at + 1..end {
        let first = doc.blocks[j].cells().and_then(|c| c.first()).cloned();
        let first = first.unwrap_or_default();
        match side_line(&first).or_else(|| column_side(&first)) {
            Some(Side::TensorFlow) if tf_row.is_none() => tf_row = Some(j),
            Some(Side::PyTorch) if pt_row.is_none() => pt_row = Some(j),
            _ if is_winner_label(&first) => winner_row = Some(j),
            _ => {}
        }
    }
    let (Some(tf_at), Some(pt_at)) = (tf_row, pt_row) else {
        return false;
    };
    let cells = |j: usize| doc.blocks[j].cells().unwrap_or_default().to_vec();
    let (tf, pt) = (cells(tf_at), cells(pt_at));
    let winners = winner_row.map(cells).unwrap_or_default();
    let line = doc.blocks[tf_at].line;
    let mut added = 0;
    for (k, feature) in header.iter().enumerate().skip(1) {
        let get = |row: &[String]| row.get(k).cloned().unwrap_or_default();
        let (a, b) = (get(&tf), get(&pt));
        if feature.is_empty() || a.is_empty() || b.is_empty() {
            continue;
        }
        let body = row_body(RowParts {
            table: name,
            section: None,
            feature,
            tf: &a,
            pt: &b,
            winner: winner_cell(&get(&winners)),
            note: None,
        });
        added += usize::from(add_row_once(doc, body, line));
    }
    if added == 0 {
        return false;
    }
    doc.mark(header_at, Use::Layout);
    for j in [Some(tf_at), Some(pt_at), winner_row].into_iter().flatten() {
        doc.mark(j, Use::Quoted);
    }
    true
}

/// A table of use cases and the framework each gets ("Use case | Pick | Why"): one pick per
/// row, its reason the row's longest other cell (or its label when it has none). Returns
/// whether the table was one.
pub fn pick_table(doc: &mut Doc, header_at: usize, end: usize) -> bool {
    let rows: Vec<(usize, Vec<String>)> = (header_at + 1..end)
        .filter_map(|j| Some((j, doc.blocks[j].cells()?.to_vec())))
        .collect();
    let width = doc.blocks[header_at].cells().map_or(0, <[String]>::len);
    // The column whose cells are a side, in most rows: the pick column.
    let side_of = |c: &str| side_line(c).or_else(|| named_first(c));
    let column = (1..width).find(|&k| {
        let sides = rows
            .iter()
            .filter(|(_, cells)| cells.get(k).is_some_and(|c| side_of(c).is_some()))
            .count();
        sides >= MIN_RUN_ROWS && sides * 2 > rows.len()
    });
    let Some(k) = column else {
        return false;
    };
    for (j, cells) in &rows {
        let (Some(label), Some(side)) = (cells.first(), cells.get(k).and_then(|c| side_of(c)))
        else {
            continue;
        };
        if label.is_empty() {
            continue;
        }
        let reason = cells
            .iter()
            .enumerate()
            .filter(|(n, c)| *n != 0 && *n != k && !c.is_empty())
            .map(|(_, c)| c)
            .max_by_key(|c| c.chars().count())
            .unwrap_or(label);
        let body = Body::Pick {
            use_case: Some(label.clone()),
            pick: side,
            reason: reason.clone(),
            alternative: None,
        };
        let line = doc.blocks[*j].line;
        doc.add(body, None, line);
        doc.mark(*j, Use::Quoted);
    }
    doc.mark(header_at, Use::Layout);
    true
}

/// "Winner", "Verdict", "Edge": a row or column label that says who wins.
fn is_winner_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').to_lowercase();
    [
        "winner",
        "better",
        "edge",
        "verdict",
        "pick",
        "our pick",
        "best pick",
    ]
    .contains(&t.as_str())
}

/// A block that can name a feature: a heading, a definition term, or a short free line.
fn feature_label(doc: &Doc, i: usize) -> Option<String> {
    let b = doc.blocks.get(i)?;
    let kind_ok = matches!(
        b.kind,
        BlockKind::Heading | BlockKind::Term | BlockKind::Paragraph | BlockKind::Item
    );
    let label = unnumbered(b.text.trim()).trim_end_matches(':').trim();
    let ok = doc.free(i)
        && kind_ok
        && is_short_label(&b.text)
        && !label.is_empty()
        && side_line(label).is_none()
        && side_label(label).is_none()
        && !b.text.ends_with('?');
    ok.then(|| label.to_string())
}

/// Lines holding both sides, "Speed — TF: fast / PyTorch: faster", each a row; a line that
/// starts with a side takes its label from the term or heading above it.
fn pair_lines(doc: &mut Doc) {
    for i in 0..doc.blocks.len() {
        let b = &doc.blocks[i];
        if !doc.free(i) || b.cells().is_some() {
            continue;
        }
        let Some((label, tf, pt)) = side_pair(&b.text) else {
            continue;
        };
        let (label, tf, pt, line) = (label.to_string(), tf.to_string(), pt.to_string(), b.line);
        let (feature, label_at) = if label.is_empty() {
            match i
                .checked_sub(1)
                .and_then(|p| Some((feature_label(doc, p)?, p)))
            {
                Some((f, p)) => (f, Some(p)),
                None => continue,
            }
        } else if is_short_label(&label) {
            (label, None)
        } else {
            continue;
        };
        let table = table_name(doc, label_at.unwrap_or(i));
        let body = row_body(RowParts {
            table: &table,
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
        doc.mark(i, use_);
        if let Some(p) = label_at {
            doc.mark(p, Use::Quoted);
        }
    }
}

/// The heading a run of rows sits under, or the default name: the nearest free heading within
/// the window, which is then the table's name, not a feature.
fn table_name(doc: &mut Doc, at: usize) -> String {
    let from = at.saturating_sub(TABLE_HEADING_WINDOW);
    for j in (from..at).rev() {
        let b = &doc.blocks[j];
        if b.kind == BlockKind::Heading && doc.uses[j] == Use::Free && !b.text.ends_with('?') {
            let name = b.text.clone();
            doc.mark(j, Use::Layout);
            return name;
        }
        if doc.uses[j] == Use::Quoted {
            // Right after another row of the same layout: the same table goes on.
            return match doc.drafts.last().map(|d| &d.body) {
                Some(Body::Row(row)) => row.table.clone(),
                _ => DEFAULT_TABLE_NAME.to_string(),
            };
        }
    }
    DEFAULT_TABLE_NAME.to_string()
}

/// A side's line under a feature heading, read as a cell: labelled ("TF: …"), or short enough.
fn section_cell(doc: &Doc, j: usize) -> Option<(Side, String)> {
    let b = doc.blocks.get(j)?;
    if !doc.free(j) || !b.is_text() {
        return None;
    }
    let (side, cell) = leading_side(&b.text)?;
    let labelled = side_label(&b.text).is_some_and(|(_, _, sep)| sep);
    let short =
        b.text.chars().count() <= MAX_CELL_CHARS && sentences(&b.text).len() <= MAX_CELL_SENTENCES;
    (labelled || short).then(|| (side, cell.to_string()))
}

/// A heading or term per feature, then a paragraph or bullet per framework.
fn side_sections(doc: &mut Doc) {
    let mut i = 0;
    while i < doc.blocks.len() {
        let Some(feature) = feature_label(doc, i) else {
            i += 1;
            continue;
        };
        let mut found: Vec<(usize, Side, String)> = Vec::new();
        let mut winner: Option<(usize, Side)> = None;
        let mut j = i + 1;
        while j < doc.blocks.len() && j <= i + SECTION_WINDOW && found.len() < 2 {
            if doc.blocks[j].kind == BlockKind::Heading {
                break;
            }
            // "Winner: PyTorch" under the feature's heading decides its row.
            let text = doc.blocks[j].text.as_str();
            if doc.free(j) && is_winner_label(text.split(':').next().unwrap_or("")) {
                winner = winner.or(side_line(text).map(|s| (j, s)));
            }
            if let Some((side, cell)) = section_cell(doc, j) {
                if found.iter().any(|(_, s, _)| *s == side) {
                    break;
                }
                found.push((j, side, cell));
            }
            j += 1;
        }
        let cell = |side: Side| found.iter().find(|(_, s, _)| *s == side);
        let (Some(tf), Some(pt)) = (cell(Side::TensorFlow), cell(Side::PyTorch)) else {
            i += 1;
            continue;
        };
        let table = table_name(doc, i);
        let body = row_body(RowParts {
            table: &table,
            section: None,
            feature: &feature,
            tf: &tf.2,
            pt: &pt.2,
            winner: winner.map(|(_, s)| s),
            note: None,
        });
        if let Some((at, _)) = winner {
            doc.mark(at, Use::Layout);
        }
        let line = doc.blocks[i].line;
        let use_ = if add_row_once(doc, body, line) {
            Use::Quoted
        } else {
            Use::Repeat
        };
        let (tf_at, pt_at) = (tf.0, pt.0);
        for k in [i, tf_at, pt_at] {
            doc.mark(k, use_);
        }
        i = tf_at.max(pt_at) + 1;
    }
}

/// One bullet of a framework's card: its label, and its cell (the mark and the text after
/// the label, or the mark alone).
fn card_item(text: &str) -> Option<(String, String)> {
    let (score, rest) = split_score(text);
    let score = score?;
    let rest = rest?;
    Some(match rest.split_once(": ") {
        Some((label, value)) if is_short_label(label) && !value.trim().is_empty() => (
            label.trim().to_string(),
            format!("{score} {}", value.trim()),
        ),
        _ => (rest.trim_end_matches('.').to_string(), score),
    })
}

/// A card's bullet: its label, its cell, and its block.
type CardItem = (String, String, usize);

/// A card: a framework's name, then its marked bullets (sub-labels such as "Pros" between).
/// Returns the side, the bullets as (label, cell, block) and the block after the card.
fn card_at(doc: &Doc, i: usize) -> Option<(Side, Vec<CardItem>, usize)> {
    let b = doc.blocks.get(i)?;
    if !doc.free(i) || b.cells().is_some() {
        return None;
    }
    let side = side_line(&b.text).filter(|s| matches!(s, Side::TensorFlow | Side::PyTorch))?;
    let mut items = Vec::new();
    let mut j = i + 1;
    while let Some(n) = doc.blocks.get(j) {
        if !doc.free(j) {
            break;
        }
        let sub_label = n.kind != BlockKind::Item
            && is_short_label(&n.text)
            && side_line(&n.text).is_none()
            && doc
                .blocks
                .get(j + 1)
                .is_some_and(|m| m.kind == BlockKind::Item);
        if n.kind == BlockKind::Item {
            match card_item(&n.text) {
                Some((label, cell)) => items.push((label, cell, j)),
                None => break,
            }
        } else if !sub_label {
            break;
        }
        j += 1;
    }
    (!items.is_empty()).then_some((side, items, j))
}

/// Side-by-side cards, one per framework, with ✅/❌ bullets: rows pair the labels both cards
/// share.
fn mark_lists(doc: &mut Doc) {
    let mut i = 0;
    while i < doc.blocks.len() {
        let Some((side_a, a, end_a)) = card_at(doc, i) else {
            i += 1;
            continue;
        };
        let Some((side_b, b, end_b)) = card_at(doc, end_a) else {
            i = end_a;
            continue;
        };
        if side_a == side_b {
            i = end_a;
            continue;
        }
        let mut rows: Vec<PlainRow> = Vec::new();
        for (label, cell_a, at_a) in &a {
            let Some((_, cell_b, at_b)) = b.iter().find(|(l, _, _)| l == label) else {
                continue;
            };
            let (tf, pt) = if side_a == Side::TensorFlow {
                (cell_a, cell_b)
            } else {
                (cell_b, cell_a)
            };
            rows.push((vec![*at_a, *at_b], label.clone(), tf.clone(), pt.clone()));
        }
        if rows.len() < MIN_RUN_ROWS {
            i = end_a;
            continue;
        }
        add_run(doc, i, rows);
        doc.mark(i, Use::Layout);
        doc.mark(end_a, Use::Layout);
        i = end_b;
    }
}

#[cfg(test)]
mod tests {
    use super::super::blocks::{markdown, plain};
    use super::*;

    type Found = (String, String, Option<String>, Option<String>, Option<Side>);

    fn rows_of(doc: &Doc) -> Vec<Found> {
        doc.drafts
            .iter()
            .filter_map(|d| match &d.body {
                Body::Row(row) => Some((
                    row.table.clone(),
                    row.feature.clone(),
                    row.tensorflow.printed(),
                    row.pytorch.printed(),
                    row.winner,
                )),
                _ => None,
            })
            .collect()
    }

    fn rows(text: &str) -> Vec<Found> {
        let (blocks, _) = markdown(text);
        let mut doc = Doc::new(blocks);
        super::super::tables::extract(&mut doc);
        rows_of(&doc)
    }

    #[test]
    fn bullet_pairs_in_every_spelling() {
        let r = rows(
            "## Head to head\n\n- **Speed** — TF: fast graphs / PyTorch: fast eager\n\
             - Debugging: PyTorch: pdb works; TensorFlow: tf.print mostly\n\
             - TF2: one line / PT: another\n",
        );
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0].0, "Head to head");
        assert_eq!(r[0].1, "Speed");
        assert_eq!(r[0].2.as_deref(), Some("fast graphs"));
        assert_eq!(r[0].3.as_deref(), Some("fast eager"));
        assert_eq!(r[1].2.as_deref(), Some("tf.print mostly"));
        assert_eq!(side_pair("TensorFlow: a, PyTorch: b"), Some(("", "a", "b")));
        assert_eq!(side_pair("TFX: a / PyTorch: b"), None);
    }

    #[test]
    fn a_heading_per_feature_with_a_line_per_framework() {
        let r = rows(
            "## Deployment\n\n### Serving\n\n**TensorFlow:** TF Serving, mature.\n\n\
             **PyTorch:** TorchServe, in maintenance.\n\n### Phones\n\nBoth run on phones.\n\n\
             - TF — LiteRT\n- PT — ExecuTorch\n",
        );
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0].0, "Deployment");
        assert_eq!(
            (r[0].1.as_str(), r[0].2.as_deref(), r[0].3.as_deref()),
            (
                "Serving",
                Some("TF Serving, mature."),
                Some("TorchServe, in maintenance.")
            )
        );
        assert_eq!(r[1].2.as_deref(), Some("LiteRT"));
    }

    #[test]
    fn numbered_feature_headings_with_a_winner_line() {
        let r = rows(concat!(
            "## 2. Deployment\n\n**Winner: TensorFlow**\n\n",
            "- TensorFlow: TF Serving and LiteRT.\n- PyTorch: ExecuTorch is catching up.\n",
        ));
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].1, "Deployment");
        assert_eq!(r[0].4, Some(Side::TensorFlow));
        assert_eq!(unnumbered("3) Community"), "Community");
        assert_eq!(unnumbered("2026 plans"), "2026 plans");
    }

    #[test]
    fn cards_with_marked_bullets_pair_by_label() {
        let r = rows(
            "### TensorFlow\n\n- ✅ Mobile: LiteRT\n- ❌ Research code\n- ✅ Browser\n\n\
             ### PyTorch\n\n- ❌ Mobile: ExecuTorch is young\n- ✅ Research code\n",
        );
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0].2.as_deref(), Some("✅ LiteRT"));
        assert_eq!(r[0].4, Some(Side::TensorFlow));
        assert_eq!(
            (r[1].1.as_str(), r[1].2.as_deref(), r[1].3.as_deref()),
            ("Research code", Some("❌"), Some("✅"))
        );
    }

    #[test]
    fn transposed_tables_read_a_row_per_framework() {
        let mut doc = Doc::new(plain(
            "| Framework | Speed | Ease |\n|---|---|---|\n| TF | 8/10 | 6/10 |\n| PyTorch | 9/10 | 9/10 |\n| Winner | PT | PyTorch |\n",
        ));
        super::super::tables::extract(&mut doc);
        let r = rows_of(&doc);
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0].1, "Speed");
        assert_eq!(r[0].4, Some(Side::PyTorch));
        assert_eq!(r[1].2.as_deref(), Some("6/10"));
        assert!(doc.uses.iter().all(|u| *u != Use::Free), "{:?}", doc.uses);
    }

    #[test]
    fn tables_of_use_cases_give_picks() {
        let (blocks, _) = markdown(
            "| Use case | Our pick | Why |\n|---|---|---|\n| Research | PyTorch | Papers ship in it |\n\
             | Phones | TensorFlow (LiteRT) | |\n| Either | Both | Both are fine |\n",
        );
        let mut doc = Doc::new(blocks);
        super::super::tables::extract(&mut doc);
        let picks: Vec<(Option<String>, Side, String)> = doc
            .drafts
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
            .collect();
        assert_eq!(
            picks,
            [
                (
                    Some("Research".into()),
                    Side::PyTorch,
                    "Papers ship in it".into()
                ),
                (Some("Phones".into()), Side::TensorFlow, "Phones".into()),
                (Some("Either".into()), Side::Tie, "Both are fine".into()),
            ]
        );
    }

    #[test]
    fn winner_cells() {
        assert_eq!(winner_cell("✓ PyTorch (by a lot)"), Some(Side::PyTorch));
        assert_eq!(winner_cell("TF"), Some(Side::TensorFlow));
        assert_eq!(winner_cell(""), None);
        assert_eq!(winner_cell("Tie"), Some(Side::Tie));
    }
}
