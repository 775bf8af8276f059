//! Helpers for the import tests: importing an article into a scratch faq/ and measuring how
//! much of a reference set of entries the import recovered, by verbatim text.

use std::path::Path;

use versus_core::knowledge::{self, Body, Entry, Kind, Knowledge};
use versus_import::{Options, Report};

/// Imports the article at `path` into `faq` as source `id`.
pub fn import_file(path: &Path, id: &str, faq: &Path) -> Report {
    let bytes = std::fs::read(path).expect("article readable");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let options = Options {
        id: Some(id.to_string()),
        ..Options::default()
    };
    versus_import::import_article(&bytes, &name, &options, faq)
        .unwrap_or_else(|e| panic!("importing {}: {e} ({e:?})", path.display()))
}

/// Whitespace folded.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an entry must say, verbatim, to count as the same entry: a row's label and both cells
/// (score and text together), a FAQ's question and answer, a pick's side and reason.
pub fn key(e: &Entry) -> Option<String> {
    let cell = |c: &knowledge::Cell| fold(&c.printed().unwrap_or_default());
    match &e.body {
        Body::Row(row) => Some(format!(
            "row|{}|{}|{}",
            fold(&row.feature),
            cell(&row.tensorflow),
            cell(&row.pytorch)
        )),
        Body::Faq { question, answer } => Some(format!("faq|{}|{}", fold(question), fold(answer))),
        Body::Pick { pick, reason, .. } => Some(format!("pick|{pick}|{}", fold(reason))),
        _ => None,
    }
}

/// How many of `source`'s rows, FAQs and picks in `reference` have a match among `got`'s
/// entries of source `imported`, and the keys of those that do not.
pub fn recovery(
    reference: &Knowledge,
    source: &str,
    got: &Knowledge,
    imported: &str,
) -> (usize, usize, Vec<String>) {
    let found: std::collections::HashSet<String> = got
        .entries
        .iter()
        .filter(|e| e.source == imported)
        .filter_map(key)
        .collect();
    let wanted: Vec<String> = reference
        .entries
        .iter()
        .filter(|e| e.source == source && matches!(e.kind(), Kind::Row | Kind::Faq | Kind::Pick))
        .filter_map(key)
        .collect();
    let missing: Vec<String> = wanted
        .iter()
        .filter(|k| !found.contains(*k))
        .cloned()
        .collect();
    (wanted.len() - missing.len(), wanted.len(), missing)
}
