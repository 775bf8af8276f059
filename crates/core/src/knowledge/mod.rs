//! The knowledge base: sources, topics and the quoted entries from `faq/`, with loading and
//! validation. Knows nothing of the index, the engine or any transport.

mod id;
mod ix;
mod load;
mod scan;
mod vocabulary;
mod write;

pub use id::{is_id, BadId, EntryId, SourceId, TopicId, MAX_ID_LEN};
pub use ix::{enumerate, EntryIx, Ix, IxVec, SourceIx, TopicIx};
pub use load::{
    count_values, fingerprint_dir, is_date, load_dir, load_files, Problem, MAX_TOML_VALUES,
};
pub use scan::{scan_dir, FaqFile, Scan, MAX_FILE_BYTES};
pub use vocabulary::{Cue, PhraseList, SameAsk, Vocabulary, WordList};
pub use write::{entry_table, source_line, source_table, toml_list, toml_string, topic_table};

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// A side an entry or a verdict can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// TensorFlow is the better fit.
    TensorFlow,
    /// PyTorch is the better fit.
    PyTorch,
    /// Both are even, or "either".
    Tie,
    /// Use something else.
    Neither,
}

impl Side {
    /// Parses the spelling used in `faq/` (`tensorflow`, `pytorch`, `tie`, `neither`).
    pub fn parse(s: &str) -> Option<Side> {
        match s {
            "tensorflow" => Some(Side::TensorFlow),
            "pytorch" => Some(Side::PyTorch),
            "tie" => Some(Side::Tie),
            "neither" => Some(Side::Neither),
            _ => None,
        }
    }

    /// The spelling used in `faq/` and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::TensorFlow => "tensorflow",
            Side::PyTorch => "pytorch",
            Side::Tie => "tie",
            Side::Neither => "neither",
        }
    }

    /// The name a person reads.
    pub fn display_name(self) -> &'static str {
        match self {
            Side::TensorFlow => "TensorFlow",
            Side::PyTorch => "PyTorch",
            Side::Tie => "a tie",
            Side::Neither => "neither",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One article the knowledge is quoted from.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Short id, the article's file name without extension.
    pub id: SourceId,
    /// The article's title (or a description, when `titled_by` is set).
    pub title: String,
    /// Who published it, where the article names them.
    pub publisher: Option<String>,
    /// The date the article states about itself.
    pub as_of: Option<String>,
    /// Where it came from: a URL or the article's file name.
    pub origin: String,
    /// Set when the title is ours, not the article's.
    pub titled_by: Option<String>,
}

/// A topic of the controlled vocabulary, with the words people type for it.
#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    /// Stable id entries refer to.
    pub id: TopicId,
    /// Name shown to people.
    pub label: String,
    /// Words and phrases that name the topic.
    pub words: Vec<String>,
    /// Words that only hint at it.
    pub weak: Vec<String>,
    /// Whether a question about it asks for a verdict (false for facts such as versions).
    pub verdict: bool,
}

/// The kind of an entry, as written in `faq/` (`[[row]]`, `[[faq]]`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A comparison-table row.
    Row,
    /// A question and answer.
    Faq,
    /// A "choose X when" / verdict line.
    Pick,
    /// An analysis paragraph.
    Passage,
    /// A third option beside the two frameworks.
    Alternative,
    /// A migration cost row.
    Migration,
    /// A failure story.
    Story,
}

impl Kind {
    /// Every kind, in the order files usually list them.
    pub const ALL: [Kind; 7] = [
        Kind::Row,
        Kind::Faq,
        Kind::Pick,
        Kind::Passage,
        Kind::Alternative,
        Kind::Migration,
        Kind::Story,
    ];

    /// The TOML table name of this kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Row => "row",
            Kind::Faq => "faq",
            Kind::Pick => "pick",
            Kind::Passage => "passage",
            Kind::Alternative => "alternative",
            Kind::Migration => "migration",
            Kind::Story => "story",
        }
    }
}

/// One framework's cell of a comparison row, as the table prints it: a score (stars, "9/10",
/// ✅) and a text, either optional, both verbatim.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// The score, as printed.
    pub score: Option<String>,
    /// The text, as printed.
    pub text: Option<String>,
}

impl Cell {
    /// The cell as printed: the score and then the text; none when both are missing.
    pub fn printed(&self) -> Option<String> {
        match (&self.score, &self.text) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            (Some(a), None) | (None, Some(a)) => Some(a.clone()),
            (None, None) => None,
        }
    }
}

/// A comparison-table row: a feature and each framework's cell.
#[derive(Debug, Clone)]
pub struct Row {
    /// The table's name.
    pub table: String,
    /// The section of the table it sits under.
    pub section: Option<String>,
    /// The row's label.
    pub feature: String,
    /// TensorFlow's cell.
    pub tensorflow: Cell,
    /// PyTorch's cell.
    pub pytorch: Cell,
    /// The side the table names the winner.
    pub winner: Option<Side>,
    /// A note the table attaches.
    pub note: Option<String>,
    /// The date the row's figure is stated for.
    pub as_of: Option<String>,
}

// Flat, with the keys faq/ uses (`tensorflow_score`, …), as the row serialized before it had
// cells: the JSON of an entry does not change with the model.
impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Flat<'a> {
            table: &'a str,
            section: &'a Option<String>,
            feature: &'a str,
            tensorflow: &'a Option<String>,
            pytorch: &'a Option<String>,
            tensorflow_score: &'a Option<String>,
            pytorch_score: &'a Option<String>,
            winner: Option<Side>,
            note: &'a Option<String>,
            as_of: &'a Option<String>,
        }
        Flat {
            table: &self.table,
            section: &self.section,
            feature: &self.feature,
            tensorflow: &self.tensorflow.text,
            pytorch: &self.pytorch.text,
            tensorflow_score: &self.tensorflow.score,
            pytorch_score: &self.pytorch.score,
            winner: self.winner,
            note: &self.note,
            as_of: &self.as_of,
        }
        .serialize(s)
    }
}

/// The quoted content of an entry; every string is verbatim from the source.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Body {
    /// A comparison-table row.
    Row(Row),
    /// A question and answer.
    Faq { question: String, answer: String },
    /// A "choose X when" line.
    Pick {
        use_case: Option<String>,
        pick: Side,
        reason: String,
        alternative: Option<String>,
    },
    /// An analysis paragraph.
    Passage {
        heading: Option<String>,
        text: String,
    },
    /// A third option.
    Alternative {
        name: String,
        best_for: String,
        pricing: Option<String>,
        gotcha: Option<String>,
    },
    /// A migration cost row.
    Migration { size: String, cost: String },
    /// A failure story.
    Story { text: String },
}

impl Body {
    /// Every quoted string of the body, label first: the one list of what an entry quotes
    /// (what the index holds, what import checks is verbatim and tags topics by).
    pub fn quoted_parts(&self) -> Vec<&str> {
        fn opt(s: &Option<String>) -> Option<&str> {
            s.as_deref()
        }
        let parts: Vec<Option<&str>> = match self {
            Body::Row(r) => vec![
                opt(&r.section),
                Some(r.feature.as_str()),
                opt(&r.tensorflow.score),
                opt(&r.tensorflow.text),
                opt(&r.pytorch.score),
                opt(&r.pytorch.text),
                opt(&r.note),
            ],
            Body::Faq { question, answer } => vec![Some(question), Some(answer)],
            Body::Pick {
                use_case,
                reason,
                alternative,
                ..
            } => vec![opt(use_case), Some(reason), opt(alternative)],
            Body::Passage { heading, text } => vec![opt(heading), Some(text)],
            Body::Alternative {
                name,
                best_for,
                pricing,
                gotcha,
            } => vec![Some(name), Some(best_for), opt(pricing), opt(gotcha)],
            Body::Migration { size, cost } => vec![Some(size), Some(cost)],
            Body::Story { text } => vec![Some(text)],
        };
        parts.into_iter().flatten().collect()
    }

    /// The kind of entry this body belongs to.
    pub fn kind(&self) -> Kind {
        match self {
            Body::Row(_) => Kind::Row,
            Body::Faq { .. } => Kind::Faq,
            Body::Pick { .. } => Kind::Pick,
            Body::Passage { .. } => Kind::Passage,
            Body::Alternative { .. } => Kind::Alternative,
            Body::Migration { .. } => Kind::Migration,
            Body::Story { .. } => Kind::Story,
        }
    }
}

/// One quoted fact, carried with its source and where it is written.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Unique id across `faq/`.
    pub id: EntryId,
    /// The source id it is quoted from.
    pub source: SourceId,
    /// Topic ids, most relevant first.
    pub topics: Vec<TopicId>,
    /// The side this entry takes, if any (`winner`, `pick` or `favours`).
    pub stance: Option<Side>,
    /// The quoted content.
    #[serde(flatten)]
    pub body: Body,
    /// File the entry was read from (for messages).
    #[serde(skip)]
    pub file: PathBuf,
    /// Line of its `id` in that file.
    #[serde(skip)]
    pub line: usize,
}

impl Entry {
    /// The entry's kind.
    pub fn kind(&self) -> Kind {
        self.body.kind()
    }

    /// The short label that names the entry: a row's feature, a question, a heading.
    pub fn label(&self) -> Option<&str> {
        match &self.body {
            Body::Row(r) => Some(r.feature.as_str()),
            Body::Faq { question, .. } => Some(question),
            Body::Pick { use_case, .. } => use_case.as_deref(),
            Body::Passage { heading, .. } => heading.as_deref(),
            Body::Alternative { name, .. } => Some(name),
            Body::Migration { size, .. } => Some(size),
            Body::Story { .. } => None,
        }
    }

    /// Every quoted string of the entry, label first: [`Body::quoted_parts`].
    pub fn quoted_parts(&self) -> Vec<&str> {
        self.body.quoted_parts()
    }

    /// The main quoted text (the part snippets are cut from).
    pub fn main_text(&self) -> String {
        match &self.body {
            Body::Row(r) => {
                let mut s = String::new();
                let cell = |c: &Cell| c.printed().unwrap_or_else(|| "—".to_string());
                s.push_str("TensorFlow: ");
                s.push_str(&cell(&r.tensorflow));
                s.push_str(" | PyTorch: ");
                s.push_str(&cell(&r.pytorch));
                if let Some(n) = &r.note {
                    s.push_str(" | ");
                    s.push_str(n);
                }
                s
            }
            Body::Faq { answer, .. } => answer.clone(),
            Body::Pick { reason, .. } => reason.clone(),
            Body::Passage { text, .. } => text.clone(),
            Body::Alternative {
                best_for,
                pricing,
                gotcha,
                ..
            } => {
                let mut s = best_for.clone();
                for part in [pricing, gotcha].into_iter().flatten() {
                    s.push(' ');
                    s.push_str(part);
                }
                s
            }
            Body::Migration { cost, .. } => cost.clone(),
            Body::Story { text } => text.clone(),
        }
    }

    /// The date this entry's figure is stated for, if the entry carries its own.
    pub fn as_of(&self) -> Option<&str> {
        match &self.body {
            Body::Row(r) => r.as_of.as_deref(),
            _ => None,
        }
    }
}

/// The whole knowledge base, validated.
#[derive(Debug, Clone, Default)]
pub struct Knowledge {
    /// Sources in file order.
    pub sources: Vec<Source>,
    /// Topics in file order.
    pub topics: Vec<Topic>,
    /// Entries in file order.
    pub entries: Vec<Entry>,
    /// Content fingerprint of the directory it was loaded from.
    pub fingerprint: String,
    /// The cue words of `lexicon.toml` (empty when there is none).
    pub vocabulary: Vocabulary,
    source_index: HashMap<SourceId, SourceIx>,
    topic_index: HashMap<TopicId, TopicIx>,
}

impl Knowledge {
    /// Assembles a knowledge base from validated parts.
    pub fn new(
        sources: Vec<Source>,
        topics: Vec<Topic>,
        entries: Vec<Entry>,
        fingerprint: String,
    ) -> Knowledge {
        let source_index = enumerate(&sources)
            .map(|(i, s): (SourceIx, &Source)| (s.id.clone(), i))
            .collect();
        let topic_index = enumerate(&topics)
            .map(|(i, t): (TopicIx, &Topic)| (t.id.clone(), i))
            .collect();
        Knowledge {
            sources,
            topics,
            entries,
            fingerprint,
            vocabulary: Vocabulary::default(),
            source_index,
            topic_index,
        }
    }

    /// The same knowledge with the cue words of `lexicon.toml`.
    pub fn with_vocabulary(mut self, vocabulary: Vocabulary) -> Knowledge {
        self.vocabulary = vocabulary;
        self
    }

    /// The source with this id.
    pub fn source(&self, id: &(impl AsRef<str> + ?Sized)) -> Option<&Source> {
        self.source_position(id).map(|i| &self.sources[i])
    }

    /// The position in [`Knowledge::sources`] of the source with this id.
    pub fn source_position(&self, id: &(impl AsRef<str> + ?Sized)) -> Option<SourceIx> {
        self.source_index.get(id.as_ref()).copied()
    }

    /// The topic with this id.
    pub fn topic(&self, id: &(impl AsRef<str> + ?Sized)) -> Option<&Topic> {
        self.topic_position(id).map(|i| &self.topics[i])
    }

    /// The position in [`Knowledge::topics`] of the topic with this id.
    pub fn topic_position(&self, id: &(impl AsRef<str> + ?Sized)) -> Option<TopicIx> {
        self.topic_index.get(id.as_ref()).copied()
    }

    /// How many entries of each kind there are.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        Kind::ALL
            .iter()
            .map(|&k| (k, self.entries.iter().filter(|e| e.kind() == k).count()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_serializes_flat_as_faq_writes_it() {
        let row = Body::Row(Row {
            table: "t".into(),
            section: None,
            feature: "GPU".into(),
            tensorflow: Cell {
                score: Some("★★".into()),
                text: Some("good".into()),
            },
            pytorch: Cell::default(),
            winner: Some(Side::TensorFlow),
            note: None,
            as_of: None,
        });
        assert_eq!(
            serde_json::to_string(&row).unwrap(),
            r#"{"kind":"row","table":"t","section":null,"feature":"GPU","tensorflow":"good","pytorch":null,"tensorflow_score":"★★","pytorch_score":null,"winner":"tensorflow","note":null,"as_of":null}"#
        );
    }

    #[test]
    fn a_cell_prints_its_score_then_its_text() {
        let cell = |score: Option<&str>, text: Option<&str>| Cell {
            score: score.map(str::to_string),
            text: text.map(str::to_string),
        };
        assert_eq!(
            cell(Some("9/10"), Some("fast")).printed().as_deref(),
            Some("9/10 fast")
        );
        assert_eq!(cell(None, Some("fast")).printed().as_deref(), Some("fast"));
        assert_eq!(cell(Some("✅"), None).printed().as_deref(), Some("✅"));
        assert!(cell(None, None).printed().is_none());
    }
}
