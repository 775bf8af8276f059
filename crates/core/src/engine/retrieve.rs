//! Retrieval from the index and ranking of candidate entries.

use foldhash::{HashSet, HashSetExt};

use crate::knowledge::{enumerate, EntryIx, IxVec, PhraseList, SourceIx, WordList};

use super::*;

/// The stem of "initial", as the index holds it.
const FIRST_RELEASE_STEM: &str = "initi";
/// Labels are short, so their idf runs high: a modest boost keeps "Visualization Tools" from
/// outranking the row that actually mentions quantization.
const LABEL_BOOST: f32 = 0.5;
/// An entry tagged with the asked topic outranks one that merely shares a word or two.
const TOPIC_BOOST: f32 = 2.5;
/// Entries scoring under this share of the best are too far off the question to cite.
const CITABLE_SHARE: f32 = 0.25;
/// A synonym counts a little less than the word itself.
const SYNONYM_WEIGHT: f32 = 0.8;

pub(super) fn search(brain: &Brain, reading: &Reading, topics: &[TopicWeight]) -> Vec<Hit> {
    let g = &brain.generation;
    let f = g.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // Should clauses only add to scores: one for a term its field lacks changes no hit.
    let mut term = |field, text: &str, boost: f32| {
        if !g.may_hold(field, text) {
            return;
        }
        let q = TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        );
        clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
    };
    for (stem, weight) in &reading.content {
        for to in brain.related(stem) {
            term(f.label, to, SYNONYM_WEIGHT * weight);
            term(f.body, to, SYNONYM_WEIGHT * weight);
        }
        term(f.body, stem, *weight);
        term(f.label, stem, LABEL_BOOST * weight);
    }
    if asks_first_release(&brain.cues, reading) {
        term(f.label, FIRST_RELEASE_STEM, SYNONYM_WEIGHT);
        term(f.body, FIRST_RELEASE_STEM, SYNONYM_WEIGHT);
    }
    for t in topics {
        let id = &brain.knowledge().topics[t.topic].id;
        term(f.topics, id.as_str(), TOPIC_BOOST * t.weight);
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
        .filter_map(|(score, addr)| g.ord(addr).map(|entry| Hit { entry, score }))
        .collect()
}

/// Whether the question says one of the `first_release` phrases of `faq/lexicon.toml`,
/// outside negated words, and not followed by an `outcome` word ("came out on top").
fn asks_first_release(cues: &super::frame::Cues, reading: &Reading) -> bool {
    let words = &reading.words;
    (0..words.len()).any(|i| {
        cues.listed_at(PhraseList::FirstRelease, words, i)
            .is_some_and(|len| {
                let end = i + len;
                !reading.negated[i..end].iter().any(|&n| n)
                    && !words
                        .get(end)
                        .is_some_and(|next| cues.in_list(WordList::Outcome, next))
            })
    })
}

/// The stems of the first two topics' words.
pub(super) fn topic_stems<'b>(brain: &'b Brain, topics: &[TopicWeight]) -> Vec<&'b str> {
    topics
        .iter()
        .take(2)
        .flat_map(|t| brain.topic_stems[t.topic].iter().map(String::as_str))
        .collect()
}

/// Ranking order: best score first, ties by entry order.
fn by_rank(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry))
}

/// The entries [`diversify`] can choose `limit` from, in ranking order: the `limit` best and
/// each source's best. On a large knowledge base a topic's evidence runs to thousands of
/// entries, and sorting them all was a tenth of an answer; these few give the same choice.
pub(super) fn contenders(brain: &Brain, mut ranked: Vec<Hit>, limit: usize) -> Vec<Hit> {
    if limit > 0 && ranked.len() > limit {
        ranked.select_nth_unstable_by(limit - 1, by_rank);
        let (top, rest) = ranked.split_at(limit);
        let sources = brain.knowledge().sources.len();
        let mut best_of: IxVec<SourceIx, Option<Hit>> = IxVec::filled(sources, None);
        for &r in rest {
            let slot = &mut best_of[brain.entry_source[r.entry]];
            if slot.is_none_or(|best| by_rank(&r, &best).is_lt()) {
                *slot = Some(r);
            }
        }
        let mut out = top.to_vec();
        out.extend(best_of.iter().flatten());
        ranked = out;
    }
    ranked.sort_unstable_by(by_rank);
    ranked
}

/// Best entries first, but each source heard before any is heard twice.
pub(super) fn diversify(brain: &Brain, ranked: &[Hit], limit: usize) -> Vec<EntryIx> {
    let best = ranked.first().map(|r| r.score).unwrap_or(0.0);
    // `ranked` is best first: once one falls under the bar, all the rest do.
    let eligible = ranked
        .iter()
        .take_while(|r| r.score >= CITABLE_SHARE * best)
        .count();
    // Positions in `ranked` of the chosen entries.
    let mut chosen: Vec<usize> = Vec::new();
    let mut seen_sources: HashSet<SourceIx> = HashSet::new();
    for (pos, r) in ranked[..eligible].iter().enumerate() {
        let ord = r.entry;
        if chosen.len() >= limit {
            break;
        }
        if seen_sources.insert(brain.entry_source[ord]) {
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
    chosen.into_iter().map(|pos| ranked[pos].entry).collect()
}

/// "What does ZTABS recommend?": a question naming a publisher is about that source.
pub(super) fn only_named_publishers(brain: &Brain, reading: &Reading, ranked: &mut Vec<Hit>) {
    let k = brain.knowledge();
    let asked = reading.words.join(" ");
    let named: Vec<SourceIx> = enumerate(&k.sources)
        .filter(|(_, s)| {
            s.publisher.as_deref().is_some_and(|p| {
                let p = text::words(p).join(" ");
                !p.is_empty() && asked.contains(&p)
            })
        })
        .map(|(i, _)| i)
        .collect();
    if !named.is_empty() {
        ranked.retain(|r| named.contains(&brain.entry_source[r.entry]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::brain;
    use crate::knowledge::Ix;

    #[test]
    fn contenders_give_diversify_the_choice_a_full_sort_gives() {
        let k = brain().knowledge();
        let n = k.entries.len();
        // A spread of scores with ties, from a fixed linear congruential sequence.
        let mut x: u64 = 7;
        for round in 0..50 {
            let ranked: Vec<Hit> = (0..n)
                .filter(|i| (i + round) % 3 != 0)
                .map(|i| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    Hit {
                        entry: EntryIx::new(i),
                        score: ((x >> 40) % 50) as f32 / 10.0,
                    }
                })
                .collect();
            let mut sorted = ranked.clone();
            sorted.sort_by(by_rank);
            for limit in [1, 3, 6] {
                assert_eq!(
                    diversify(brain(), &contenders(brain(), ranked.clone(), limit), limit),
                    diversify(brain(), &sorted, limit),
                    "round {round}, limit {limit}"
                );
            }
        }
    }

    #[test]
    fn related_words_are_searched_as_the_stems_the_index_holds() {
        let b = brain();
        // "first" → "initial", stemmed as the index stems "Initial Release".
        assert_eq!(b.related("first"), ["initi"]);
        assert!(b.related("initi").is_empty());
        let without = crate::engine::testing::brain_with(crate::knowledge::Vocabulary {
            related: vec![("debut".into(), "initial release".into())],
            ..Default::default()
        });
        assert!(without.related("first").is_empty());
        assert_eq!(without.related("debut"), ["initi", "releas"]);
    }

    #[test]
    fn the_first_release_leads_however_the_question_words_it() {
        for q in [
            "what year did pytorch come out",
            "when did tensorflow come out?",
            "how old is pytorch?",
        ] {
            let a = crate::engine::ask_with(brain(), q);
            assert_eq!(a.citations[0].entry, "002-row-initial-release", "{q}");
            assert!(a.disagreements.is_empty(), "{q}: {:?}", a.disagreements);
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
