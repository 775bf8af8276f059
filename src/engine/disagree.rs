//! Where the sources give different values for the same fact.

use std::collections::{BTreeMap, HashSet};

use crate::knowledge::{Body, Entry};

use super::*;


/// Where cited rows with the same label from different sources give different figures.
pub(super) fn figure_disagreements(brain: &Brain, chosen: &[usize]) -> Vec<String> {
    let k = brain.knowledge();
    let mut by_label: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for &ord in chosen {
        let e = &k.entries[ord];
        if let Body::Row { feature, .. } = &e.body {
            by_label
                .entry(text::words(feature).join(" "))
                .or_default()
                .push(e);
        }
    }
    let mut out = Vec::new();
    for rows in by_label.values() {
        let sources: HashSet<&str> = rows.iter().map(|e| e.source.as_str()).collect();
        let cells: HashSet<String> = rows.iter().map(|e| e.main_text()).collect();
        if sources.len() > 1 && cells.len() > 1 {
            let parts: Vec<String> = rows
                .iter()
                .map(|e| {
                    let when = e
                        .as_of()
                        .or_else(|| k.source(&e.source).and_then(|s| s.as_of.as_deref()))
                        .map(|d| format!(", as of {d}"))
                        .unwrap_or_default();
                    format!("{}{}: {}", e.source, when, e.main_text())
                })
                .collect();
            out.push(format!(
                "Sources give different figures for {}: {}.",
                rows[0].label().unwrap_or("this"),
                parts.join("; ")
            ));
        }
    }
    out
}

