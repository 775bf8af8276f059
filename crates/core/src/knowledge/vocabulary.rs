//! The word lists of `faq/lexicon.toml`: the words that tell what kind of question is asked.
//! The engine keeps the rules; this file keeps the words, so an admin can add them.

use serde::Serialize;

use crate::l10n::Locale;

/// What a list of `faq/lexicon.toml`'s `[cues]` marks in a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    /// A request to write code.
    Code,
    /// An error to fix.
    Debugging,
    /// Installing or setting something up.
    Installation,
    /// Which hardware to buy.
    Hardware,
    /// Machine-learning theory to explain.
    Theory,
    /// Papers to find or read.
    Papers,
    /// An instruction to the bot, a greeting or a joke.
    Chatter,
    /// An ask about the two in general, in words no topic holds ("hype", "overrated").
    Opinion,
    /// Words that open a question without saying anything ("wait", "ok so").
    Opener,
    /// A framework's own tool or API ("keras", "litert"): a choice naming one is about the
    /// frameworks, not other tools.
    OwnTool,
    /// A subject people ask about that no source covers (an operating system, another GPU
    /// vendor's stack): a topic it narrows ("Windows GPU support") is not what the sources say.
    Uncovered,
    /// What a framework offers of its own, named right after it ("the PyTorch way", "TF's
    /// equivalent"): the question asks about that one framework.
    OwnWay,
}

impl Cue {
    /// Every cue, in the order `faq/lexicon.toml` documents them.
    pub const ALL: [Cue; 12] = [
        Cue::Code,
        Cue::Debugging,
        Cue::Installation,
        Cue::Hardware,
        Cue::Theory,
        Cue::Papers,
        Cue::Chatter,
        Cue::Opinion,
        Cue::Opener,
        Cue::OwnTool,
        Cue::Uncovered,
        Cue::OwnWay,
    ];

    /// The key of its list under `[cues]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Cue::Code => "code",
            Cue::Debugging => "debugging",
            Cue::Installation => "installation",
            Cue::Hardware => "hardware",
            Cue::Theory => "theory",
            Cue::Papers => "papers",
            Cue::Chatter => "chatter",
            Cue::Opinion => "opinion",
            Cue::Opener => "opener",
            Cue::OwnTool => "own_tool",
            Cue::Uncovered => "uncovered",
            Cue::OwnWay => "own_way",
        }
    }

    /// The cue a `[cues]` key names.
    pub fn parse(key: &str) -> Option<Cue> {
        Cue::ALL.into_iter().find(|c| c.as_str() == key)
    }
}

/// What a list of `faq/lexicon.toml`'s `[words]` table holds: single words a rule of the engine
/// looks for (the rule stays in code, the words are data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WordList {
    /// Words that make a source sentence naming one framework a claim in its favour.
    Favours,
    /// Words that turn such a sentence against the framework it names.
    Against,
    /// Words that put a purpose or a situation to a choice ("for mobile", "when shipping").
    Purpose,
    /// Words that, after a negator, say that what came before it is not wanted ("phones don't
    /// matter", "el móvil no me importa").
    Unwanted,
    /// Words that set aside what came before them with no negator ("research aside").
    Aside,
    /// Words that ask to compare or choose ("which", "better", "mejor").
    Compare,
    /// Words that open a fact lookup when no compare word follows ("what", "when", "how").
    FactStarters,
    /// Words that join asks ("and", "then", "y"): a clause starting with one is an ask of
    /// its own.
    Conjunctions,
    /// Words that open a question after a conjunction ("… and which for phones").
    QuestionOpeners,
    /// Words asking for one answer per item ("each", "respectively").
    PerItem,
    /// Words that open a new clause even without punctuation before them ("but", "pero").
    ClauseWords,
    /// After "and", words saying what follows is another matter ("and also", "and then").
    AnotherMatter,
    /// Question words before a framework's own way ("what's the PyTorch way…").
    Asking,
    /// Question words that, before one named framework's thing, ask a fact about it ("which
    /// browser backends does TensorFlow.js run on?").
    Which,
    /// Question words that open a fact question answered with quotes alone ("what", "who").
    QuestionWords,
    /// Verbs of using ("what do most researchers use?" asks for a choice).
    UseVerbs,
    /// Comparatives over both frameworks or neither ("what do employers ask for more?").
    Comparatives,
    /// Words for "both": followed by another thing ("both Android and iOS"), they are not
    /// about the two frameworks.
    Both,
    /// Words after "came out" that make it a result, not a release ("came out on top").
    Outcome,
    /// Words for "for": "one framework for both" is for the asker's two matters, not about
    /// the two frameworks.
    For,
    /// Words in a source's cell saying a framework costs nothing ("free to use").
    Free,
    /// Words in a source's cell saying a framework can cost money ("premium plans", "contact
    /// for pricing"): against another source's `free`, the two disagree.
    Paid,
    // The scope rules' words (engine/scope.rs) and the fillers (engine/text.rs).
    /// Words that join the two options of a choice ("or", "vs", "oder").
    Choice,
    /// Words that refer to the frameworks without naming them ("which one", "either").
    References,
    /// Words beside a choice word that are not an option of a choice ("this or that").
    NotAnOption,
    /// Verbs that open an instruction rather than a question ("summarize", "translate").
    Instructions,
    /// Words of spam and promotions ("nitro", "giveaway"): with no framework or ML word, the
    /// text is not a question.
    Spam,
    /// Words that make a question about machine learning though no framework is named.
    Ml,
    /// Words for a program a person uses rather than builds with ("app", "software"): asked
    /// for with no framework or ML word, the question is about software in general.
    Products,
    /// Tools the sources mention that are not `[[alternative]]` entries ("xgboost", "mlx"): a
    /// choice naming one is about ML tools, as one naming an alternative is.
    Tools,
    /// Adverbs that only hedge or stress ("simply", "basically"): stopwords, and never topic
    /// words though they stem like some ("simply" like "simple").
    Fillers,
    /// Words skipped when finding the two options around "or" ("the app or a website").
    Determiners,
    /// After a product word, words saying what the program is wanted for ("an app to edit
    /// photos", "a tool that tracks").
    Connectors,
    /// Words opening where a migration comes from ("from MySQL to Postgres").
    MoveFrom,
    /// Words saying where a migration goes ("to", "into").
    MoveTo,
}

impl WordList {
    /// Every list, in the order `faq/lexicon.toml` documents them; each is required.
    pub const ALL: [WordList; 35] = [
        WordList::Favours,
        WordList::Against,
        WordList::Purpose,
        WordList::Unwanted,
        WordList::Aside,
        WordList::Compare,
        WordList::FactStarters,
        WordList::Conjunctions,
        WordList::QuestionOpeners,
        WordList::PerItem,
        WordList::ClauseWords,
        WordList::AnotherMatter,
        WordList::Asking,
        WordList::Which,
        WordList::QuestionWords,
        WordList::UseVerbs,
        WordList::Comparatives,
        WordList::Both,
        WordList::Outcome,
        WordList::For,
        WordList::Free,
        WordList::Paid,
        // The scope rules' words and the fillers.
        WordList::Choice,
        WordList::References,
        WordList::NotAnOption,
        WordList::Instructions,
        WordList::Spam,
        WordList::Ml,
        WordList::Products,
        WordList::Tools,
        WordList::Fillers,
        WordList::Determiners,
        WordList::Connectors,
        WordList::MoveFrom,
        WordList::MoveTo,
    ];

    /// The key of its list under `[words]`.
    pub fn as_str(self) -> &'static str {
        match self {
            WordList::Favours => "favours",
            WordList::Against => "against",
            WordList::Purpose => "purpose",
            WordList::Unwanted => "unwanted",
            WordList::Aside => "aside",
            WordList::Compare => "compare",
            WordList::FactStarters => "fact_starters",
            WordList::Conjunctions => "conjunctions",
            WordList::QuestionOpeners => "question_openers",
            WordList::PerItem => "per_item",
            WordList::ClauseWords => "clause_words",
            WordList::AnotherMatter => "another_matter",
            WordList::Asking => "asking",
            WordList::Which => "which",
            WordList::QuestionWords => "question_words",
            WordList::UseVerbs => "use_verbs",
            WordList::Comparatives => "comparatives",
            WordList::Both => "both",
            WordList::Outcome => "outcome",
            WordList::For => "for",
            WordList::Free => "free",
            WordList::Paid => "paid",
            // The scope rules' words and the fillers.
            WordList::Choice => "choice",
            WordList::References => "references",
            WordList::NotAnOption => "not_an_option",
            WordList::Instructions => "instructions",
            WordList::Spam => "spam",
            WordList::Ml => "ml",
            WordList::Products => "products",
            WordList::Tools => "tools",
            WordList::Fillers => "fillers",
            WordList::Determiners => "determiners",
            WordList::Connectors => "connectors",
            WordList::MoveFrom => "move_from",
            WordList::MoveTo => "move_to",
        }
    }

    /// Whether a word in both lists would make a rule depend on list order: a sentence word
    /// cannot both favour and count against a framework. Other lists may share words ("egal"
    /// is unwanted after a negator and sets aside without one).
    pub fn conflicts_with(self, other: WordList) -> bool {
        self == other
            || matches!(
                (self, other),
                (WordList::Favours, WordList::Against)
                    | (WordList::Against, WordList::Favours)
                    | (WordList::Free, WordList::Paid)
                    | (WordList::Paid, WordList::Free)
            )
    }

    /// The list a `[words]` key names.
    pub fn parse(key: &str) -> Option<WordList> {
        WordList::ALL.into_iter().find(|l| l.as_str() == key)
    }
}

/// What a list of `faq/lexicon.toml`'s `[phrases]` table holds: phrases of one or more words
/// a rule of the engine looks for, whole words in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhraseList {
    /// Words that set aside only the few words after them ("instead of TPUs").
    Contrasts,
    /// Words that put what follows them aside, in the same clause ("not", "don't", "sin").
    Negators,
    /// Phrases asking for a framework's first release ("come out", "how old").
    FirstRelease,
    /// Phrases that look like topic words but only say "this is about ML" ("deep learning").
    Generic,
    /// Phrases opening the same ask again for another purpose ("what about for mobile?"): not
    /// a fact lookup, though they open with a question word.
    FollowOn,
}

impl PhraseList {
    /// Every list, in the order `faq/lexicon.toml` documents them; each is required.
    pub const ALL: [PhraseList; 5] = [
        PhraseList::Contrasts,
        PhraseList::Negators,
        PhraseList::FirstRelease,
        PhraseList::Generic,
        PhraseList::FollowOn,
    ];

    /// The key of its list under `[phrases]`.
    pub fn as_str(self) -> &'static str {
        match self {
            PhraseList::Contrasts => "contrasts",
            PhraseList::Negators => "negators",
            PhraseList::FirstRelease => "first_release",
            PhraseList::Generic => "generic",
            PhraseList::FollowOn => "follow_on",
        }
    }

    /// The list a `[phrases]` key names.
    pub fn parse(key: &str) -> Option<PhraseList> {
        PhraseList::ALL.into_iter().find(|l| l.as_str() == key)
    }
}

/// One family of `[same_ask]`: words that ask the same thing ("dead", "obsolete",
/// "abandoned"). A question and an FAQ sharing a family (and the topic) ask the same question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SameAsk {
    /// Its key under `[same_ask]`.
    pub name: String,
    /// Whether sharing it matches an FAQ whatever the topic ("should I learn both?" asks
    /// "Can I use both?").
    pub decisive: bool,
    /// Its words, trimmed (the engine folds them).
    pub words: Vec<String>,
}

/// The phrases of every cue, as written in `faq/lexicon.toml` (the engine folds them the way it
/// reads questions).
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// `(cue, phrase)` in file order.
    pub phrases: Vec<(Cue, String)>,
    /// Ids of the topics that describe the asker's situation (where the model runs, what they
    /// already have): named beside a task topic, they lead.
    pub situations: Vec<String>,
    /// Ids of the topics that say how big the work is (GPU and node counts): named beside the
    /// task itself, the task leads.
    pub scales: Vec<String>,
    /// Real words spelling correction must leave as they are ("hiking" is not "hiring").
    pub protected: Vec<String>,
    /// Short and slang words people type, each with the words it stands for ("comps" →
    /// "competitions"), read as those words before anything else.
    pub synonyms: Vec<(String, String)>,
    /// `(list, word)` of the `[words]` table, trimmed, in file order (the engine folds them).
    pub words: Vec<(WordList, String)>,
    /// `(list, phrase)` of the `[phrases]` table, trimmed, in file order.
    pub phrase_lists: Vec<(PhraseList, String)>,
    /// The `[same_ask]` families, in file order.
    pub same_ask: Vec<SameAsk>,
    /// Words people type and the words the sources use for the same thing (`[related]`):
    /// searched for as well, at a little less weight ("first" → "initial").
    pub related: Vec<(String, String)>,
    /// `(language, word)` of the `[stopwords]` table, trimmed, in file order: function words
    /// that say nothing about the subject, and by their language tell a question's.
    pub stopwords: Vec<(Locale, String)>,
}
