//! Question in, [`Answer`] out: clean the text, find the frameworks, topic and intent, retrieve
//! from the index, decide a verdict from every source's evidence, and cite the quotes.
//!
//! The engine never fails on a question: whatever arrives, the result is an `Answer`.

mod alternative;
mod ask;
mod brain;
mod cells;
mod cite;
mod compare;
mod disagree;
mod faq;
mod follow_up;
mod frame;
mod lexicon;
mod read;
mod requirement;
mod retrieve;
mod scope;
mod stance;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;
mod topics;
mod verdict;
mod wording;

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
pub use follow_up::{ask_following_with, context_with};
pub use frame::{Frame, Help};
pub use lexicon::{damerau_levenshtein, Lexicon, TopicMatch};

pub use disagree::{Disagreement, SourceValue};

use brain::Evidence;
use read::Reading;

use crate::index::{Generation, GenerationStore, IndexError};
use crate::knowledge::{
    EntryId, EntryIx, Kind, Knowledge, Side, Source, SourceId, TopicId, TopicIx,
};
use crate::l10n::Locale;
use wording::Said;

/// How many citations an answer carries at most.
pub const MAX_CITATIONS: usize = 6;
/// How many characters of quoted text one citation carries at most (cut at sentence bounds).
pub const MAX_SNIPPET_CHARS: usize = 420;
const CANDIDATES: usize = 60;

/// An entry found for a question and how well it matches: its position in
/// `Knowledge::entries` and its score, higher better.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit {
    /// Position in `Knowledge::entries`.
    pub(crate) entry: EntryIx,
    /// Retrieval or ranking score.
    pub(crate) score: f32,
}

/// A topic a question is about and how much it counts: its position in `Knowledge::topics`
/// and its weight next to the best topic (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TopicWeight {
    /// Position in `Knowledge::topics`.
    pub(crate) topic: TopicIx,
    /// Weight relative to the best topic.
    pub(crate) weight: f32,
}

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
    pub source: SourceId,
    /// Source title.
    pub title: String,
    /// Where the source came from.
    pub origin: String,
    /// The date the quote is stated for (the entry's own, else the source's).
    pub as_of: Option<String>,
    /// Verbatim text: the entry's label and the quoted sentences that matter.
    pub snippet: String,
    /// The entry the snippet comes from.
    pub entry: EntryId,
    /// The entry's kind.
    pub kind: Kind,
    /// The side this quote takes, where it takes one.
    pub side: Option<Side>,
}

/// How one source voted on the topic.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceVote {
    /// Source id.
    pub source: SourceId,
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
    pub topic: Option<TopicId>,
    /// The topic's label.
    pub topic_label: Option<String>,
    /// Whether this was read as a comparison or a factual question.
    pub intent: Intent,
    /// What kind of question it is; only a choice, a criterion or a general ask takes a side.
    pub frame: Frame,
    /// The language versus's own words are in (`answer`, the parts', the disagreements');
    /// quotes are always in their article's.
    pub language: Locale,
    /// The reasoning, for a person.
    pub answer: String,
    /// The quotes behind it, best first.
    pub citations: Vec<Citation>,
    /// Each source's vote on the topic (empty for factual questions).
    pub votes: Vec<SourceVote>,
    /// Where sources disagree (serialized as one sentence each).
    pub disagreements: Vec<Disagreement>,
    /// The alternative the sources name, when the verdict is "neither".
    pub alternative: Option<String>,
    /// The topics it knows, when it could not answer.
    pub known_topics: Vec<String>,
    /// The question's subject words that no source knows, once each: what `/gaps` groups by.
    pub unplaced: Vec<String>,
    /// One part per ask of the question, in order; the first is what the fields above describe.
    pub parts: Vec<Part>,
    /// The index generation that answered.
    pub generation: u64,
}

/// The answer to one ask of a question.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// The topic id the part is about.
    pub topic: Option<TopicId>,
    /// The topic's label.
    pub topic_label: Option<String>,
    /// The verdict, when the ask wants one and the sources give one.
    pub verdict: Option<Side>,
    /// The reasoning, for a person.
    pub answer: String,
    /// The quotes behind it, best first.
    pub citations: Vec<Citation>,
    /// Where sources disagree on it.
    pub disagreements: Vec<Disagreement>,
}

/// One source's row for a feature, for `compare`.
#[derive(Debug, Clone, Serialize)]
pub struct ComparedRow {
    /// Source id.
    pub source: SourceId,
    /// Source title.
    pub title: String,
    /// Where the source came from.
    pub origin: String,
    /// The date the row is stated for.
    pub as_of: Option<String>,
    /// The entry id.
    pub entry: EntryId,
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
    store: Option<GenerationStore>,
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
        crate::l10n::load();
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
        // The words of every language, parsed before the first question rather than during it.
        crate::l10n::load();
        let store = GenerationStore::new(index_dir);
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

    /// Answers one question, in English. Never fails.
    pub fn ask(&self, question: &str) -> Answer {
        ask_with(&self.brain(), question)
    }

    /// Answers one question worded in `locale` (`None`: the question's own language).
    pub fn ask_in(&self, question: &str, locale: Option<Locale>) -> Answer {
        ask_in(&self.brain(), question, locale)
    }

    /// Answers `question` as the asker's next one after `prior` ("and for mobile?" after
    /// "TensorFlow or PyTorch for a web app?"): see [`ask_following_with`]. Never fails.
    pub fn ask_following(&self, question: &str, prior: &str) -> Answer {
        ask_following_with(&self.brain(), question, prior)
    }

    /// As [`Engine::ask_following`], worded in `locale` (`None`: the question's own language).
    pub fn ask_following_in(&self, question: &str, prior: &str, locale: Option<Locale>) -> Answer {
        follow_up::ask_following_in(&self.brain(), question, prior, locale)
    }

    /// What the next follow-up after `question` (asked following `prior`) continues: see
    /// [`context_with`].
    pub fn follow_up_context(&self, question: &str, prior: Option<&str>) -> String {
        context_with(&self.brain(), question, prior)
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
/// Answers with a given brain (the engine's current one, or any other), in English.
pub fn ask_with(brain: &Brain, question: &str) -> Answer {
    ask_in(brain, question, Some(Locale::En))
}

/// Answers with a given brain, worded in `locale` (`None`: the language the question is
/// written in): the stages in order, then the words, once.
pub fn ask_in(brain: &Brain, question: &str, locale: Option<Locale>) -> Answer {
    let cleaned = text::clean(question);
    let reading = read::read(brain, &cleaned);
    answer_reading(brain, question, &cleaned, reading, locale)
}

/// The stages after reading, on a reading of `question` (its text cleaned as `cleaned`), worded
/// in `locale` (`None`: the question's own language): a follow-up comes here with a reading
/// completed from the question before it.
fn answer_reading(
    brain: &Brain,
    question: &str,
    cleaned: &str,
    reading: Reading,
    locale: Option<Locale>,
) -> Answer {
    let unplaced = topics::unplaced(brain, &reading);
    let words = text::words(cleaned);
    let locale =
        locale.unwrap_or_else(|| crate::l10n::detect(cleaned, &words, &brain.cues.stopwords));
    if let Some(frame) = frame::declining(brain, &reading, &words) {
        let why = Said::Declined(frame);
        return Answer::declined(brain, question, reading.intent, &why, locale)
            .in_frame(frame)
            .with_unplaced(unplaced);
    }
    if let Some(why) = scope::judge(brain, &reading) {
        let why = Said::OutOfScope(why);
        return Answer::declined(brain, question, reading.intent, &why, locale)
            .with_unplaced(unplaced);
    }
    let asks = reading.asks().min(MAX_ASKS);
    let mut answered = Vec::new();
    let mut first_decline = None;
    for a in 0..asks {
        // A one-ask question is its own ask: no copy of the reading.
        let one = if asks == 1 {
            std::borrow::Cow::Borrowed(&reading)
        } else {
            std::borrow::Cow::Owned(reading.ask(brain, a))
        };
        match ask::answer(brain, &one) {
            Ok(part) => answered.push(part),
            Err(d) => {
                first_decline.get_or_insert(d);
            }
        }
    }
    // "…, one framework for both or different?" after two matters adds no matter of its own:
    // beside asks with topics, an ask without one is no part of the answer.
    if answered.iter().any(|a| a.topic.is_some()) {
        answered.retain(|a| a.topic.is_some());
    }
    let answer = match first_decline {
        Some(d) if answered.is_empty() => {
            Answer::declined(brain, question, reading.intent, &d.0, locale)
        }
        _ => Answer::from_asks(brain, question, answered, locale),
    };
    let frame = frame::answered(brain, &reading, &answer);
    answer.in_frame(frame).with_unplaced(unplaced)
}

/// The topic a general ask about the two is answered from (an id of `faq/topics.toml`).
const OVERALL_TOPIC: &str = "overall";

/// Asks answered per question at most: a question repeating itself a hundred times costs no
/// more than a few asks.
const MAX_ASKS: usize = 3;

impl Answer {
    fn in_frame(mut self, frame: Frame) -> Answer {
        self.frame = frame;
        self
    }

    fn with_unplaced(mut self, unplaced: Vec<String>) -> Answer {
        self.unplaced = unplaced;
        self
    }

    fn declined(
        brain: &Brain,
        question: &str,
        intent: Intent,
        reason: &Said,
        locale: Locale,
    ) -> Answer {
        let k = brain.knowledge();
        Answer {
            question: question.to_string(),
            answered: false,
            verdict: None,
            topic: None,
            topic_label: None,
            intent,
            frame: Frame::OffTopic,
            language: locale,
            answer: reason.text(locale),
            citations: Vec::new(),
            votes: Vec::new(),
            disagreements: Vec::new(),
            alternative: None,
            known_topics: k.topics.iter().map(|t| t.label.clone()).collect(),
            unplaced: Vec::new(),
            parts: Vec::new(),
            generation: brain.generation.number,
        }
    }

    /// The answer to every ask, worded in `locale`; the top-level fields describe the first.
    fn from_asks(
        brain: &Brain,
        question: &str,
        asks: Vec<ask::Answered>,
        locale: Locale,
    ) -> Answer {
        let k = brain.knowledge();
        let label = |t: Option<TopicIx>| t.map(|t| k.topics[t].label.clone());
        let id = |t: Option<TopicIx>| t.map(|t| k.topics[t].id.clone());
        let mut asks = asks;
        if locale != Locale::En {
            // The English sentences of a disagreement are made with it; only another language
            // words them again.
            for a in &mut asks {
                a.disagreements = std::mem::take(&mut a.disagreements)
                    .into_iter()
                    .map(|d| d.in_language(locale))
                    .collect();
            }
        }
        let parts: Vec<Part> = asks
            .iter()
            .map(|a| Part {
                topic: id(a.topic),
                topic_label: label(a.topic),
                verdict: a.verdict,
                answer: a.said.text(locale),
                citations: a.citations.clone(),
                disagreements: a.disagreements.clone(),
            })
            .collect();
        let Some(first) = asks.into_iter().next() else {
            let nothing = Said::NothingMatches;
            return Answer::declined(brain, question, Intent::Fact, &nothing, locale);
        };
        let answer = parts[0].answer.clone();
        Answer {
            question: question.to_string(),
            answered: !first.citations.is_empty(),
            verdict: first.verdict,
            topic: id(first.topic),
            topic_label: label(first.topic),
            intent: first.intent,
            frame: Frame::Choice,
            language: locale,
            answer,
            citations: first.citations,
            votes: first.votes,
            disagreements: first.disagreements,
            alternative: first.alternative,
            known_topics: Vec::new(),
            unplaced: Vec::new(),
            parts,
            generation: brain.generation.number,
        }
    }
}
