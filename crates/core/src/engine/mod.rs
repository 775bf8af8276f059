//! Question in, [`Answer`] out: clean the text, find the frameworks, topic and intent, retrieve
//! from the index, decide a verdict from every source's evidence, and cite the quotes.
//!
//! The engine never fails on a question: whatever arrives, the result is an `Answer`.

mod lexicon;
pub mod text;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use arc_swap::ArcSwap;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

pub use lexicon::{damerau_levenshtein, Lexicon, TopicMatch};

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

/// One generation's knowledge, index and lexicon, served together.
pub struct Brain {
    /// The index generation.
    pub generation: Generation,
    /// Words and topics of its knowledge.
    pub lexicon: Lexicon,
    features: Vec<Feature>,
    /// What autocomplete offers: row labels, then topic labels, one per folded name.
    names: Vec<Name>,
    /// Per topic, the entries tagged with it that take a side: the verdict's evidence, with
    /// what [`decide`] needs of each so that it never has to visit the entries themselves.
    evidence_by_topic: Vec<Vec<Evidence>>,
}

/// One entry as evidence on one topic.
#[derive(Debug, Clone, Copy)]
struct Evidence {
    /// Position in `Knowledge::entries`.
    entry: usize,
    /// Its [`topic_fit`] for the topic.
    fit: f32,
    /// Its [`evidence_weight`].
    weight: f32,
    /// The side it takes.
    side: Side,
    /// Position of its source in `Knowledge::sources`.
    source: usize,
}

/// A name autocomplete can offer, folded once when the brain is built rather than per keystroke.
#[derive(Debug, Clone)]
struct Name {
    label: String,
    norm: String,
    /// How many rows carry it (topics count one): more common names rank first.
    weight: usize,
}

/// A distinct row label and where it appears.
#[derive(Debug, Clone)]
struct Feature {
    label: String,
    norm: String,
    rows: Vec<usize>,
}

impl Brain {
    /// Wraps an opened generation.
    pub fn new(generation: Generation) -> Brain {
        let lexicon = Lexicon::new(&generation.knowledge);
        let mut features: Vec<Feature> = Vec::new();
        let mut by_norm: HashMap<String, usize> = HashMap::new();
        for (i, e) in generation.knowledge.entries.iter().enumerate() {
            if let Body::Row { feature, .. } = &e.body {
                let norm = text::words(feature).join(" ");
                match by_norm.get(&norm) {
                    Some(&f) => features[f].rows.push(i),
                    None => {
                        by_norm.insert(norm.clone(), features.len());
                        features.push(Feature {
                            label: feature.clone(),
                            norm,
                            rows: vec![i],
                        });
                    }
                }
            }
        }
        let k = &generation.knowledge;
        let topic_pos: HashMap<&str, usize> = k
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        let source_pos: HashMap<&str, usize> = k
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let entry_source: Vec<usize> = k
            .entries
            .iter()
            .map(|e| {
                source_pos
                    .get(e.source.as_str())
                    .copied()
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let mut evidence_by_topic = vec![Vec::new(); k.topics.len()];
        for (i, e) in k.entries.iter().enumerate() {
            let weight = evidence_weight(e);
            let Some(side) = e.stance else { continue };
            if weight > 0.0 {
                for t in &e.topics {
                    if let Some(&p) = topic_pos.get(t.as_str()) {
                        evidence_by_topic[p].push(Evidence {
                            entry: i,
                            fit: topic_fit(e, t),
                            weight,
                            side,
                            source: entry_source[i],
                        });
                    }
                }
            }
        }
        let candidates = features
            .iter()
            .map(|f| (f.label.clone(), f.norm.clone(), f.rows.len()))
            .chain(
                k.topics
                    .iter()
                    .map(|t| (t.label.clone(), text::words(&t.label).join(" "), 1)),
            );
        let mut seen: HashSet<String> = HashSet::new();
        let mut names = Vec::new();
        for (label, norm, weight) in candidates {
            if seen.insert(norm.clone()) {
                names.push(Name {
                    label,
                    norm,
                    weight,
                });
            }
        }
        Brain {
            generation,
            lexicon,
            features,
            names,
            evidence_by_topic,
        }
    }

    /// The knowledge this brain answers from.
    pub fn knowledge(&self) -> &Knowledge {
        &self.generation.knowledge
    }
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

    /// The faq/ this engine reindexes from (none in memory): replies name files relative to it.
    pub fn faq_dir(&self) -> Option<&Path> {
        self.faq.as_deref()
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

/// What the question was read as.
struct Reading {
    words: Vec<String>,
    stems: Vec<String>,
    frameworks: Vec<Side>,
    topics: Vec<TopicMatch>,
    intent: Intent,
    /// Whether a word asks to compare or choose ("which", "better", "or" between the two).
    cue: bool,
    content: Vec<(String, f32)>,
}

fn read(brain: &Brain, cleaned: &str) -> Reading {
    let raw = text::words(cleaned);
    let lex = &brain.lexicon;
    let mut words = Vec::with_capacity(raw.len());
    for w in raw {
        let fixed = if text::framework_of(&w).is_some() || text::is_stopword(&w) {
            w
        } else {
            match lex.correct(&w) {
                Some(c) => c.to_string(),
                None => w,
            }
        };
        words.push(fixed);
    }
    let stems: Vec<String> = words.iter().map(|w| lex.stem(w)).collect();
    let mut frameworks = Vec::new();
    for w in &words {
        if let Some(side) = text::framework_of(w) {
            if !frameworks.contains(&side) {
                frameworks.push(side);
            }
        }
    }
    let topics = lex.topics(&stems);
    let (intent, cue) = intent_of(&words, &frameworks);
    let mut content: Vec<(String, f32)> = Vec::new();
    for (w, s) in words.iter().zip(&stems) {
        if text::is_stopword(w) || content.iter().any(|(c, _)| c == s) {
            continue;
        }
        let weight = if text::framework_of(w).is_some() {
            0.2
        } else {
            1.0
        };
        if lex.knows_stem(s) {
            content.push((s.clone(), weight));
        }
    }
    Reading {
        words,
        stems,
        frameworks,
        topics,
        intent,
        cue,
        content,
    }
}

fn intent_of(words: &[String], frameworks: &[Side]) -> (Intent, bool) {
    const CUES: &[&str] = &[
        "which",
        "vs",
        "versus",
        "better",
        "best",
        "should",
        "recommend",
        "recommended",
        "choose",
        "choosing",
        "pick",
        "prefer",
        "preferred",
        "easier",
        "harder",
        "faster",
        "slower",
        "stronger",
        "weaker",
        "worse",
        "winner",
        "wins",
        "compare",
        "comparison",
        "over",
        "go",
        "suggest",
        "advice",
        "switch",
        "worth",
        "good",
        "bad",
        "ready",
        "suitable",
        "viable",
        "enough",
        "fit",
        "fits",
    ];
    const FACT_STARTERS: &[&str] = &[
        "what", "whats", "how", "who", "whom", "when", "where", "why", "does", "do", "did", "can",
        "could", "is", "are", "was", "were", "will", "has", "have", "tell", "list", "name",
        "explain", "define", "describe",
    ];
    let first = words.iter().find(|w| {
        !matches!(
            w.as_str(),
            "so" | "hey" | "hi" | "ok" | "and" | "but" | "also"
        )
    });
    let factual_start = first.is_some_and(|w| FACT_STARTERS.contains(&w.as_str()));
    // "What do most researchers use?" asks for a choice; "What license does PyTorch use?"
    // asks about one framework.
    let use_cue = frameworks.len() != 1
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "use" | "using" | "used"));
    let cue = words.iter().any(|w| CUES.contains(&w.as_str()))
        || (frameworks.len() == 2 && words.iter().any(|w| w == "or"))
        || use_cue;
    let intent = if factual_start && !cue {
        Intent::Fact
    } else {
        Intent::Compare
    };
    (intent, cue)
}

/// How much one entry weighs as evidence.
fn evidence_weight(entry: &Entry) -> f32 {
    match entry.kind() {
        Kind::Pick => 3.0,
        Kind::Passage | Kind::Faq => 2.0,
        Kind::Row | Kind::Story => 1.0,
        Kind::Alternative | Kind::Migration => 0.0,
    }
}

/// How relevant an entry tagged with `topic` is to it: its first topic counts most.
fn topic_fit(entry: &Entry, topic: &str) -> f32 {
    match entry.topics.iter().position(|t| t == topic) {
        Some(0) => 1.0,
        Some(1) => 0.75,
        Some(_) => 0.5,
        None => 0.0,
    }
}

struct Verdict {
    side: Option<Side>,
    votes: Vec<Vote>,
    /// (entry, weight, the side it takes), heaviest first.
    evidence: Vec<(usize, f32, Side)>,
}

/// Decides the verdict for a topic: each source weighs its own evidence into one voice; the
/// voices, weighted by how firm each is, decide.
fn decide(brain: &Brain, topics: &[(usize, f32)]) -> Verdict {
    let k = brain.knowledge();
    // Per source, the weight on each side (indexed as SIDES), where any.
    const SIDES: [Side; 4] = [Side::TensorFlow, Side::PyTorch, Side::Tie, Side::Neither];
    let mut per_source: BTreeMap<usize, [Option<f32>; 4]> = BTreeMap::new();
    let mut evidence = Vec::new();
    // Every topic's evidence with its fit already weighted, grouped by entry in entry order;
    // an entry's fit is its best over the topics. (Comparing topic ids and visiting every entry
    // here was most of the time of a question over a large knowledge base.)
    let mut candidates: Vec<(f32, &Evidence)> = topics
        .iter()
        .flat_map(|&(t, w)| {
            brain.evidence_by_topic[t]
                .iter()
                .map(move |ev| (ev.fit * w, ev))
        })
        .collect();
    candidates.sort_unstable_by_key(|c| c.1.entry);
    for group in candidates.chunk_by(|a, b| a.1.entry == b.1.entry) {
        let ev = group[0].1;
        let fit: f32 = group.iter().map(|c| c.0).fold(0.0, f32::max);
        let weight = ev.weight * fit;
        if weight <= 0.0 {
            continue;
        }
        let slot = SIDES.iter().position(|&s| s == ev.side).unwrap_or(0);
        let sides = per_source.entry(ev.source).or_default();
        *sides[slot].get_or_insert(0.0) += weight;
        evidence.push((ev.entry, weight, ev.side));
    }
    let mut votes = Vec::new();
    let mut tally: HashMap<Side, f32> = HashMap::new();
    for (source, sides) in per_source {
        let mut ranked: Vec<(Side, f32)> = SIDES
            .iter()
            .zip(sides)
            .filter_map(|(&side, w)| w.map(|w| (side, w)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (mut side, mut weight) = ranked[0];
        // A source that argues both ways with equal force calls it even.
        if let Some(&(second, w2)) = ranked.get(1) {
            if (w2 - weight).abs() < 1e-3
                && matches!(
                    (side, second),
                    (Side::TensorFlow, Side::PyTorch) | (Side::PyTorch, Side::TensorFlow)
                )
            {
                side = Side::Tie;
                weight = w2;
            }
        }
        let strength = (weight / 3.0).min(1.0);
        *tally.entry(side).or_default() += strength;
        if let Some(s) = k.sources.get(source) {
            votes.push(Vote {
                source: s.id.clone(),
                title: s.title.clone(),
                side,
                strength,
            });
        }
    }
    let get = |s: Side| tally.get(&s).copied().unwrap_or(0.0);
    let (tf, pt, tie, neither) = (
        get(Side::TensorFlow),
        get(Side::PyTorch),
        get(Side::Tie),
        get(Side::Neither),
    );
    let side = if tf + pt + tie + neither <= 0.0 {
        None
    } else if neither > 0.0 && neither >= tf.max(pt).max(tie) {
        Some(Side::Neither)
    } else if tie >= tf.max(pt) || (tf - pt).abs() < 0.25 {
        Some(Side::Tie)
    } else if tf > pt {
        Some(Side::TensorFlow)
    } else {
        Some(Side::PyTorch)
    };
    evidence.sort_by(|a, b| b.1.total_cmp(&a.1));
    Verdict {
        side,
        votes,
        evidence,
    }
}

fn search(brain: &Brain, reading: &Reading, topics: &[(usize, f32)]) -> Vec<(usize, f32)> {
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
        clauses.push(term(f.body, stem, *weight));
        // Labels are short, so their idf runs high: a modest boost keeps "Visualization Tools"
        // from outranking the row that actually mentions quantization.
        clauses.push(term(f.label, stem, 0.5 * weight));
    }
    for &(t, w) in topics {
        let id = &brain.knowledge().topics[t].id;
        clauses.push(term(f.topics, id, 2.5 * w));
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

/// Answers with a given brain (the engine's current one, or any other).
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

fn lean(side: Side) -> &'static str {
    match side {
        Side::TensorFlow => "leans towards TensorFlow",
        Side::PyTorch => "leans towards PyTorch",
        Side::Tie => "calls them even",
        Side::Neither => "points to another tool altogether",
    }
}

fn topic_stems(brain: &Brain, topics: &[(usize, f32)]) -> Vec<String> {
    let mut out = Vec::new();
    for &(t, _) in topics.iter().take(2) {
        for w in &brain.knowledge().topics[t].words {
            for word in text::words(w) {
                out.push(brain.lexicon.stem(&word));
            }
        }
    }
    out
}

/// Best entries first, but each source heard before any is heard twice.
fn diversify(k: &Knowledge, ranked: &[(usize, f32)], limit: usize) -> Vec<usize> {
    let best = ranked.first().map(|r| r.1).unwrap_or(0.0);
    // `ranked` is best first: once one falls under the bar, all the rest do.
    let eligible = ranked.iter().take_while(|r| r.1 >= 0.25 * best).count();
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

/// Where cited rows with the same label from different sources give different figures.
fn figure_disagreements(brain: &Brain, chosen: &[usize]) -> Vec<String> {
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

/// The citation for one entry: its label and the sentences that matter, all verbatim.
fn cite(brain: &Brain, entry: &Entry, terms: &HashSet<&str>) -> Citation {
    let k = brain.knowledge();
    let source = k.source(&entry.source);
    let snippet = snippet(brain, entry, terms);
    Citation {
        source: entry.source.clone(),
        title: source.map(|s| s.title.clone()).unwrap_or_default(),
        origin: source.map(|s| s.origin.clone()).unwrap_or_default(),
        as_of: entry
            .as_of()
            .map(str::to_string)
            .or_else(|| source.and_then(|s| s.as_of.clone())),
        snippet,
        entry: entry.id.clone(),
        kind: entry.kind(),
        side: entry.stance,
    }
}

fn snippet(brain: &Brain, entry: &Entry, terms: &HashSet<&str>) -> String {
    let body = entry.main_text();
    let body = if body.chars().count() > MAX_SNIPPET_CHARS {
        best_sentences(brain, &body, terms)
    } else {
        body
    };
    match (&entry.body, entry.label()) {
        (Body::Pick { reason, .. }, Some(label)) if reason.contains(label) => body,
        (Body::Faq { .. }, Some(q)) => format!("{q} — {body}"),
        (_, Some(label)) => format!("{label} — {body}"),
        _ => body,
    }
}

fn best_sentences(brain: &Brain, body: &str, terms: &HashSet<&str>) -> String {
    let sentences = text::sentences(body);
    let scored: Vec<(usize, f32)> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let hits = text::words(s)
                .iter()
                .filter(|w| terms.contains(brain.lexicon.stem(w).as_str()))
                .count() as f32;
            // The opening sentence usually states the claim: a small head start.
            (i, hits + if i == 0 { 0.5 } else { 0.0 })
        })
        .collect();
    let mut order: Vec<(usize, f32)> = scored.clone();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut picked: Vec<usize> = Vec::new();
    let mut len = 0;
    for (i, _) in order {
        let n = sentences[i].chars().count();
        if !picked.is_empty() && len + n > MAX_SNIPPET_CHARS {
            continue;
        }
        picked.push(i);
        len += n + 3;
        if len >= MAX_SNIPPET_CHARS {
            break;
        }
    }
    picked.sort_unstable();
    let mut out = String::new();
    let mut prev: Option<usize> = None;
    for i in picked {
        if let Some(p) = prev {
            out.push_str(if i == p + 1 { " " } else { " … " });
        }
        out.push_str(sentences[i]);
        prev = Some(i);
    }
    if out.chars().count() > MAX_SNIPPET_CHARS {
        // One very long sentence: cut at a word boundary.
        let cut: String = out.chars().take(MAX_SNIPPET_CHARS).collect();
        let at = cut.rfind(' ').unwrap_or(cut.len());
        out = format!("{}…", &cut[..at]);
    }
    out
}

fn row_of(brain: &Brain, ord: usize) -> Option<ComparedRow> {
    let k = brain.knowledge();
    let e = &k.entries[ord];
    let Body::Row {
        table,
        feature,
        tensorflow,
        pytorch,
        tensorflow_score,
        pytorch_score,
        winner,
        note,
        as_of,
        ..
    } = &e.body
    else {
        return None;
    };
    let cell = |score: &Option<String>, text: &Option<String>| {
        crate::knowledge::cell(score.as_deref(), text.as_deref()).unwrap_or_default()
    };
    let source = k.source(&e.source);
    Some(ComparedRow {
        source: e.source.clone(),
        title: source.map(|s| s.title.clone()).unwrap_or_default(),
        origin: source.map(|s| s.origin.clone()).unwrap_or_default(),
        as_of: as_of
            .clone()
            .or_else(|| source.and_then(|s| s.as_of.clone())),
        entry: e.id.clone(),
        table: table.clone(),
        feature: feature.clone(),
        tensorflow: cell(tensorflow_score, tensorflow),
        pytorch: cell(pytorch_score, pytorch),
        winner: *winner,
        note: note.clone(),
    })
}

/// `compare` with a given brain.
pub fn compare_with(brain: &Brain, feature: &str) -> Comparison {
    let k = brain.knowledge();
    let cleaned = text::clean(feature);
    let norm = text::words(&cleaned).join(" ");
    let mut rows: Vec<usize> = Vec::new();
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
        let first = &k.entries[f.rows[0]];
        if let Some(topic) = first.topics.first() {
            for (i, e) in k.entries.iter().enumerate() {
                if e.kind() == Kind::Row && e.topics.first() == Some(topic) && !rows.contains(&i) {
                    rows.push(i);
                }
            }
        }
    }
    // 2. A topic named by the words.
    if rows.is_empty() {
        let reading = read(brain, &cleaned);
        if let Some(t) = reading.topics.first() {
            let id = &k.topics[t.topic].id;
            for (i, e) in k.entries.iter().enumerate() {
                if e.kind() == Kind::Row && e.topics.first() == Some(id) {
                    rows.push(i);
                }
            }
            if rows.is_empty() {
                for (i, e) in k.entries.iter().enumerate() {
                    if e.kind() == Kind::Row && e.topics.contains(id) {
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
    rows.sort_by_key(|&i| {
        let e = &k.entries[i];
        let s = k
            .sources
            .iter()
            .position(|s| s.id == e.source)
            .unwrap_or(usize::MAX);
        (s, i)
    });
    rows.dedup();
    let suggestions = if rows.is_empty() {
        suggest_with(brain, feature, 5)
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

/// Autocomplete with a given brain: row labels and topic labels ranked by how well they match
/// what was typed so far.
pub fn suggest_with(brain: &Brain, partial: &str, limit: usize) -> Vec<String> {
    let typed = text::words(&text::clean(partial)).join(" ");
    let typed_chars = typed.chars().count();
    let mut scored: Vec<(u32, usize, &str)> = Vec::new();
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
        } else if typed.len() >= 4
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
            scored.push((r, usize::MAX - name.weight, &name.label));
        }
    }
    scored.sort();
    scored
        .into_iter()
        .take(limit)
        .map(|(_, _, l)| l.chars().take(100).collect())
        .collect()
}
