//! The frame: what kind of question is asked, decided from its words before any topic or
//! verdict. Only a choice for a purpose, a comparison on a criterion or a general ask about the
//! two gets a verdict; facts and FAQs are quoted without one; help requests, choices between
//! other tools and chatter are declined with a reply saying what versus answers.
//!
//! The words that mark each frame are data (`faq/lexicon.toml`, [`Vocabulary`]); the rules of
//! how they combine with what the question names are here.

use std::fmt;

use serde::{Serialize, Serializer};

use super::read::Reading;
use super::{scope, text, Brain};
use crate::knowledge::{Body, Cue, Knowledge, PhraseList, TopicIx, Vocabulary, WordList};

/// What a help request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Help {
    /// Code written for the asker.
    Code,
    /// An error fixed.
    Debugging,
    /// Something installed or set up.
    Installation,
    /// Hardware to buy.
    Hardware,
    /// Theory explained.
    Theory,
    /// Papers found.
    Papers,
}

/// The help cues, each with the request it marks, in the order they are tried.
const HELP: [(Cue, Help); 6] = [
    (Cue::Code, Help::Code),
    (Cue::Debugging, Help::Debugging),
    (Cue::Installation, Help::Installation),
    (Cue::Hardware, Help::Hardware),
    (Cue::Theory, Help::Theory),
    (Cue::Papers, Help::Papers),
];

/// What kind of question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    /// Which of the two fits a purpose or a situation ("for mobile apps?").
    Choice,
    /// How the two compare on one criterion ("which is faster?").
    Criterion,
    /// What to make of the two in general ("which is better overall?", "is it just hype?").
    General,
    /// A fact about one or both ("what license does PyTorch use?").
    Fact,
    /// A question one of the sources' FAQs answers.
    Faq,
    /// Help with the work itself, not a choice of framework.
    Help(Help),
    /// A choice between other tools ("JAX or MXNet?").
    OtherTools,
    /// An instruction to the bot, a greeting or a joke.
    Chatter,
    /// Nothing the sources cover: another subject, or nothing to read.
    OffTopic,
}

impl Frame {
    /// Every frame, in the order reports list them.
    pub const ALL: [Frame; 14] = [
        Frame::Choice,
        Frame::Criterion,
        Frame::General,
        Frame::Fact,
        Frame::Faq,
        Frame::Help(Help::Code),
        Frame::Help(Help::Debugging),
        Frame::Help(Help::Installation),
        Frame::Help(Help::Hardware),
        Frame::Help(Help::Theory),
        Frame::Help(Help::Papers),
        Frame::OtherTools,
        Frame::Chatter,
        Frame::OffTopic,
    ];

    /// The name in JSON, the question log and eval reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Frame::Choice => "choice",
            Frame::Criterion => "criterion",
            Frame::General => "general",
            Frame::Fact => "fact",
            Frame::Faq => "faq",
            Frame::Help(Help::Code) => "help_code",
            Frame::Help(Help::Debugging) => "help_debugging",
            Frame::Help(Help::Installation) => "help_installation",
            Frame::Help(Help::Hardware) => "help_hardware",
            Frame::Help(Help::Theory) => "help_theory",
            Frame::Help(Help::Papers) => "help_papers",
            Frame::OtherTools => "other_tools",
            Frame::Chatter => "chatter",
            Frame::OffTopic => "off_topic",
        }
    }

    /// The frame of this name.
    pub fn parse(name: &str) -> Option<Frame> {
        Frame::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// Whether an answer in this frame may take a side.
    pub fn gives_verdict(self) -> bool {
        matches!(self, Frame::Choice | Frame::Criterion | Frame::General)
    }
}

impl fmt::Display for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Frame {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The cue phrases of one knowledge base, folded the way questions are read.
#[derive(Debug, Default)]
pub(super) struct Cues {
    /// The `[cues]` phrases.
    cue_phrases: PhraseIndex<Cue>,
    /// Positions in `Knowledge::topics` of the situation topics.
    situations: Vec<TopicIx>,
    /// Positions in `Knowledge::topics` of the scale topics.
    scales: Vec<TopicIx>,
    /// Real words spelling correction leaves alone.
    protected: foldhash::HashSet<String>,
    /// Folded short and slang words, each with the folded words it stands for.
    synonyms: foldhash::HashMap<String, Vec<String>>,
    /// The folded words of each `[words]` list, indexed by `WordList as usize`.
    words: Vec<foldhash::HashSet<String>>,
    /// The `[phrases]` lists' phrases.
    list_phrases: PhraseIndex<PhraseList>,
    /// The word each `[[alternative]]` entry is known by (the first of its name: "jax",
    /// "scikit", "hugging", "onnx"), and the `tools` list's: the tools a choice may name
    /// beside the frameworks and still be about ML.
    alternatives: foldhash::HashSet<String>,
    /// The words that say nothing about the subject (`[stopwords]` and the fillers), and by
    /// their language tell a question's.
    pub(super) stopwords: text::Stopwords,
    /// The words naming each framework.
    frameworks: text::Frameworks,
}

impl Cues {
    /// Folds every phrase of `k`'s vocabulary (a phrase with no words is left out) and finds
    /// its situation topics.
    pub(super) fn new(k: &Knowledge) -> Cues {
        let vocabulary: &Vocabulary = &k.vocabulary;
        let positions = |ids: &[String]| -> Vec<TopicIx> {
            ids.iter().filter_map(|id| k.topic_position(id)).collect()
        };
        let situations = positions(&vocabulary.situations);
        let scales = positions(&vocabulary.scales);
        let synonyms = vocabulary
            .synonyms
            .iter()
            .filter_map(|(short, long)| {
                let words = text::words(long);
                let short = text::words(short).into_iter().next()?;
                (!words.is_empty()).then_some((short, words))
            })
            .collect();
        let mut words: Vec<foldhash::HashSet<String>> =
            WordList::ALL.iter().map(|_| Default::default()).collect();
        for (list, w) in &vocabulary.words {
            words[*list as usize].extend(text::words(w));
        }
        let mut alternatives = words[WordList::Tools as usize].clone();
        for e in &k.entries {
            if let Body::Alternative { name, .. } = &e.body {
                alternatives.extend(text::words(name).into_iter().next());
            }
        }
        Cues {
            cue_phrases: PhraseIndex::new(&vocabulary.phrases),
            list_phrases: PhraseIndex::new(&vocabulary.phrase_lists),
            situations,
            scales,
            protected: vocabulary.protected.iter().cloned().collect(),
            synonyms,
            words,
            alternatives,
            stopwords: text::Stopwords::new(vocabulary),
            frameworks: text::Frameworks::new(vocabulary),
        }
    }

    /// Whether `word` (folded) is the name of an alternative or another tool the sources
    /// mention ("jax", "xgboost"); other words of an alternative's name ("learn", "runtime")
    /// are not.
    pub(super) fn names_an_alternative(&self, word: &str) -> bool {
        self.alternatives.contains(word)
    }

    /// Which framework `word` (folded) names, if any.
    pub(super) fn framework_of(&self, word: &str) -> Option<crate::knowledge::Side> {
        self.frameworks.side_of(word)
    }

    /// Whether `word` (folded) is in `list`.
    pub(super) fn in_list(&self, list: WordList, word: &str) -> bool {
        self.words
            .get(list as usize)
            .is_some_and(|set| set.contains(word))
    }

    /// Whether any of `words` (folded) is in `list`.
    pub(super) fn any_in(&self, list: WordList, words: &[String]) -> bool {
        words.iter().any(|w| self.in_list(list, w))
    }

    /// The words `word` stands for, when it is a short or slang word of the vocabulary.
    pub(super) fn synonym(&self, word: &str) -> Option<&[String]> {
        self.synonyms.get(word).map(Vec::as_slice)
    }

    /// Whether `word` is a real word that must not be "corrected" into a knowledge word.
    pub(super) fn protects(&self, word: &str) -> bool {
        self.protected.contains(word)
    }

    /// Whether a topic describes the asker's situation rather than their task.
    pub(super) fn is_situation(&self, topic: TopicIx) -> bool {
        self.situations.contains(&topic)
    }

    /// Whether a topic says how big the work is rather than what it is.
    pub(super) fn is_scale(&self, topic: TopicIx) -> bool {
        self.scales.contains(&topic)
    }

    /// The length of a phrase of `list` that starts at `words[at]`, if one does.
    pub(super) fn listed_at(&self, list: PhraseList, words: &[String], at: usize) -> Option<usize> {
        self.list_phrases.at(list, words, at)
    }

    /// Whether `words` hold one of the phrases of `list`, whole words in order.
    pub(super) fn holds(&self, list: PhraseList, words: &[String]) -> bool {
        self.list_phrases.find(list, words).next().is_some()
    }

    /// Whether `words` hold one of the cue's phrases, whole words in order.
    pub(super) fn marks(&self, cue: Cue, words: &[String]) -> bool {
        self.cue_phrases.find(cue, words).next().is_some()
    }

    /// Where each phrase of `cue` in `words` starts, and how many words it has.
    pub(super) fn find<'a>(
        &'a self,
        cue: Cue,
        words: &'a [String],
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.cue_phrases.find(cue, words)
    }

    /// How many of the first words are openers ("wait", "ok so"), which say nothing.
    pub(super) fn opening(&self, words: &[String]) -> usize {
        let mut at = 0;
        while at < words.len() {
            match self.cue_phrases.at(Cue::Opener, words, at) {
                Some(len) => at += len,
                None => break,
            }
        }
        at
    }
}

/// Folded phrases, each under the list it belongs to, by their first word: a question is looked
/// up word by word, so its cost does not grow with the lists.
#[derive(Debug)]
struct PhraseIndex<L> {
    by_first: foldhash::HashMap<String, Vec<(L, Vec<String>)>>,
}

impl<L> Default for PhraseIndex<L> {
    fn default() -> Self {
        PhraseIndex {
            by_first: Default::default(),
        }
    }
}

impl<L: Copy + PartialEq> PhraseIndex<L> {
    /// Folds every phrase (a phrase with no words is left out).
    fn new(phrases: &[(L, String)]) -> PhraseIndex<L> {
        let mut by_first: foldhash::HashMap<String, Vec<(L, Vec<String>)>> = Default::default();
        for (list, p) in phrases {
            let words = text::words(p);
            if let Some(first) = words.first() {
                by_first
                    .entry(first.clone())
                    .or_default()
                    .push((*list, words));
            }
        }
        PhraseIndex { by_first }
    }

    /// The length of a phrase of `list` that starts at `words[at]`, if one does.
    fn at(&self, list: L, words: &[String], at: usize) -> Option<usize> {
        let starting = self.by_first.get(&words[at])?;
        starting
            .iter()
            .find(|(l, p)| *l == list && words[at..].starts_with(p))
            .map(|(_, p)| p.len())
    }

    /// Where each phrase of `list` in `words` starts, and how many words it has.
    fn find<'a>(
        &'a self,
        list: L,
        words: &'a [String],
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        (0..words.len()).filter_map(move |at| self.at(list, words, at).map(|len| (at, len)))
    }
}

/// The frame of a question that is declined on its words alone, if it is one: chatter, a
/// choice between other tools, or a help request that does not compare the frameworks. Cues
/// are looked for in `words` as typed, before spelling correction turns an unknown word
/// ("recommendations") into a known one.
pub(super) fn declining(brain: &Brain, reading: &Reading, words: &[String]) -> Option<Frame> {
    let cues = &brain.cues;
    if cues.marks(Cue::Chatter, words) {
        return Some(Frame::Chatter);
    }
    if other_tools(brain, reading) {
        return Some(Frame::OtherTools);
    }
    if compares_the_frameworks(brain, reading) {
        return None;
    }
    HELP.iter()
        .find(|(cue, _)| cues.marks(*cue, words))
        .map(|&(_, help)| Frame::Help(help))
}

/// Whether the question asks how the frameworks compare: a comparing word with the frameworks
/// named or referred to ("which is easier to install, tf or torch?", "which one installs
/// faster?"). Such a question is about the frameworks whatever help words it uses.
fn compares_the_frameworks(brain: &Brain, reading: &Reading) -> bool {
    reading.cue
        && (!reading.frameworks.is_empty()
            || scope::refers_to_frameworks(&brain.cues, &reading.words))
}

/// "JAX or MXNet?", "scikit-learn or xgboost?": a choice whose two options are tools other than
/// the frameworks, at least one of them a tool the sources name. (A choice between things the
/// sources never name at all is the scope stage's "other technology".)
fn other_tools(brain: &Brain, reading: &Reading) -> bool {
    if !reading.frameworks.is_empty() {
        return false;
    }
    let words = &reading.words;
    let skip = |w: &&String| !brain.cues.in_list(WordList::Determiners, w);
    words.iter().enumerate().skip(1).any(|(i, w)| {
        if !brain.cues.in_list(WordList::Choice, w) {
            return false;
        }
        let before = words[..i].iter().rev().find(skip);
        let after = words[i + 1..].iter().find(skip);
        match (before, after) {
            (Some(a), Some(b)) => {
                let (a, b) = (tool_kind(brain, a), tool_kind(brain, b));
                a != ToolKind::NotATool
                    && b != ToolKind::NotATool
                    && (a == ToolKind::Named || b == ToolKind::Named)
            }
            _ => false,
        }
    })
}

/// What a choice's option is, for telling a choice between other tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ToolKind {
    /// A tool the sources name beside the frameworks (JAX, scikit-learn).
    Named,
    /// A name the sources never use: as far as they know, some other tool.
    Unknown,
    /// A word of the knowledge that is no tool of its own, or a framework's own tool.
    NotATool,
}

/// Which kind of option `word` is: a framework's own tool is never "another tool".
fn tool_kind(brain: &Brain, word: &str) -> ToolKind {
    if brain.cues.framework_of(word).is_some()
        || brain.cues.marks(Cue::OwnTool, &[word.to_string()])
    {
        ToolKind::NotATool
    } else if brain.alternatives.names_word(word) || brain.cues.names_an_alternative(word) {
        ToolKind::Named
    } else if brain.lexicon.count(word) == 0 && !brain.cues.stopwords.contains(word) {
        ToolKind::Unknown
    } else {
        ToolKind::NotATool
    }
}

/// The frame of a question the engine went on to answer (or found nothing for), from how it
/// read and what came of it: a fact lookup, an FAQ, a general ask, or a choice when the
/// question names a purpose ("for", "when") and a comparison on a criterion when it does not.
pub(super) fn answered(brain: &Brain, reading: &Reading, answer: &super::Answer) -> Frame {
    let faq_led = answer
        .citations
        .first()
        .is_some_and(|c| c.kind == crate::knowledge::Kind::Faq);
    if !answer.answered && answer.citations.is_empty() && answer.parts.is_empty() {
        Frame::OffTopic
    } else if answer.intent == super::Intent::Fact {
        if faq_led {
            Frame::Faq
        } else {
            Frame::Fact
        }
    } else if reading.topics.is_empty() || answer.topic.as_deref() == Some(super::OVERALL_TOPIC) {
        // An opinion with no topic ("is pytorch overrated?") is general here too; one with a
        // topic ("is tf trash for research?") asks on that topic.
        Frame::General
    } else if brain.cues.any_in(WordList::Purpose, &reading.words) {
        Frame::Choice
    } else {
        Frame::Criterion
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(pairs: &[(Cue, &str)]) -> Cues {
        let vocabulary = Vocabulary {
            phrases: pairs.iter().map(|&(c, p)| (c, p.to_string())).collect(),
            ..Vocabulary::default()
        };
        Cues::new(
            &Knowledge::new(Vec::new(), Vec::new(), Vec::new(), String::new())
                .with_vocabulary(vocabulary),
        )
    }

    fn words(q: &str) -> Vec<String> {
        text::words(q)
    }

    #[test]
    fn phrases_match_whole_words_in_order_after_folding() {
        let c = cues(&[(Cue::Theory, "like I'm five"), (Cue::Code, "write me")]);
        assert!(!c.marks(Cue::Theory, &words("explain backprop like im five")));
        assert!(c.marks(Cue::Theory, &words("explain backprop like I’m five")));
        assert!(c.marks(Cue::Theory, &words("explain it LIKE I'M FIVE please")));
        assert!(c.marks(Cue::Code, &words("Write me a CNN")));
        assert!(!c.marks(Cue::Code, &words("me write")));
        assert!(!c.marks(Cue::Code, &words("rewrite media")));
        assert!(!c.marks(Cue::Theory, &words("write me")), "cues stay apart");
    }

    #[test]
    fn openers_are_counted_from_the_start_only() {
        let c = cues(&[(Cue::Opener, "wait"), (Cue::Opener, "ok so")]);
        assert_eq!(c.opening(&words("wait what is LiteRT")), 1);
        assert_eq!(c.opening(&words("ok so wait what is it")), 3);
        assert_eq!(c.opening(&words("what is it, wait")), 0);
        assert_eq!(c.opening(&words("ok what")), 0, "a phrase counts whole");
    }

    #[test]
    fn frames_round_trip_by_name_and_only_three_take_sides() {
        for f in Frame::ALL {
            assert_eq!(Frame::parse(f.as_str()), Some(f));
        }
        let siding: Vec<Frame> = Frame::ALL
            .into_iter()
            .filter(|f| f.gives_verdict())
            .collect();
        assert_eq!(siding, [Frame::Choice, Frame::Criterion, Frame::General]);
    }

    #[test]
    fn the_purpose_list_of_the_lexicon_makes_a_choice_of_a_criterion() {
        use crate::engine::{ask_with, testing};
        let q = "TensorFlow or PyTorch for mobile?";
        assert_eq!(ask_with(testing::brain(), q).frame, Frame::Choice);
        let b = testing::brain_without(WordList::Purpose, "for");
        assert_eq!(ask_with(&b, q).frame, Frame::Criterion);
    }
}
