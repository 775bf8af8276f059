//! The knowledge base against its sources: every quote is verbatim, and every comparison-table
//! row of every article is in faq/ and comes back from `compare` with its source.

use crate::common;

use std::collections::BTreeMap;

use versus_core::knowledge::Kind;

/// Whitespace folded, so line breaks in TOML strings don't matter.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn article(origin: &str) -> String {
    std::fs::read_to_string(common::seeds_dir().join(origin)).expect("seed article exists")
}

#[test]
fn every_quoted_string_is_verbatim_in_its_source_article() {
    let k = common::shipped();
    let mut articles = BTreeMap::new();
    for s in &k.sources {
        articles.insert(s.id.clone(), fold(&article(&s.origin)));
    }
    let mut wrong = Vec::new();
    for e in &k.entries {
        let text = &articles[&e.source];
        for part in e.quoted_parts() {
            if !text.contains(&fold(part)) {
                wrong.push(format!(
                    "{}:{} {}: {:?}",
                    e.file.display(),
                    e.line,
                    e.id,
                    part
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "not verbatim:\n{}", wrong.join("\n"));
}

/// The comparison-table rows of an article: pipe tables with TensorFlow and PyTorch columns,
/// and the two layouts without pipes ("Feature / TensorFlow … / PyTorch …" and
/// "Feature / PyTorch / … / TensorFlow / …").
fn table_rows(text: &str) -> Vec<String> {
    let mut rows = Vec::new();
    let mut in_table = false;
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let cells_of = |line: &str| -> Vec<String> {
        line.trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect()
    };
    let is_separator =
        |line: &str| line.starts_with("|-") || line.starts_with("|:") || line.starts_with("| -");
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with('|') || is_separator(line) {
            // Tables interleave "Why…" lines with their rows: only a new header ends a table.
            continue;
        }
        let cells = cells_of(line);
        if lines.get(i + 1).is_some_and(|next| is_separator(next)) {
            in_table = cells.len() >= 3 && cells[1] == "TensorFlow" && cells[2] == "PyTorch";
            continue;
        }
        // Section headings sit in the first cell with the others empty.
        if !in_table || cells.len() < 3 || cells[1..].iter().all(|c| c.is_empty()) {
            continue;
        }
        rows.push(cells[0].clone());
    }
    for i in 0..lines.len().saturating_sub(4) {
        let tf_pt = lines[i + 1].starts_with("TensorFlow ")
            && lines[i + 2].starts_with("PyTorch ")
            && lines[i].len() < 40;
        let pt_tf = lines[i + 1] == "PyTorch" && lines[i + 3] == "TensorFlow";
        if (tf_pt || pt_tf) && !lines[i].is_empty() && !rows.contains(&lines[i].to_string()) {
            rows.push(lines[i].to_string());
        }
    }
    rows
}

#[test]
fn every_comparison_table_row_is_in_the_knowledge_and_reachable_through_compare() {
    let k = common::shipped();
    let engine = common::engine();
    let mut total = 0;
    let mut missing = Vec::new();
    for s in &k.sources {
        let rows = table_rows(&article(&s.origin));
        assert!(
            rows.len() >= 5,
            "{}: found only {} table rows; is the parser broken?",
            s.id,
            rows.len()
        );
        for feature in rows {
            total += 1;
            let in_faq = k.entries.iter().any(|e| {
                e.kind() == Kind::Row && e.source == s.id && e.label() == Some(feature.as_str())
            });
            let compared = engine.compare(&feature);
            let reachable = compared
                .rows
                .iter()
                .any(|r| r.source == s.id && r.feature == feature && !r.title.is_empty());
            if !in_faq || !reachable {
                missing.push(format!(
                    "{} {:?}: in faq/ {in_faq}, via compare {reachable}",
                    s.id, feature
                ));
            }
        }
    }
    assert!(
        total >= 82,
        "only {total} table rows found across the articles"
    );
    assert!(missing.is_empty(), "rows missing:\n{}", missing.join("\n"));
}

#[test]
fn compare_puts_every_sources_row_side_by_side() {
    let c = common::engine().compare("Mobile/Edge");
    let sources: std::collections::BTreeSet<&str> =
        c.rows.iter().map(|r| r.source.as_str()).collect();
    assert!(sources.len() >= 3, "{sources:?}");
    assert!(c
        .rows
        .iter()
        .all(|r| !r.tensorflow.is_empty() && !r.pytorch.is_empty()));
}

#[test]
fn disagreeing_sources_keep_their_own_figures() {
    let c = common::engine().compare("GitHub stars");
    let figures: Vec<(&str, &str)> = c
        .rows
        .iter()
        .map(|r| (r.source.as_str(), r.pytorch.as_str()))
        .collect();
    assert!(
        figures.iter().any(|(_, f)| f.contains("100.2k")),
        "{figures:?}"
    );
    assert!(
        figures.iter().any(|(_, f)| f.contains("84K")),
        "{figures:?}"
    );
    let a = common::engine().ask("How many GitHub stars does PyTorch have?");
    assert!(
        a.disagreements
            .iter()
            .any(|d| d.contains("different figures")),
        "{:?}",
        a.disagreements
    );
}

#[test]
fn every_source_has_a_title_origin_and_its_entries() {
    let k = common::shipped();
    assert_eq!(k.sources.len(), 5);
    for s in &k.sources {
        assert!(common::seeds_dir().join(&s.origin).exists(), "{}", s.origin);
        let n = k.entries.iter().filter(|e| e.source == s.id).count();
        assert!(n >= 10, "{} has only {n} entries", s.id);
    }
}

#[test]
fn every_kind_of_content_is_present() {
    let counts: BTreeMap<&str, usize> = common::shipped()
        .counts()
        .into_iter()
        .map(|(k, n)| (k.as_str(), n))
        .collect();
    for kind in Kind::ALL.map(Kind::as_str) {
        assert!(counts[kind] > 0, "no {kind} entries: {counts:?}");
    }
}
