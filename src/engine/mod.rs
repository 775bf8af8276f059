//! Question in, [`Answer`] out: clean the text, find the frameworks, topic and intent, retrieve
//! from the index, decide a verdict from every source's evidence, and cite the quotes.
//!
//! The engine never fails on a question: whatever arrives, the result is an `Answer`.

mod brain;
mod cite;
mod compare;
mod disagree;
mod lexicon;
mod read;
mod retrieve;
pub mod text;
mod verdict;
mod wording;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use arc_swap::ArcSwap;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

pub use brain::Brain;
pub use compare::{compare_with, suggest_with};
pub use lexicon::{damerau_levenshtein, Lexicon, TopicMatch};

use brain::Evidence;
use cite::*;
use disagree::*;
use read::*;
use retrieve::*;
use verdict::*;
use wording::*;

use crate::index::{Generation, IndexError, Store};
use crate::knowledge::{Body, Entry, Kind, Knowledge, Side, Source};

/// How many citations an answer carries at most.
pub const MAX_CITATIONS: usize = 6;
/// How many characters of quoted text one citation carries at most (cut at sentence bounds).
pub const MAX_SNIPPET_CHARS: usize = 420;
const CANDIDATES: usize = 60;

/// What kind of question it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Intent {
    /// Asks which framework to use (or states a situation): wants a verdict.
    Compare,
    /// Asks for a fact: wants the quotes, no verdict.
    Fact,
}

/// One quote backing an answer.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Citation {
    /// Source id.
    pub source: String,
    /// Source title.
    pub title: String,
    /// Where the source came from.
    pub origin: String,
    /// The date the quote is stated for (the entry's own, else the source's).
    pub as_of: Option<String>,
    /// Verbatim text: the entry's label and the quoted sentences that matter.
    pub snippet: String,
    /// The entry the snippet comes from.
    pub entry: String,
    /// The entry's kind.
    pub kind: Kind,
    /// The side this quote takes, where it takes one.
    pub side: Option<Side>,
}

/// How one source voted on the topic.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Vote {
    /// Source id.
    pub source: String,
    /// Source title.
    pub title: String,
    /// The side its evidence favours.
    pub side: Side,
    /// How firmly, 0–1 (a stated pick is firm; a single table cell is not).
    pub strength: f32,
}

/// One answer to one question.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// Whether the knowledge had anything relevant.
    pub answered: bool,
    /// The verdict, when the question asks for one and the sources give one.
    pub verdict: Option<Side>,
    /// The topic id the answer is about.
    pub topic: Option<String>,
    /// The topic's label.
    pub topic_label: Option<String>,
    /// Whether this was read as a comparison or a factual question.
    pub intent: Intent,
    /// The reasoning, for a person.
    pub answer: String,
    /// The quotes behind it, best first.
    pub citations: Vec<Citation>,
    /// Each source's vote on the topic (empty for factual questions).
    pub votes: Vec<Vote>,
    /// Where sources disagree, one sentence each.
    pub disagreements: Vec<String>,
    /// The alternative the sources name, when the verdict is "neither".
    pub alternative: Option<String>,
    /// The topics it knows, when it could not answer.
    pub known_topics: Vec<String>,
    /// The index generation that answered.
    pub generation: u64,
}

/// One source's row for a feature, for `compare`.
#[derive(Debug, Clone, Serialize)]
pub struct ComparedRow {
    /// Source id.
    pub source: String,
    /// Source title.
    pub title: String,
    /// Where the source came from.
    pub origin: String,
    /// The date the row is stated for.
    pub as_of: Option<String>,
    /// The entry id.
    pub entry: String,
    /// The table it comes from.
    pub table: String,
    /// The row's label, verbatim.
    pub feature: String,
    /// TensorFlow's cell (score and text).
    pub tensorflow: String,
    /// PyTorch's cell (score and text).
    pub pytorch: String,
    /// The winner the source names, if any.
    pub winner: Option<Side>,
    /// A note the table attaches.
    pub note: Option<String>,
}

/// The rows of every source for one feature.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The feature as asked.
    pub feature: String,
    /// What it was matched to (a row label or a topic), if anything.
    pub matched: Option<String>,
    /// The rows, in source order.
    pub rows: Vec<ComparedRow>,
    /// Labels close to the request, when nothing matched.
    pub suggestions: Vec<String>,
}

/// The answering engine: the current brain, swapped atomically on reindex.
pub struct Engine {
    current: ArcSwap<Brain>,
    store: Option<Store>,
    faq: Option<std::path::PathBuf>,
    reindexing: std::sync::Mutex<()>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("generation", &self.current.load().generation.number)
            .finish()
    }
}

/// How the engine came to be ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Startup {
    /// The recorded generation matched faq/ and was opened.
    Opened,
    /// No usable generation, or faq/ changed: a new one was built.
    Built,
    /// faq/ changed but is invalid: the recorded generation serves meanwhile.
    StaleServing,
}

/// What a successful reindex did.
#[derive(Debug, Clone, Serialize)]
pub struct ReindexReport {
    /// The generation now serving.
    pub generation: u64,
    /// Entries indexed.
    pub entries: usize,
    /// Sources.
    pub sources: usize,
    /// Entries by kind.
    pub counts: Vec<(Kind, usize)>,
    /// Time from start to switch.
    #[serde(serialize_with = "millis")]
    pub elapsed: std::time::Duration,
}

fn millis<S: serde::Serializer>(d: &std::time::Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64() * 1000.0)
}

/// Why a reindex did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ReindexError {
    /// Another reindex is running.
    #[error("a reindex is already running")]
    Busy,
    /// This engine was built in memory and has no faq/ or index directory.
    #[error("this engine has no index directory")]
    NoStore,
    /// The build failed; the old generation keeps serving.
    #[error(transparent)]
    Index(#[from] IndexError),
}

impl Engine {
    /// An engine over an in-memory index of `knowledge` (tests, benchmarks).
    pub fn in_memory(knowledge: Knowledge) -> Result<Engine, IndexError> {
        let generation = Generation::in_ram(knowledge)?;
        Ok(Engine {
            current: ArcSwap::from_pointee(Brain::new(generation)),
            store: None,
            faq: None,
            reindexing: std::sync::Mutex::new(()),
        })
    }

    /// Opens the index under `index_dir` for `faq_dir`, building it when it is missing or when
    /// faq/ changed. When faq/ changed but is broken, the old generation serves (and the problems
    /// are returned by the next reindex).
    pub fn open(faq_dir: &Path, index_dir: &Path) -> Result<(Engine, Startup), IndexError> {
        let store = Store::new(index_dir);
        let fingerprint = crate::knowledge::fingerprint_dir(faq_dir).ok();
        let recorded = store.current_fingerprint();
        let existing = match store.open_current() {
            Ok(g) => g,
            Err(e) => {
                tracing::warn!(error = %e, "recorded index generation unusable; rebuilding");
                None
            }
        };
        let (generation, startup) = match existing {
            Some(g) if fingerprint.is_some() && fingerprint == recorded => (g, Startup::Opened),
            Some(g) => match store.build(faq_dir) {
                Ok(report) => (report.generation, Startup::Built),
                Err(IndexError::Invalid(problems)) => {
                    tracing::warn!(
                        problems = problems.len(),
                        "faq/ changed but has problems; serving the previous index"
                    );
                    (g, Startup::StaleServing)
                }
                Err(e) => return Err(e),
            },
            None => (store.build(faq_dir)?.generation, Startup::Built),
        };
        store.clean();
        Ok((
            Engine {
                current: ArcSwap::from_pointee(Brain::new(generation)),
                store: Some(store),
                faq: Some(faq_dir.to_path_buf()),
                reindexing: std::sync::Mutex::new(()),
            },
            startup,
        ))
    }

    /// The brain answering now.
    pub fn brain(&self) -> Arc<Brain> {
        self.current.load_full()
    }

    /// Rebuilds from faq/ into a new generation and switches to it; on any problem the current
    /// generation keeps serving. One at a time: a second concurrent call gets [`ReindexError::Busy`].
    pub fn reindex(&self) -> Result<ReindexReport, ReindexError> {
        let (Some(store), Some(faq)) = (&self.store, &self.faq) else {
            return Err(ReindexError::NoStore);
        };
        let _guard = match self.reindexing.try_lock() {
            Ok(g) => g,
            Err(std::sync::TryLockError::WouldBlock) => return Err(ReindexError::Busy),
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
        };
        let report = store.build(faq)?;
        let brain = Brain::new(report.generation);
        let summary = ReindexReport {
            generation: brain.generation.number,
            entries: brain.knowledge().entries.len(),
            sources: brain.knowledge().sources.len(),
            counts: brain.knowledge().counts(),
            elapsed: report.elapsed,
        };
        // Readers holding the old brain finish on it; new questions see the new one.
        let old = self.current.swap(Arc::new(brain));
        // Housekeeping after the switch, off the caller's path: unlinking a generation's files
        // costs ~4 ms a file on a synced ext4 disk, and dropping a large brain takes a while.
        // clean() never touches generations newer than the current one, so a reindex that
        // starts meanwhile is safe.
        let store = store.clone();
        std::thread::spawn(move || {
            drop(old);
            store.clean();
        });
        Ok(summary)
    }

    /// Answers one question. Never fails.
    pub fn ask(&self, question: &str) -> Answer {
        ask_with(&self.brain(), question)
    }

    /// Every source's row for `feature` (a row label, a topic or a word people type for it).
    pub fn compare(&self, feature: &str) -> Comparison {
        compare_with(&self.brain(), feature)
    }

    /// Feature and topic names for autocomplete, best first, at most `limit`.
    pub fn suggest(&self, partial: &str, limit: usize) -> Vec<String> {
        suggest_with(&self.brain(), partial, limit)
    }

    /// The sources, in file order.
    pub fn sources(&self) -> Vec<Source> {
        self.brain().knowledge().sources.clone()
    }
}
pub fn ask_with(brain: &Brain, question: &str) -> Answer {
    let cleaned = text::clean(question);
    let reading = read(brain, &cleaned);
    let k = brain.knowledge();
    let generation = brain.generation.number;
    let unanswered = |reason: &str| {
        let known: Vec<String> = k.topics.iter().map(|t| t.label.clone()).collect();
        Answer {
            question: question.to_string(),
            answered: false,
            verdict: None,
            topic: None,
            topic_label: None,
            intent: reading.intent,
            answer: reason.to_string(),
            citations: Vec::new(),
            votes: Vec::new(),
            disagreements: Vec::new(),
            alternative: None,
            known_topics: known,
            generation,
        }
    };

    let known_content = reading.content.iter().filter(|(_, w)| *w >= 1.0).count();
    let unknown_content = reading
        .words
        .iter()
        .zip(&reading.stems)
        .filter(|(w, s)| {
            !text::is_stopword(w) && text::framework_of(w).is_none() && !brain.lexicon.knows_stem(s)
        })
        .count();
    let about_frameworks = !reading.frameworks.is_empty();
    // "Which framework should I use?": nothing but a request to choose.
    let bare_choice = reading.cue && known_content == 0 && unknown_content == 0;

    // Topics that count: strong ones; weak ones only when the question is plainly about the
    // frameworks or is a comparison made of words the knowledge knows.
    let top = reading.topics.first().map(|t| t.score).unwrap_or(0.0);
    let strong_any = reading.topics.iter().any(|t| t.strong);
    let accept_weak =
        about_frameworks || (reading.intent == Intent::Compare && known_content > unknown_content);
    let topics: Vec<(usize, f32)> = reading
        .topics
        .iter()
        .filter(|t| {
            if strong_any {
                t.strong && t.score >= 0.5 * top
            } else {
                accept_weak || t.score >= 0.69
            }
        })
        .map(|t| (t.topic, (t.score / top.max(1e-6)).min(1.0)))
        .collect();

    if topics.is_empty()
        && !about_frameworks
        && !bare_choice
        && (known_content == 0 || unknown_content >= known_content)
    {
        return unanswered(
            "I only know what my sources say about TensorFlow and PyTorch, and they don't cover that.",
        );
    }

    // A comparison with no topic is a question about the frameworks overall.
    let overall = k.topics.iter().position(|t| t.id == "overall");
    let search_topics: Vec<(usize, f32)> = if topics.is_empty() && reading.intent == Intent::Compare
    {
        overall.map(|o| vec![(o, 1.0)]).unwrap_or_default()
    } else {
        topics.clone()
    };
    let mut primary = search_topics.first().map(|&(t, _)| t);

    let hits = search(brain, &reading, &search_topics);
    if hits.is_empty() && topics.is_empty() && !about_frameworks && !bare_choice {
        return unanswered("Nothing in my sources matches that question.");
    }

    // A question about a plain fact (versions, who makes them) gets quotes, not a verdict.
    let intent = match primary {
        Some(t) if !k.topics[t].verdict => Intent::Fact,
        _ => reading.intent,
    };
    // The first topic with evidence decides, on its own evidence: pooling topics would let a
    // side topic ("beginner" in a question about spreadsheets) outvote the real one.
    let verdict = if intent == Intent::Compare {
        let mut decided = None;
        for &(t, _) in search_topics.iter().filter(|&&(t, _)| k.topics[t].verdict) {
            let v = decide(brain, &[(t, 1.0)]);
            if v.side.is_some() {
                primary = Some(t);
                decided = Some(v);
                break;
            }
        }
        Some(decided.unwrap_or_else(|| decide(brain, &search_topics[..search_topics.len().min(1)])))
    } else {
        None
    };
    let verdict_topics: Vec<(usize, f32)> = match primary {
        Some(p) => std::iter::once((p, 1.0))
            .chain(search_topics.iter().copied().filter(|&(t, _)| t != p))
            .collect(),
        None => search_topics.clone(),
    };

    // Rank candidates: retrieval score, plus evidence weight for comparisons. The evidence can
    // be thousands of entries and the hits a few dozen, each entry at most once in either (one
    // document per entry): the two meet by binary search in the sorted hits rather than through
    // a map of every candidate. (entry, score, whether the evidence took it up.)
    let max_hit = hits.first().map(|h| h.1).unwrap_or(1.0).max(1e-6);
    let mut hit_scores: Vec<(usize, f32, bool)> = hits
        .iter()
        .map(|&(ord, s)| (ord, s / max_hit, false))
        .collect();
    hit_scores.sort_by_key(|h| h.0);
    // Entries mainly about the topic come before those that only touch on it; on a topic
    // people argue about, a quote that takes a side says more than a cell; and a bare bullet
    // ("Mobile and edge deployment") backs a verdict but explains nothing, so a quote with a
    // reason in it leads. `fit` is the entry's topic fit, known for evidence without a search.
    let argued = primary.is_some_and(|p| k.topics[p].verdict);
    let shaped = |e: &Entry, fit: f32| -> f32 {
        let mut bonus = 0.3 * fit;
        if argued && e.stance.is_some() && e.kind() != Kind::Row {
            bonus += 0.2 * fit;
        }
        if let Body::Pick { reason, .. } = &e.body {
            if reason.len() < 40 {
                bonus -= 0.4;
            }
        }
        bonus
    };
    let mut ranked: Vec<(usize, f32)> = Vec::new();
    if let Some(v) = &verdict {
        let max_ev = v.evidence.first().map(|e| e.1).unwrap_or(1.0).max(1e-6);
        ranked.reserve(v.evidence.len() + hit_scores.len());
        for &(ord, w, stance) in &v.evidence {
            let e = &k.entries[ord];
            let agrees = v.side == Some(stance);
            let hit = match hit_scores.binary_search_by_key(&ord, |h| h.0) {
                Ok(p) => {
                    hit_scores[p].2 = true;
                    hit_scores[p].1
                }
                Err(_) => 0.0,
            };
            // The verdict weighed this entry on the primary topic alone: weight × fit.
            let fit = w / evidence_weight(e).max(1e-6);
            ranked.push((
                ord,
                hit + (0.8 * w / max_ev + if agrees { 0.3 } else { 0.0 }) + shaped(e, fit),
            ));
        }
    }
    let primary_id = primary.map(|p| k.topics[p].id.as_str());
    ranked.extend(hit_scores.iter().filter(|h| !h.2).map(|h| {
        let e = &k.entries[h.0];
        let fit = primary_id.map(|id| topic_fit(e, id)).unwrap_or(0.0);
        (h.0, h.1 + shaped(e, fit))
    }));
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // "What does ZTABS recommend?": a question naming a publisher is about that source.
    let named: Vec<&str> = k
        .sources
        .iter()
        .filter(|s| {
            s.publisher.as_deref().is_some_and(|p| {
                let p = text::words(p).join(" ");
                !p.is_empty() && reading.words.join(" ").contains(&p)
            })
        })
        .map(|s| s.id.as_str())
        .collect();
    if !named.is_empty() {
        ranked.retain(|&(ord, _)| named.contains(&k.entries[ord].source.as_str()));
    }
    let chosen = diversify(k, &ranked, MAX_CITATIONS);
    let topic_words = topic_stems(brain, &verdict_topics);
    let terms: HashSet<&str> = reading
        .content
        .iter()
        .map(|(s, _)| s.as_str())
        .chain(topic_words.iter().map(|s| s.as_str()))
        .collect();
    let citations: Vec<Citation> = chosen
        .iter()
        .map(|&ord| cite(brain, &k.entries[ord], &terms))
        .collect();

    let topic_id = primary.map(|t| k.topics[t].id.clone());
    let topic_label = primary.map(|t| k.topics[t].label.clone());
    let label = topic_label.clone().unwrap_or_else(|| "this".to_string());
    let mut disagreements = Vec::new();
    let mut alternative = None;
    let (verdict_side, votes, reasoning) = match verdict {
        Some(v) => {
            let total = v.votes.len();
            let text = match v.side {
                None => format!(
                    "My sources compare TensorFlow and PyTorch on {label} without naming a winner; here is what they say."
                ),
                Some(side) => {
                    let agreeing = v.votes.iter().filter(|x| x.side == side).count();
                    for vote in v.votes.iter().filter(|x| x.side != side) {
                        disagreements.push(format!(
                            "{} ({}) {}.",
                            vote.title,
                            vote.source,
                            lean(vote.side)
                        ));
                    }
                    match side {
                        Side::Neither => {
                            alternative = v.evidence.iter().find_map(|&(ord, _, _)| match &k.entries[ord].body {
                                Body::Pick { pick: Side::Neither, alternative: Some(a), .. } => Some(a.clone()),
                                _ => None,
                            });
                            match &alternative {
                                Some(a) => format!(
                                    "Neither, for {label}: {agreeing} of {total} source(s) that speak to it point elsewhere — {a}."
                                ),
                                None => format!(
                                    "Neither, for {label}: {agreeing} of {total} source(s) that speak to it point to another tool."
                                ),
                            }
                        }
                        Side::Tie => format!(
                            "A tie on {label}: {agreeing} of {total} source(s) that speak to it call them even, and the rest don't settle it."
                        ),
                        side => format!(
                            "{} for {label}: {agreeing} of {total} source(s) that speak to it favour {}.",
                            side.display_name(),
                            side.display_name()
                        ),
                    }
                }
            };
            let text = if topics.is_empty() && unknown_content > 0 && v.side.is_some() {
                format!("My sources don't speak to that directly. Overall: {text}")
            } else {
                text
            };
            (v.side, v.votes, text)
        }
        None => {
            let text = match &topic_label {
                Some(l) if !topics.is_empty() => format!("What my sources say about {l}:"),
                _ => "What my sources say:".to_string(),
            };
            (None, Vec::new(), text)
        }
    };
    disagreements.extend(figure_disagreements(brain, &chosen));

    Answer {
        question: question.to_string(),
        answered: !citations.is_empty(),
        verdict: verdict_side,
        topic: topic_id,
        topic_label,
        intent,
        answer: reasoning,
        citations,
        votes,
        disagreements,
        alternative,
        known_topics: Vec::new(),
        generation,
    }
}
