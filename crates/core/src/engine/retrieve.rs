//! Retrieval from the index and ranking of candidate entries.

use std::collections::HashSet;

use crate::knowledge::Knowledge;

use super::*;

/// Stems people type and the stems the sources use for the same thing ("when did it first come
/// out" is asked of "Initial Release").
const SYNONYMS: &[(&str, &str)] = &[
    ("first", "initi"),
    ("origin", "initi"),
    ("debut", "initi"),
    ("quicker", "faster"),
    ("doc", "document"),
    ("cheap", "free"),
    ("price", "cost"),
];
/// Labels are short, so their idf runs high: a modest boost keeps "Visualization Tools" from
/// outranking the row that actually mentions quantization.
const LABEL_BOOST: f32 = 0.5;
/// An entry tagged with the asked topic outranks one that merely shares a word or two.
const TOPIC_BOOST: f32 = 2.5;
/// Entries scoring under this share of the best are too far off the question to cite.
const CITABLE_SHARE: f32 = 0.25;
/// A synonym counts a little less than the word itself.
const SYNONYM_WEIGHT: f32 = 0.8;

pub(super) fn search(
    brain: &Brain,
    reading: &Reading,
    topics: &[(usize, f32)],
) -> Vec<(usize, f32)> {
    let g = &brain.generation;
    let f = g.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let term = |field, text: &str, boost: f32| -> (Occur, Box<dyn Query>) {
        let q = TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        );
        (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost)))
    };
    for (stem, weight) in &reading.content {
        for &(from, to) in SYNONYMS {
            if stem == from {
                clauses.push(term(f.label, to, SYNONYM_WEIGHT * weight));
                clauses.push(term(f.body, to, SYNONYM_WEIGHT * weight));
            }
        }
        clauses.push(term(f.body, stem, *weight));
        clauses.push(term(f.label, stem, LABEL_BOOST * weight));
    }
    for &(t, w) in topics {
        let id = &brain.knowledge().topics[t].id;
        clauses.push(term(f.topics, id, TOPIC_BOOST * w));
    }
    if clauses.is_empty() {
        return Vec::new();
    }
    let query = BooleanQuery::new(clauses);
    let searcher = g.reader.searcher();
    let hits = match searcher.search(&query, &TopDocs::with_limit(CANDIDATES).order_by_score()) {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "search failed");
            return Vec::new();
        }
    };
    hits.into_iter()
        .filter_map(|(score, addr)| g.ord(addr).map(|o| (o, score)))
        .collect()
}

/// The stems of the first two topics' words.
pub(super) fn topic_stems<'b>(brain: &'b Brain, topics: &[(usize, f32)]) -> Vec<&'b str> {
    topics
        .iter()
        .take(2)
        .flat_map(|&(t, _)| brain.topic_stems[t].iter().map(String::as_str))
        .collect()
}

/// Best entries first, but each source heard before any is heard twice.
pub(super) fn diversify(k: &Knowledge, ranked: &[(usize, f32)], limit: usize) -> Vec<usize> {
    let best = ranked.first().map(|r| r.1).unwrap_or(0.0);
    // `ranked` is best first: once one falls under the bar, all the rest do.
    let eligible = ranked
        .iter()
        .take_while(|r| r.1 >= CITABLE_SHARE * best)
        .count();
    // Positions in `ranked` of the chosen entries.
    let mut chosen: Vec<usize> = Vec::new();
    let mut seen_sources: HashSet<&str> = HashSet::new();
    for (pos, &(ord, _)) in ranked[..eligible].iter().enumerate() {
        if chosen.len() >= limit {
            break;
        }
        if seen_sources.insert(k.entries[ord].source.as_str()) {
            chosen.push(pos);
        }
    }
    for pos in 0..eligible {
        if chosen.len() >= limit {
            break;
        }
        if !chosen.contains(&pos) {
            chosen.push(pos);
        }
    }
    // Keep the overall ranking order.
    chosen.sort_unstable();
    chosen.into_iter().map(|pos| ranked[pos].0).collect()
}

/// "What does ZTABS recommend?": a question naming a publisher is about that source.
pub(super) fn only_named_publishers(
    brain: &Brain,
    reading: &Reading,
    ranked: &mut Vec<(usize, f32)>,
) {
    let k = brain.knowledge();
    let asked = reading.words.join(" ");
    let named: Vec<&str> = k
        .sources
        .iter()
        .filter(|s| {
            s.publisher.as_deref().is_some_and(|p| {
                let p = text::words(p).join(" ");
                !p.is_empty() && asked.contains(&p)
            })
        })
        .map(|s| s.id.as_str())
        .collect();
    if !named.is_empty() {
        ranked.retain(|&(ord, _)| named.contains(&k.entries[ord].source.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::brain;

    #[test]
    fn synonyms_are_written_as_the_stems_the_index_holds() {
        let lex = &brain().lexicon;
        for &(from, to) in SYNONYMS {
            assert_eq!(lex.stem(from), from, "{from}");
            assert_eq!(lex.stem(to), to, "{to}");
        }
    }

    #[test]
    fn the_first_release_is_found_for_a_question_about_when_it_came_out() {
        let a = crate::engine::ask_with(brain(), "when was tensorflow first released?");
        assert!(
            a.citations[0].snippet.contains("2015"),
            "{:?}",
            a.citations[0]
        );
        assert!(a.disagreements.is_empty(), "{:?}", a.disagreements);
    }
}
