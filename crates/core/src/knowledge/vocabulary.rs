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
}

impl WordList {
    /// Every list, in the order `faq/lexicon.toml` documents them; each is required.
    pub const ALL: [WordList; 14] = [
        WordList::Favours,
        WordList::Against,
        WordList::Purpose,
        WordList::Unwanted,
        WordList::Aside,
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
    ];

    /// The key of its list under `[words]`.
    pub fn as_str(self) -> &'static str {
        match self {
            WordList::Favours => "favours",
            WordList::Against => "against",
            WordList::Purpose => "purpose",
            WordList::Unwanted => "unwanted",
            WordList::Aside => "aside",
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
        }
    }

    /// Whether a word in both lists would make a rule depend on list order: a sentence word
    /// cannot both favour and count against a framework. Other lists may share words ("egal"
    /// is unwanted after a negator and sets aside without one).
    pub fn conflicts_with(self, other: WordList) -> bool {
        self == other
            || matches!(
                (self, other),
                (WordList::Favours, WordList::Against) | (WordList::Against, WordList::Favours)
            )
    }

    /// The list a `[words]` key names.
    pub fn parse(key: &str) -> Option<WordList> {
        WordList::ALL.into_iter().find(|l| l.as_str() == key)
    }
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
    /// `(language, word)` of the `[stopwords]` table, trimmed, in file order: function words
    /// that say nothing about the subject, and by their language tell a question's.
    pub stopwords: Vec<(Locale, String)>,
}
