//! One generation's knowledge with what answering needs precomputed: the lexicon, row labels,
//! autocomplete names and every topic's evidence.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::knowledge::{enumerate, Body, EntryIx, IxVec, Knowledge, Side, SourceIx, TopicIx};

use super::stance;
use super::verdict::{evidence_weight, topic_fit};
use super::*;

/// From this position in an entry's topic list on, the entry votes on a topic only if its text
/// speaks to it: the first two tags say what it is about, later ones are often only related.
const ADDRESSED_FROM: usize = 2;

/// One generation's knowledge, index and lexicon, served together.
pub struct Brain {
    /// The index generation.
    pub generation: Generation,
    /// Words and topics of its knowledge.
    pub lexicon: Lexicon,
    pub(super) features: Vec<Feature>,
    /// What autocomplete offers: row labels, then topic labels, one per folded name.
    pub(super) names: Vec<Name>,
    /// Per topic, the entries tagged with it that take a side: the verdict's evidence, with
    /// what [`decide`] needs of each so that it never has to visit the entries themselves.
    pub(super) evidence_by_topic: IxVec<TopicIx, Vec<Evidence>>,
    /// The FAQ entries, in file order, and the families of words that ask the same thing,
    /// ready for matching.
    pub(super) faqs: super::faq::Faqs,
    /// The alternative entries (JAX, scikit-learn, …), ready for matching.
    pub(super) alternatives: super::alternative::Alternatives,
    /// Per entry, its quote split into sentences when it is too long to cite whole.
    pub(super) long_quotes: IxVec<EntryIx, Option<Box<super::cite::LongQuote>>>,
    /// Per entry, the position of its source in `Knowledge::sources`, resolved once.
    pub(super) entry_source: IxVec<EntryIx, SourceIx>,
    /// Per entry, the positions of its topics in `Knowledge::topics`, most relevant first,
    /// resolved once so that topics are compared by position, never by id.
    pub(super) entry_topics: IxVec<EntryIx, Vec<TopicIx>>,
    /// Per topic, the stems of its words: the terms a citation's sentences are chosen by.
    pub(super) topic_stems: IxVec<TopicIx, Vec<String>>,
    /// The cue phrases that tell a question's frame.
    pub(super) cues: super::frame::Cues,
    /// A stem people type → the stems the sources use for the same thing (`[related]` of
    /// `faq/lexicon.toml`), stemmed once as the index stems them.
    related: HashMap<String, Vec<String>>,
    /// Every row's label and cells, stemmed: for telling which side meets a requirement.
    pub(super) cells: super::cells::Cells,
    /// Per entry, whether its quote has no words at all ("✅"): ranking asks this of every
    /// candidate, and the quote is built from the entry's fields each time it is asked.
    pub(super) wordless: IxVec<EntryIx, bool>,
}

/// One entry as evidence on one topic.
#[derive(Debug, Clone, Copy)]
pub(super) struct Evidence {
    /// Position in `Knowledge::entries`.
    pub(super) entry: EntryIx,
    /// Its [`topic_fit`] for the topic.
    pub(super) fit: f32,
    /// Its [`evidence_weight`].
    pub(super) weight: f32,
    /// The side it takes.
    pub(super) side: Side,
    /// Position of its source in `Knowledge::sources`.
    pub(super) source: SourceIx,
}

/// A name autocomplete can offer, folded once when the brain is built rather than per keystroke.
#[derive(Debug, Clone)]
pub(super) struct Name {
    pub(super) label: String,
    pub(super) norm: String,
    /// How many rows carry it (topics count one): more common names rank first.
    pub(super) weight: usize,
}

/// A distinct row label and where it appears.
#[derive(Debug, Clone)]
pub(super) struct Feature {
    pub(super) label: String,
    pub(super) norm: String,
    pub(super) rows: Vec<EntryIx>,
}

impl Brain {
    /// Wraps an opened generation.
    pub fn new(generation: Generation) -> Brain {
        let k = &generation.knowledge;
        let lexicon = Lexicon::new(k);
        let features = features(k);
        let names = names(k, &features);
        let (entry_source, entry_topics) = resolve(k);
        let cues = super::frame::Cues::new(k);
        let evidence_by_topic = evidence_by_topic(k, &cues, &lexicon, &entry_source, &entry_topics);
        let faqs = super::faq::index(k);
        let alternatives = super::alternative::Alternatives::new(k, &lexicon, &cues.stopwords);
        let topic_stems = k
            .topics
            .iter()
            .map(|t| {
                let words = t.words.iter().flat_map(|w| text::words(w));
                words.map(|w| lexicon.stem(&w)).collect()
            })
            .collect();
        let wordless = k
            .entries
            .iter()
            .map(|e| !e.main_text().chars().any(char::is_alphabetic))
            .collect();
        let long_quotes = k
            .entries
            .iter()
            .map(|e| super::cite::LongQuote::of(e, &lexicon))
            .collect();
        Brain {
            related: related(k, &lexicon),
            cells: super::cells::Cells::new(k, &lexicon, &cues.stopwords),
            cues,
            long_quotes,
            entry_source,
            entry_topics,
            faqs,
            alternatives,
            topic_stems,
            wordless,
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

    /// The stems the sources use for what `stem` says, searched for beside it.
    pub(super) fn related(&self, stem: &str) -> &[String] {
        self.related.get(stem).map_or(&[], Vec::as_slice)
    }

    /// The words of this knowledge that say nothing about the subject, by language.
    pub fn stopwords(&self) -> &text::Stopwords {
        &self.cues.stopwords
    }

    /// The language `text` is written in, told by this knowledge's stopwords.
    pub fn language_of(&self, text: &str) -> crate::l10n::Locale {
        crate::l10n::language_of(text, &self.cues.stopwords)
    }

    /// The entry's first topic: what it is mainly about.
    pub(super) fn first_topic(&self, entry: EntryIx) -> Option<TopicIx> {
        self.entry_topics[entry].first().copied()
    }
}

/// The `[related]` pairs, both sides stemmed: a typed word's stem and the stems of the words
/// the sources use.
fn related(k: &Knowledge, lexicon: &Lexicon) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (typed, theirs) in &k.vocabulary.related {
        let Some(from) = text::words(typed).first().map(|w| lexicon.stem(w)) else {
            continue;
        };
        let to = out.entry(from).or_default();
        for w in text::words(theirs) {
            let stem = lexicon.stem(&w);
            if !to.contains(&stem) {
                to.push(stem);
            }
        }
    }
    out
}

/// The distinct row labels, in file order, each with the rows that carry it.
fn features(k: &Knowledge) -> Vec<Feature> {
    let mut features: Vec<Feature> = Vec::new();
    let mut by_norm: HashMap<String, usize> = HashMap::new();
    for (i, e) in enumerate(&k.entries) {
        if let Body::Row(row) = &e.body {
            let feature = &row.feature;
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
    features
}

/// Per entry, the positions of its source and of its topics. Loading checked every id
/// against sources.toml and topics.toml, so every one resolves; a knowledge base assembled
/// otherwise that names an unknown source is a bug, and an unknown topic is left out.
fn resolve(k: &Knowledge) -> (IxVec<EntryIx, SourceIx>, IxVec<EntryIx, Vec<TopicIx>>) {
    let sources = k
        .entries
        .iter()
        .map(|e| {
            k.source_position(&e.source)
                .expect("a loaded entry's source is in sources.toml")
        })
        .collect();
    let topics = k
        .entries
        .iter()
        .map(|e| {
            e.topics
                .iter()
                .filter_map(|t| k.topic_position(t))
                .collect()
        })
        .collect();
    (sources, topics)
}

/// Per topic, the entries that take a side on it.
fn evidence_by_topic(
    k: &Knowledge,
    cues: &super::frame::Cues,
    lexicon: &Lexicon,
    entry_source: &IxVec<EntryIx, SourceIx>,
    entry_topics: &IxVec<EntryIx, Vec<TopicIx>>,
) -> IxVec<TopicIx, Vec<Evidence>> {
    let mut evidence_by_topic = IxVec::filled(k.topics.len(), Vec::new());
    let mut stems = stance::Stems::new(lexicon);
    for (i, e) in enumerate(&k.entries) {
        let weight = evidence_weight(e);
        let Some(stance) = e.stance else { continue };
        if weight <= 0.0 {
            continue;
        }
        let (addressed, sides) = stance::read_entry(cues, &mut stems, e);
        for (pos, &p) in entry_topics[i].iter().enumerate() {
            // Far down its list, a topic is a tag, not something the entry argues.
            if pos >= ADDRESSED_FROM && !addressed.contains(&p) {
                continue;
            }
            evidence_by_topic[p].push(Evidence {
                entry: i,
                fit: topic_fit(&entry_topics[i], p),
                weight,
                side: sides.get(&p).copied().unwrap_or(stance),
                source: entry_source[i],
            });
        }
    }
    evidence_by_topic
}

/// What autocomplete offers: row labels, then topic labels, one per folded name.
fn names(k: &Knowledge, features: &[Feature]) -> Vec<Name> {
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
    names
}
