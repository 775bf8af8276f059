//! `compare` (every source's row for one feature) and autocomplete.

use crate::knowledge::{enumerate, Body, EntryIx, Kind};

use super::lexicon::worth_fuzzy_matching;
use super::*;

pub(super) fn row_of(brain: &Brain, ord: EntryIx) -> Option<ComparedRow> {
    let k = brain.knowledge();
    let e = &k.entries[ord];
    let Body::Row(row) = &e.body else {
        return None;
    };
    let source = k.source(&e.source);
    Some(ComparedRow {
        source: e.source.clone(),
        title: source.map(|s| s.title.clone()).unwrap_or_default(),
        origin: source.map(|s| s.origin.clone()).unwrap_or_default(),
        as_of: row
            .as_of
            .clone()
            .or_else(|| source.and_then(|s| s.as_of.clone())),
        entry: e.id.clone(),
        table: row.table.clone(),
        feature: row.feature.clone(),
        tensorflow: row.tensorflow.printed().unwrap_or_default(),
        pytorch: row.pytorch.printed().unwrap_or_default(),
        winner: row.winner,
        note: row.note.clone(),
    })
}

/// Fewer letters than this match too many names by edit distance to be a useful suggestion.
const MIN_FUZZY_CHARS: usize = 4;

/// `compare` with a given brain.
pub fn compare_with(brain: &Brain, feature: &str) -> Comparison {
    let k = brain.knowledge();
    let cleaned = text::clean(feature);
    let norm = text::words(&cleaned).join(" ");
    let mut rows: Vec<EntryIx> = Vec::new();
    let mut matched = None;
    // 1. A row label, exactly (after folding case and punctuation).
    if let Some(f) = brain
        .features
        .iter()
        .find(|f| f.norm == norm && !norm.is_empty())
    {
        rows.extend(&f.rows);
        matched = Some(f.label.clone());
        // Rows of other sources on the same topic belong side by side with it.
        if let Some(topic) = brain.first_topic(f.rows[0]) {
            for (i, e) in enumerate(&k.entries) {
                if e.kind() == Kind::Row
                    && brain.first_topic(i) == Some(topic)
                    && !rows.contains(&i)
                {
                    rows.push(i);
                }
            }
        }
    }
    // 2. A topic named by the words, as the engine places a question's: a generic word alone
    // ("feature", "best") names none, and as many words no source knows as known ones
    // ("nonsense feature") make it something the rows do not cover.
    if rows.is_empty() {
        let reading = read::read(brain, &cleaned);
        let chosen = topics::choose(brain, &reading);
        let placed = chosen
            .topics
            .first()
            .filter(|_| chosen.unknown < chosen.known);
        if let Some(t) = placed {
            for (i, e) in enumerate(&k.entries) {
                if e.kind() == Kind::Row && brain.first_topic(i) == Some(t.topic) {
                    rows.push(i);
                }
            }
            if rows.is_empty() {
                for (i, e) in enumerate(&k.entries) {
                    if e.kind() == Kind::Row && brain.entry_topics[i].contains(&t.topic) {
                        rows.push(i);
                    }
                }
            }
            if !rows.is_empty() {
                matched = Some(k.topics[t.topic].label.clone());
            }
        }
        // 3. Row labels containing every word.
        if rows.is_empty() && !norm.is_empty() {
            let want: Vec<String> = reading
                .stems
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect();
            for f in &brain.features {
                let have: Vec<String> = text::words(&f.label)
                    .iter()
                    .map(|w| brain.lexicon.stem(w))
                    .collect();
                if !want.is_empty() && want.iter().all(|w| have.contains(w)) {
                    rows.extend(&f.rows);
                    matched.get_or_insert_with(|| f.label.clone());
                }
            }
        }
    }
    rows.sort_by_key(|&i| (brain.entry_source[i], i));
    rows.dedup();
    let suggestions = if rows.is_empty() {
        nearest(brain, feature, SUGGESTIONS)
    } else {
        Vec::new()
    };
    Comparison {
        feature: feature.to_string(),
        matched,
        rows: rows.into_iter().filter_map(|i| row_of(brain, i)).collect(),
        suggestions,
    }
}

/// Feature names offered when nothing matched: enough to pick from in one line.
const SUGGESTIONS: usize = 5;

/// The feature and topic names nearest `feature`: those matching it as typed, else those
/// matching any of its words (a misspelling within one edit included), else the names most
/// rows carry, so a request that matches nothing always gets names that do.
fn nearest(brain: &Brain, feature: &str, limit: usize) -> Vec<String> {
    let whole = suggest_with(brain, feature, limit);
    if !whole.is_empty() {
        return whole;
    }
    let mut by_word: Vec<String> = Vec::new();
    for w in text::words(&text::clean(feature)) {
        if brain.cues.stopwords.contains(&w) || w.chars().count() < MIN_FUZZY_CHARS {
            continue;
        }
        for name in suggest_with(brain, &w, limit) {
            if by_word.len() < limit && !by_word.contains(&name) {
                by_word.push(name);
            }
        }
    }
    if by_word.is_empty() {
        suggest_with(brain, "", limit)
    } else {
        by_word
    }
}

/// Autocomplete with a given brain: row labels and topic labels ranked by how well they match
/// what was typed so far.
pub fn suggest_with(brain: &Brain, partial: &str, limit: usize) -> Vec<String> {
    let typed = text::words(&text::clean(partial)).join(" ");
    let typed_chars = typed.chars().count();
    // Edit distance costs the product of the two lengths, per name: only what could be a
    // misspelt word is matched fuzzily.
    let fuzzy = typed.len() >= MIN_FUZZY_CHARS && worth_fuzzy_matching(&typed);
    let mut scored: Vec<(u32, std::cmp::Reverse<usize>, &str)> = Vec::new();
    for name in &brain.names {
        let norm = name.norm.as_str();
        let rank = if typed.is_empty() {
            Some(3)
        } else if norm.starts_with(&typed) {
            Some(0)
        } else if norm.split(' ').any(|w| w.starts_with(&typed)) {
            Some(1)
        } else if norm.contains(&typed) {
            Some(2)
        } else if fuzzy
            && norm.split(' ').any(|w| {
                let prefix: String = w.chars().take(typed_chars).collect();
                damerau_levenshtein(&prefix, &typed) <= 1
            })
        {
            Some(3)
        } else {
            None
        };
        if let Some(r) = rank {
            scored.push((r, std::cmp::Reverse(name.weight), &name.label));
        }
    }
    scored.sort();
    scored
        .into_iter()
        .take(limit)
        .map(|(_, _, l)| l.chars().take(100).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::engine::testing::brain;

    #[test]
    fn a_misspelt_feature_is_suggested_and_an_over_long_one_costs_no_fuzzy_matching() {
        let b = brain();
        assert!(suggest_with(b, "learnign", 5)
            .iter()
            .any(|s| s.to_lowercase().contains("learning")));
        let long = "tensorflow".repeat(100);
        assert!(!worth_fuzzy_matching(&long));
        assert!(suggest_with(b, &long, 5).is_empty());
        let c = compare_with(b, &long);
        assert!(c.rows.is_empty() && c.feature == long);
    }

    #[test]
    fn a_feature_that_matches_nothing_gets_no_rows_and_the_nearest_names() {
        let b = brain();
        for f in [
            "nonsense feature",
            "feature",
            "best hiking boots",
            "guitar strings",
            "the weather in paris",
            "blorp",
            "quantum teleportation",
            "mobile blorp",
        ] {
            let c = compare_with(b, f);
            assert!(
                c.rows.is_empty(),
                "{f}: matched {:?} with {} row(s)",
                c.matched,
                c.rows.len()
            );
            assert_eq!(c.matched, None, "{f}");
            assert!(!c.suggestions.is_empty(), "{f}: no names offered");
            assert!(c.suggestions.len() <= SUGGESTIONS, "{f}");
        }
        // A misspelt word of a feature is offered by that feature's name.
        let c = compare_with(b, "nonsense githib");
        assert!(c.rows.is_empty());
        assert!(
            c.suggestions
                .iter()
                .any(|s| s.to_lowercase().contains("github")),
            "{:?}",
            c.suggestions
        );
    }

    #[test]
    fn features_in_other_wordings_still_match() {
        let b = brain();
        for (f, label) in [
            ("GitHub Stars", "github"),
            ("stars on github", "github"),
            ("github star count", "github"),
            ("mobile", "mobile"),
            ("phones and edge devices", "mobile"),
        ] {
            let c = compare_with(b, f);
            assert!(!c.rows.is_empty(), "{f}: nothing matched");
            let matched = c.matched.unwrap_or_default().to_lowercase();
            assert!(matched.contains(label), "{f}: matched {matched}");
            assert!(c.suggestions.is_empty(), "{f}");
        }
    }
}
