//! New topics for what an imported article covers and faq/ does not: the words and two-word
//! phrases of its row labels, pick phrases, questions and title that no other source and no
//! topic uses, kept when the article uses them more than once. Accepted, they become a
//! `[[topic]]` in topics.toml and tag the article's entries, so a question in those words
//! finds the article after a reindex.

use std::collections::HashSet;

use versus_core::engine::text::{self, Frameworks, Stopwords};
use versus_core::engine::Lexicon;
use versus_core::knowledge::{topic_table, Body, Knowledge, Topic, TopicId};

use super::topics::Tagger;
use super::write::Tagged;

/// Fewest places in the article (title, row labels, picks, questions) a word must stand in to
/// be its subject rather than a passing mention.
const MIN_MENTIONS: usize = 2;
/// Most words a proposed topic gets: the article's few subject words, not its vocabulary.
const MAX_WORDS: usize = 8;
/// Shortest word proposed: shorter ones are abbreviations too ambiguous to route questions.
const MIN_WORD_CHARS: usize = 4;

/// A topic proposed for an article.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The source it is proposed for.
    pub source: String,
    /// The topic as it would be written.
    pub topic: Topic,
}

impl Proposal {
    /// The `[[topic]]` table with a comment naming the source it came from.
    pub fn toml(&self) -> String {
        format!(
            "\n# Proposed by `versus import` for source `{}`: words its rows and picks use that\n\
             # no other source does. Review them; add what people type for the subject.\n{}",
            self.source,
            topic_table(&self.topic)
        )
    }
}

/// The texts that say what an entry is about (not what it says of each side): a row's label
/// and section, a pick's use case and reason, a question.
fn subject_texts(body: &Body) -> Vec<&str> {
    match body {
        Body::Row(row) => std::iter::once(row.feature.as_str())
            .chain(row.section.as_deref())
            .collect(),
        Body::Pick {
            use_case, reason, ..
        } => use_case
            .as_deref()
            .into_iter()
            .chain([reason.as_str()])
            .collect(),
        Body::Faq { question, .. } => vec![question.as_str()],
        _ => Vec::new(),
    }
}

/// One candidate: its words as written (lowercased), how many places use it, where first.
struct Candidate {
    words: String,
    mentions: usize,
    first: usize,
}

/// Whether a lowercased word can name a subject: long enough, not a function word of faq/'s
/// `stopwords`, not one of faq/'s framework names, not a number.
fn content_word(known: &Known, w: &str) -> bool {
    w.chars().count() >= MIN_WORD_CHARS
        && !known.stopwords.contains(w)
        && known.frameworks.side_of(w).is_none()
        && !w.bytes().all(|b| b.is_ascii_digit())
}

/// What the other sources and the topics already say, to tell what is new.
struct Known {
    lexicon: Lexicon,
    text: String,
    /// faq/'s stopwords: never a subject.
    stopwords: Stopwords,
    /// faq/'s names of the two frameworks: never a subject either.
    frameworks: Frameworks,
}

impl Known {
    fn new(current: &Knowledge, source: &str) -> Known {
        let mut others = current.clone();
        others.entries.retain(|e| e.source != source);
        let text: Vec<String> = others
            .entries
            .iter()
            .flat_map(|e| {
                e.quoted_parts()
                    .into_iter()
                    .map(|p| text::words(p).join(" "))
            })
            .collect();
        let words: Vec<String> = others
            .topics
            .iter()
            .flat_map(|t| t.words.iter().chain(&t.weak))
            .map(|w| text::words(w).join(" "))
            .collect();
        Known {
            lexicon: Lexicon::new(&others),
            text: format!(" {} | {} ", text.join(" | "), words.join(" | ")),
            stopwords: Stopwords::new(&current.vocabulary),
            frameworks: Frameworks::new(&current.vocabulary),
        }
    }

    /// A word faq/ never uses, in any form the stemmer joins.
    fn new_word(&self, w: &str) -> bool {
        !self.lexicon.knows_stem(&self.lexicon.stem(w))
    }

    /// A two-word phrase faq/ never uses, of which neither word is a function word.
    fn new_phrase(&self, a: &str, b: &str) -> bool {
        content_word(self, a) && content_word(self, b) && !self.text.contains(&format!(" {a} {b} "))
    }
}

/// The candidates of one text: its new words and new two-word phrases, each once.
fn candidates_of(known: &Known, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sentence in text::sentences(text) {
        let ws = text::words(sentence);
        for (k, w) in ws.iter().enumerate() {
            if content_word(known, w) && known.new_word(w) {
                out.push(w.clone());
            }
            if let Some(next) = ws.get(k + 1) {
                if known.new_phrase(w, next) {
                    out.push(format!("{w} {next}"));
                }
            }
        }
    }
    let mut seen = HashSet::new();
    out.retain(|c| seen.insert(c.clone()));
    out
}

/// The topic proposed for `source`'s entries (`entries`, with the article's `title`) against
/// `current` faq/: None when the article's subject words are all known already.
pub fn propose(
    current: &Knowledge,
    source: &str,
    title: &str,
    entries: &[&Body],
) -> Option<Proposal> {
    let known = Known::new(current, source);
    // One place per entry: a pick's use case repeated in its reason is one mention.
    let mut places: Vec<String> = vec![title.to_string()];
    places.extend(entries.iter().map(|b| subject_texts(b).join(". ")));
    // Two picks quoting one sentence ("X for …; Y for …") are one place too.
    let mut seen = HashSet::new();
    places.retain(|p| seen.insert(p.clone()));
    let mut found: Vec<Candidate> = Vec::new();
    for (at, place) in places.iter().enumerate() {
        for words in candidates_of(&known, place) {
            match found.iter_mut().find(|c| c.words == words) {
                Some(c) => c.mentions += 1,
                None => found.push(Candidate {
                    words,
                    mentions: 1,
                    first: at,
                }),
            }
        }
    }
    found.retain(|c| c.mentions >= MIN_MENTIONS);
    found.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.first.cmp(&b.first)));
    // One form per stem: "genome" and "genomes" route questions alike.
    let mut stems = HashSet::new();
    found.retain(|c| {
        let key: Vec<String> = c.words.split(' ').map(|w| known.lexicon.stem(w)).collect();
        stems.insert(key)
    });
    found.truncate(MAX_WORDS);
    let top = found.first()?;
    let id = TopicId::new(free_id(current, &slug(&top.words))).ok()?;
    Some(Proposal {
        source: source.to_string(),
        topic: Topic {
            id,
            label: top.words.clone(),
            words: found.iter().map(|c| c.words.clone()).collect(),
            weak: Vec::new(),
            verdict: true,
        },
    })
}

fn slug(words: &str) -> String {
    words
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string()
}

/// `base`, or `base-2`, `base-3`… when a topic has it.
fn free_id(current: &Knowledge, base: &str) -> String {
    let base = if base.is_empty() { "subject" } else { base };
    let mut id = base.to_string();
    let mut n = 2;
    while current.topic(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Tags `entries` with the proposed topic: first where an entry's own words name it, and last
/// on every other entry when the article's title names it (the whole article is about it).
pub fn retag(entries: &mut [Tagged], proposal: &Proposal, title: &str, max_topics: usize) {
    let only = Knowledge::new(
        Vec::new(),
        vec![proposal.topic.clone()],
        Vec::new(),
        String::new(),
    );
    let tagger = Tagger::new(&only);
    let whole_article = !tagger.matched(&[title]).is_empty();
    let id = &proposal.topic.id;
    for e in entries {
        if e.topics.contains(id) {
            continue;
        }
        let parts = e.draft.body.quoted_parts();
        if !tagger.matched(&parts).is_empty() {
            e.topics.insert(0, id.clone());
        } else if whole_article {
            e.topics.push(id.clone());
        } else {
            continue;
        }
        e.topics.truncate(max_topics.max(1));
        if !e.topics.contains(id) {
            // Full already: the subject of the article outranks the last guess.
            e.topics.pop();
            e.topics.push(id.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use versus_core::knowledge::{Cell, Entry, EntryId, Row, Side, Source, SourceId};

    fn pick(source: &str, id: &str, reason: &str) -> Entry {
        Entry {
            id: EntryId::new(id).unwrap(),
            source: SourceId::new(source).unwrap(),
            topics: vec![TopicId::new("overall").unwrap()],
            stance: None,
            body: Body::Pick {
                use_case: None,
                pick: Side::PyTorch,
                reason: reason.into(),
                alternative: None,
            },
            file: Default::default(),
            line: 1,
        }
    }

    fn knowledge(entries: Vec<Entry>) -> Knowledge {
        let source = |id: &str| Source {
            id: SourceId::new(id).unwrap(),
            title: id.into(),
            publisher: None,
            as_of: None,
            origin: format!("{id}.md"),
            titled_by: None,
        };
        let topic = Topic {
            id: TopicId::new("overall").unwrap(),
            label: "overall".into(),
            words: vec!["overall".into(), "mobile".into()],
            weak: Vec::new(),
            verdict: true,
        };
        // faq/'s framework names: they are never a new subject.
        let vocabulary = versus_core::knowledge::Vocabulary {
            frameworks: vec![
                (Side::TensorFlow, "tensorflow".into()),
                (Side::PyTorch, "pytorch".into()),
            ],
            ..Default::default()
        };
        Knowledge::new(
            vec![source("old"), source("new")],
            vec![topic],
            entries,
            String::new(),
        )
        .with_vocabulary(vocabulary)
    }

    #[test]
    fn words_only_the_new_article_uses_more_than_once_are_proposed() {
        let k = knowledge(vec![
            pick(
                "old",
                "a",
                "PyTorch is the better choice for mobile research models.",
            ),
            pick("new", "b", "PyTorch is better for genomics pipelines."),
        ]);
        let rows = [
            Body::Pick {
                use_case: Some("Variant calling".into()),
                pick: Side::PyTorch,
                reason: "PyTorch is better for genomics pipelines and variant calling.".into(),
                alternative: None,
            },
            Body::Pick {
                use_case: None,
                pick: Side::TensorFlow,
                reason: "TensorFlow is fine for mobile research models.".into(),
                alternative: None,
            },
            Body::Row(Row {
                table: "Comparison".into(),
                section: None,
                feature: "Variant calling".into(),
                tensorflow: Cell {
                    score: None,
                    text: Some("DeepVariant".into()),
                },
                pytorch: Cell {
                    score: None,
                    text: Some("ports".into()),
                },
                winner: None,
                note: None,
                as_of: None,
            }),
        ];
        let bodies: Vec<&Body> = rows.iter().collect();
        let p = propose(&k, "new", "TensorFlow vs PyTorch for Genomics", &bodies).unwrap();
        assert_eq!(p.topic.id, "genomics");
        assert!(
            p.topic.words.contains(&"variant calling".to_string()),
            "{p:?}"
        );
        assert!(!p
            .topic
            .words
            .iter()
            .any(|w| w.contains("mobile") || w.contains("research")));
        assert!(p.toml().contains("source `new`"));
        // faq/'s stopwords are never a subject: with "calling" one, its phrase is not proposed.
        let with_stopword = k
            .clone()
            .with_vocabulary(versus_core::knowledge::Vocabulary {
                stopwords: vec![(versus_core::l10n::Locale::En, "calling".to_string())],
                ..Default::default()
            });
        let p = propose(
            &with_stopword,
            "new",
            "TensorFlow vs PyTorch for Genomics",
            &bodies,
        )
        .unwrap();
        assert!(
            !p.topic.words.iter().any(|w| w.contains("calling")),
            "{p:?}"
        );
        // An article whose subject faq/ knows already proposes nothing.
        let known = [Body::Pick {
            use_case: None,
            pick: Side::PyTorch,
            reason: "PyTorch is the better choice for mobile research models.".into(),
            alternative: None,
        }];
        let bodies: Vec<&Body> = known.iter().collect();
        assert!(propose(&k, "new", "Mobile research", &bodies).is_none());
    }
}
