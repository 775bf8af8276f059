//! Reads `faq/lexicon.toml`: the words and phrases the engine's rules look for, in lists and
//! tables each checked with file:line problems.

use toml_edit::Table;

use super::{Fields, Report};
use crate::knowledge::{Cue, PhraseList, SameAsk, Side, Topic, Vocabulary, WordList};
use crate::l10n::Locale;

/// The file's name in `faq/`.
pub(super) const LEXICON_FILE: &str = "lexicon.toml";

/// The keys a lexicon may have.
const LEXICON_KEYS: &[&str] = &[
    "situations",
    "scales",
    "protected",
    "synonyms",
    "related",
    "words",
    "phrases",
    "same_ask",
    "stopwords",
    "frameworks",
    "cues",
];

/// Reads the lexicon's lists and tables, reporting unknown keys and every odd value at its
/// line.
pub(super) fn read_vocabulary(
    root: &Table,
    topics: &[Topic],
    report: &mut Report<'_>,
) -> Vocabulary {
    for (key, _) in root.iter() {
        if !LEXICON_KEYS.contains(&key) {
            let span = root.key(key).and_then(|k| k.span());
            report.at(
                span,
                format!(
                    "unknown key `{key}` in {LEXICON_FILE} (expected one of {})",
                    LEXICON_KEYS.join(", ")
                ),
            );
        }
    }
    Vocabulary {
        situations: read_topic_ids(root, "situations", topics, report),
        scales: read_topic_ids(root, "scales", topics, report),
        protected: read_protected(root, report),
        synonyms: read_pairs(root, "synonyms", report),
        related: read_pairs(root, "related", report),
        words: read_words(root, report),
        stopwords: read_stopwords(root, report),
        frameworks: read_frameworks(root, report),
        phrase_lists: read_phrase_lists(root, report),
        same_ask: read_same_ask(root, report),
        phrases: read_cues(root, report),
    }
}

/// The `[cues]` table: each key a cue, each value a list of phrases, no phrase under two cues
/// (which would make the frame depend on list order).
fn read_cues(root: &Table, report: &mut Report<'_>) -> Vec<(Cue, String)> {
    let Some(table) = sub_table(root, "cues", report) else {
        return Vec::new();
    };
    let mut phrases: Vec<(Cue, String)> = Vec::new();
    for (key, _) in table.iter() {
        let Some(cue) = Cue::parse(key) else {
            let known: Vec<&str> = Cue::ALL.iter().map(|c| c.as_str()).collect();
            let span = table.key(key).and_then(|k| k.span());
            report.at(
                span,
                format!("unknown cue `{key}` (expected one of {})", known.join(", ")),
            );
            continue;
        };
        let mut f = Fields {
            table,
            what: "[cues]".to_string(),
            report,
            allowed: &[],
        };
        for (phrase, span) in f.str_list(key, false) {
            let folded = phrase.trim().to_lowercase();
            if let Some((other, _)) = phrases.iter().find(|(_, p)| *p == folded) {
                report.at(
                    span,
                    format!(
                        "`{phrase}` is listed under both `{}` and `{key}`",
                        other.as_str()
                    ),
                );
                continue;
            }
            phrases.push((cue, folded));
        }
    }
    phrases
}

/// The `[phrases]` table: every list of `PhraseList`, each a non-empty list of phrases, none
/// twice in one list. Like `[words]`, a lexicon that has the table must hold every list.
fn read_phrase_lists(root: &Table, report: &mut Report<'_>) -> Vec<(PhraseList, String)> {
    let keys: Vec<(PhraseList, &str)> = PhraseList::ALL.iter().map(|&l| (l, l.as_str())).collect();
    keyed_lists(
        root,
        "phrases",
        &keys,
        "phrase list",
        report,
        |list, key, raw, kept| {
            let folded = raw.trim().to_lowercase();
            if kept.iter().any(|(l, p)| *l == list && *p == folded) {
                Err(format!("`{raw}` is listed twice in `{key}`"))
            } else {
                Ok(folded)
            }
        },
    )
}

/// The `[same_ask]` table: each key a family, a table holding `words` (single words, at least
/// one) and optionally `decisive` (true or false).
fn read_same_ask(root: &Table, report: &mut Report<'_>) -> Vec<SameAsk> {
    let Some(table) = sub_table(root, "same_ask", report) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, item) in table.iter() {
        let what = format!("[same_ask.{name}]");
        let Some(family) = item.as_table() else {
            let span = item
                .span()
                .or_else(|| table.key(name).and_then(|k| k.span()));
            report.at(
                span,
                format!("`{name}` in [same_ask] must be a {what} table"),
            );
            continue;
        };
        let mut f = Fields {
            table: family,
            what: what.clone(),
            report,
            allowed: &["words", "decisive"],
        };
        f.check_keys();
        let decisive = f.opt_bool("decisive").unwrap_or(false);
        let mut words: Vec<String> = Vec::new();
        for (word, span) in f.str_list("words", true) {
            let trimmed = word.trim().to_string();
            if !one_lowercase_word(&trimmed) {
                report.at(
                    span,
                    format!("`{word}` in {what} must be one lowercase word"),
                );
            } else if words.contains(&trimmed) {
                report.at(span, format!("`{word}` is listed twice in {what}"));
            } else {
                words.push(trimmed);
            }
        }
        out.push(SameAsk {
            name: name.to_string(),
            decisive,
            words,
        });
    }
    out
}

/// Reports each key of `table` that is not one of `known`.
fn report_unknown(table: &Table, known: &[&str], what: &str, report: &mut Report<'_>) {
    for (key, _) in table.iter() {
        if !known.contains(&key) {
            let span = table.key(key).and_then(|k| k.span());
            report.at(
                span,
                format!(
                    "unknown {what} `{key}` (expected one of {})",
                    known.join(", ")
                ),
            );
        }
    }
}

/// The `[words]` table: every list of `WordList`, each a non-empty list of single words, no
/// word twice in one list nor in two that conflict (a word both favouring and against a
/// framework would make the rule depend on list order). Without the table the lists are empty:
/// a lexicon that has the table must hold every list, so a misspelt key is reported, not
/// silently empty.
fn read_words(root: &Table, report: &mut Report<'_>) -> Vec<(WordList, String)> {
    let keys: Vec<(WordList, &str)> = WordList::ALL.iter().map(|&l| (l, l.as_str())).collect();
    keyed_lists(
        root,
        "words",
        &keys,
        "word list",
        report,
        |list, key, raw, kept| {
            let word = one_word(raw, key, "")?;
            match kept
                .iter()
                .find(|(l, w)| w == word && l.conflicts_with(list))
            {
                Some((other, _)) if *other == list => {
                    Err(format!("`{raw}` is listed twice in `{key}`"))
                }
                Some((other, _)) => Err(format!(
                    "`{raw}` is listed in both `{}` and `{key}`",
                    other.as_str()
                )),
                None => Ok(word.to_string()),
            }
        },
    )
}

/// The `[stopwords]` table: one list per language versus speaks, keyed by its tag (`en`, `es`,
/// `fr`, `de`, `pt-BR`), each a non-empty list of single words, no word twice in one language
/// (languages may share one: "como" is Spanish and Portuguese). Without the table there are
/// none; a table that is there must hold every language, so a misspelt tag is reported.
fn read_stopwords(root: &Table, report: &mut Report<'_>) -> Vec<(Locale, String)> {
    let keys: Vec<(Locale, &str)> = Locale::ALL.iter().map(|&l| (l, l.tag())).collect();
    keyed_lists(
        root,
        "stopwords",
        &keys,
        "language",
        report,
        |locale, key, raw, kept| {
            let word = one_word(raw, key, "stopword ")?;
            if kept.iter().any(|(l, w)| *l == locale && w == word) {
                Err(format!("stopword `{raw}` is listed twice in `{key}`"))
            } else {
                Ok(word.to_string())
            }
        },
    )
}

/// The `[frameworks]` table: the names of TensorFlow (`tensorflow`) and of PyTorch (`pytorch`),
/// both required, each one lowercase word, none naming both.
fn read_frameworks(root: &Table, report: &mut Report<'_>) -> Vec<(Side, String)> {
    let keys = [Side::TensorFlow, Side::PyTorch].map(|s| (s, s.as_str()));
    keyed_lists(
        root,
        "frameworks",
        &keys,
        "framework",
        report,
        |side, key, raw, kept| {
            let word = one_word(raw, key, "")?;
            match kept.iter().find(|(_, w)| w == word) {
                Some((other, _)) if *other == side => {
                    Err(format!("`{raw}` is listed twice in `{key}`"))
                }
                Some((other, _)) => Err(format!(
                    "`{raw}` names both `{}` and `{key}`",
                    other.as_str()
                )),
                None => Ok(word.to_string()),
            }
        },
    )
}

/// A table whose keys are `keys`' names, each a required list once the table is there (a
/// misspelt key is reported as an unknown `what`, not read as empty): every value is given to
/// `accept` with the values kept so far, and is kept as it returns or reported at its line.
fn keyed_lists<K: Copy>(
    root: &Table,
    name: &str,
    keys: &[(K, &str)],
    what: &str,
    report: &mut Report<'_>,
    accept: impl Fn(K, &str, &str, &[(K, String)]) -> Result<String, String>,
) -> Vec<(K, String)> {
    let Some(table) = sub_table(root, name, report) else {
        return Vec::new();
    };
    let known: Vec<&str> = keys.iter().map(|(_, k)| *k).collect();
    report_unknown(table, &known, what, report);
    let mut out: Vec<(K, String)> = Vec::new();
    for &(list, key) in keys {
        let mut f = Fields {
            table,
            what: format!("[{name}]"),
            report,
            allowed: &[],
        };
        // Required: a missing or empty list is reported at the table or at its line.
        for (raw, span) in f.str_list(key, true) {
            match accept(list, key, &raw, &out) {
                Ok(value) => out.push((list, value)),
                Err(message) => report.at(span, message),
            }
        }
    }
    out
}

/// `raw` trimmed, when it is one lowercase word; else what to report (`label` names the kind
/// of word: "stopword ").
fn one_word<'r>(raw: &'r str, key: &str, label: &str) -> Result<&'r str, String> {
    let word = raw.trim();
    if one_lowercase_word(word) {
        Ok(word)
    } else {
        Err(format!(
            "{label}`{raw}` in `{key}` must be one lowercase word"
        ))
    }
}

/// A table of one lowercase word each standing for a non-empty string of words: `[synonyms]`
/// (short and slang words people type) and `[related]` (words searched for beside them).
fn read_pairs(root: &Table, key: &str, report: &mut Report<'_>) -> Vec<(String, String)> {
    let Some(table) = sub_table(root, key, report) else {
        return Vec::new();
    };
    let singular = key.trim_end_matches('s');
    let mut out = Vec::new();
    for (word, value) in table.iter() {
        let span = table.key(word).and_then(|k| k.span());
        match value.as_str().map(str::trim) {
            _ if word.is_empty() || !one_lowercase_word(word) => report.at(
                span,
                format!("{singular} `{word}` must be one lowercase word"),
            ),
            Some(words) if !words.is_empty() => out.push((word.to_string(), words.to_lowercase())),
            _ => report.at(
                span,
                format!("{singular} `{word}` must stand for a non-empty string of words"),
            ),
        }
    }
    out
}

/// The `protected` list: single lowercase words (spelling correction works word by word).
fn read_protected(root: &Table, report: &mut Report<'_>) -> Vec<String> {
    checked_list(root, "protected", report, |word| {
        (!one_lowercase_word(word))
            .then(|| format!("protected word `{word}` must be one lowercase word"))
    })
}

/// The table under `key` (`[cues]`, `[words]`, `[synonyms]`), if there is one; a value that is
/// not a table is reported at its line.
fn sub_table<'t>(root: &'t Table, key: &str, report: &mut Report<'_>) -> Option<&'t Table> {
    let item = root.get(key)?;
    let table = item.as_table();
    if table.is_none() {
        report.at(
            item.span(),
            format!("`{key}` in {LEXICON_FILE} must be a [{key}] table"),
        );
    }
    table
}

/// Whether `word` is lowercase letters and digits only (spelling correction, synonyms and the
/// `[words]` rules all work word by word).
fn one_lowercase_word(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_alphanumeric() && !c.is_uppercase())
}

/// A list of topic ids (`situations`, `scales`), each of a topic in topics.toml.
fn read_topic_ids(
    root: &Table,
    key: &str,
    topics: &[Topic],
    report: &mut Report<'_>,
) -> Vec<String> {
    checked_list(root, key, report, |id| {
        (!topics.iter().any(|t| t.id == id))
            .then(|| format!("unknown topic `{id}` (not in topics.toml)"))
    })
}

/// A top-level list of strings, each kept unless `problem` says what is wrong with it, which is
/// reported at its line.
fn checked_list(
    root: &Table,
    key: &str,
    report: &mut Report<'_>,
    problem: impl Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut f = Fields {
        table: root,
        what: LEXICON_FILE.to_string(),
        report,
        allowed: &[],
    };
    let mut out = Vec::new();
    for (value, span) in f.str_list(key, false) {
        match problem(&value) {
            None => out.push(value),
            Some(message) => report.at(span, message),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::load_files;
    use std::path::Path;

    fn files(lexicon: &str) -> Vec<(String, String)> {
        vec![
            (
                "sources.toml".into(),
                "[[source]]\nid = \"s1\"\ntitle = \"T\"\norigin = \"s1.txt\"\n".into(),
            ),
            (
                "topics.toml".into(),
                "[[topic]]\nid = \"mobile\"\nlabel = \"mobile\"\nwords = [\"phone\"]\n".into(),
            ),
            (LEXICON_FILE.into(), lexicon.into()),
        ]
    }

    /// A line `key = ["wN"]` for every `[words]` list but `given`, so that a test of some lists
    /// holds every required one.
    fn every_list_but(given: &[WordList]) -> String {
        WordList::ALL
            .iter()
            .enumerate()
            .filter(|(_, l)| !given.contains(l))
            .map(|(i, l)| format!("{} = [\"w{i}\"]\n", l.as_str()))
            .collect()
    }

    /// The problems a knowledge base with `lexicon` as its lexicon.toml is refused with.
    fn problem_lines(lexicon: &str) -> Vec<String> {
        let problems = load_files(Path::new("faq"), files(lexicon)).unwrap_err();
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn cue_lists_are_read_in_file_order() {
        let k = load_files(
            Path::new("faq"),
            files("situations = [\"mobile\"]\n[cues]\ncode = [\"write me\", \"Snippet\"]\nchatter = [\"hello\"]\n"),
        )
        .unwrap();
        assert_eq!(k.vocabulary.situations, ["mobile"]);
        assert_eq!(
            k.vocabulary.phrases,
            [
                (Cue::Code, "write me".to_string()),
                (Cue::Code, "snippet".to_string()),
                (Cue::Chatter, "hello".to_string()),
            ]
        );
    }

    #[test]
    fn bad_lists_are_reported_where_they_are() {
        let text = "situations = [\"mobile\", \"space\"]\nprotected = [\"Two Words\"]\n[cues]\ncode = [\"write me\"]\nrecipes = [\"pasta\"]\ntheory = [\"write me\"]\nhardware = \"gpu\"\n[extra]\n";
        let lines = problem_lines(text);
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(has("lexicon.toml:1: unknown topic `space`"), "{lines:?}");
        assert!(
            has("lexicon.toml:2: protected word `Two Words` must be one lowercase word"),
            "{lines:?}"
        );
        assert!(has("lexicon.toml:5: unknown cue `recipes`"), "{lines:?}");
        assert!(
            has("lexicon.toml:6: `write me` is listed under both `code` and `theory`"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:7: `hardware` in [cues] must be a list"),
            "{lines:?}"
        );
        assert!(has("lexicon.toml:8: unknown key `extra`"), "{lines:?}");
    }

    #[test]
    fn the_file_may_be_absent() {
        let mut f = files("");
        f.pop();
        let k = load_files(Path::new("faq"), f).unwrap();
        assert!(k.vocabulary.phrases.is_empty());
    }

    #[test]
    fn synonyms_are_read_and_bad_ones_reported_at_their_line() {
        let k = load_files(
            Path::new("faq"),
            files("[synonyms]\ncomps = \"Competitions\"\ndl = \"deep learning\"\n"),
        )
        .unwrap();
        assert_eq!(
            k.vocabulary.synonyms,
            [
                ("comps".to_string(), "competitions".to_string()),
                ("dl".to_string(), "deep learning".to_string()),
            ]
        );
        let text =
            "[synonyms]\nok = \"fine\"\n\"Two Words\" = \"x\"\nempty = \"  \"\nlist = [\"a\"]\n";
        let lines = problem_lines(text);
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(
            has("lexicon.toml:3: synonym `Two Words` must be one lowercase word"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:4: synonym `empty` must stand for"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:5: synonym `list` must stand for"),
            "{lines:?}"
        );
        assert_eq!(lines.len(), 3, "{lines:?}");
    }

    #[test]
    fn word_lists_are_read_and_bad_ones_reported_at_their_line() {
        let good = format!(
            "[words]\nfavours = [\"better\"]\nagainst = [\"worse\"]\npurpose = [\"für\"]\nunwanted = [\"egal\"]\naside = [\"egal\"]\n{}",
            every_list_but(&[
                WordList::Favours,
                WordList::Against,
                WordList::Purpose,
                WordList::Unwanted,
                WordList::Aside
            ])
        );
        let k = load_files(Path::new("faq"), files(&good)).unwrap();
        assert_eq!(
            k.vocabulary.words[..5],
            [
                (WordList::Favours, "better".to_string()),
                (WordList::Against, "worse".to_string()),
                (WordList::Purpose, "für".to_string()),
                (WordList::Unwanted, "egal".to_string()),
                (WordList::Aside, "egal".to_string()),
            ]
        );
        assert_eq!(k.vocabulary.words.len(), WordList::ALL.len());
        let text = format!(
            "[words]\nfavours = [\"better\", \"better\"]\nagainst = [\"better\", \"Two Words\"]\npurpose = []\nrecipes = [\"pasta\"]\nunwanted = [\"matter\"]\naside = [\"aside\"]\n{}",
            every_list_but(&[
                WordList::Favours,
                WordList::Against,
                WordList::Purpose,
                WordList::Unwanted,
                WordList::Aside
            ])
        );
        let lines = problem_lines(&text);
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(
            has("lexicon.toml:2: `better` is listed twice in `favours`"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:3: `better` is listed in both `favours` and `against`"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:3: `Two Words` in `against` must be one lowercase word"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:4: empty `purpose` in [words]"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:5: unknown word list `recipes`"),
            "{lines:?}"
        );
        assert_eq!(lines.len(), 5, "{lines:?}");
    }

    /// The scope rules' lists and the fillers.
    const SCOPE: [WordList; 9] = [
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

    #[test]
    fn the_scope_lists_are_required_and_bad_words_in_them_reported_at_their_line() {
        let good = format!(
            "[words]\ntools = [\"mlx\", \"XGBoost \"]\n{}",
            every_list_but(&[WordList::Tools])
        );
        let lines = problem_lines(&good);
        assert_eq!(
            lines,
            ["faq/lexicon.toml:2: `XGBoost ` in `tools` must be one lowercase word"]
        );
        let good = format!(
            "[words]\ntools = [\"mlx\", \" xgboost \"]\n{}",
            every_list_but(&[WordList::Tools])
        );
        let k = load_files(Path::new("faq"), files(&good)).unwrap();
        let tools: Vec<&str> = k
            .vocabulary
            .words
            .iter()
            .filter(|(l, _)| *l == WordList::Tools)
            .map(|(_, w)| w.as_str())
            .collect();
        assert_eq!(tools, ["mlx", "xgboost"], "trimmed, in file order");
        let text = format!("[words]\nchoice = [\"or\", \"or\"]\nreferences = [\"either\"]\nnot_an_option = [\"this\"]\ninstructions = [\"Write Me\"]\nml = [\"model\"]\nproducts = []\ntools = [\"mlx\", 3]\nfillers = [\"simply\"]\n{}", every_list_but(&SCOPE));
        let lines = problem_lines(&text);
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(
            has("lexicon.toml:1: missing `spam` in [words]"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:2: `or` is listed twice in `choice`"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:5: `Write Me` in `instructions` must be one lowercase word"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:7: empty `products` in [words]"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:8: `tools` in [words] must hold non-empty strings"),
            "{lines:?}"
        );
        assert_eq!(lines.len(), 5, "{lines:?}");
    }

    /// A `[stopwords]` table with one word per language.
    const STOPWORDS: &str = "[stopwords]\nen = [\"the\"]\nes = [\"el\", \"cuál\"]\nfr = [\"le\"]\nde = [\"der\"]\npt-BR = [\"o\", \"como\"]\n";

    #[test]
    fn stopwords_are_read_per_language() {
        let k = load_files(Path::new("faq"), files(STOPWORDS)).unwrap();
        let want: Vec<(Locale, String)> = [
            (Locale::En, "the"),
            (Locale::Es, "el"),
            (Locale::Es, "cuál"),
            (Locale::Fr, "le"),
            (Locale::De, "der"),
            (Locale::PtBr, "o"),
            (Locale::PtBr, "como"),
        ]
        .map(|(l, w)| (l, w.to_string()))
        .to_vec();
        assert_eq!(k.vocabulary.stopwords, want);
    }

    #[test]
    fn bad_stopwords_and_languages_are_reported_at_their_line() {
        let text = "[stopwords]\nen = [\"the\", \"the\"]\nes = [\"el mejor\"]\nfr = []\nxx = [\"a\"]\npt_br = [\"o\"]\nde = \"der\"\n";
        let lines = problem_lines(text);
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(
            has("lexicon.toml:2: stopword `the` is listed twice in `en`"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:3: stopword `el mejor` in `es` must be one lowercase word"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:4: empty `fr` in [stopwords]"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:5: unknown language `xx` (expected one of en, es, fr, de, pt-BR)"),
            "{lines:?}"
        );
        assert!(has("lexicon.toml:6: unknown language `pt_br`"), "{lines:?}");
        assert!(
            has("lexicon.toml:7: `de` in [stopwords] must be a list of strings"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:1: missing `pt-BR` in [stopwords]"),
            "{lines:?}"
        );
        assert_eq!(lines.len(), 7, "{lines:?}");
        let lines = problem_lines("stopwords = [\"the\"]\n");
        assert!(
            lines.iter().any(|l| l.contains(
                "lexicon.toml:1: `stopwords` in lexicon.toml must be a [stopwords] table"
            )),
            "{lines:?}"
        );
    }

    #[test]
    fn phrase_lists_families_and_related_words_are_read_and_checked_at_their_line() {
        let good = "[phrases]\ncontrasts = [\"Instead of\"]\nnegators = [\"not\"]\nfirst_release = [\"how old\"]\ngeneric = [\"deep learning\"]\nfollow_on = [\"what about\"]\n[same_ask.dead]\ndecisive = true\nwords = [\"dead\"]\n[same_ask.speed]\nwords = [\"fast\"]\n[related]\nfirst = \"initial\"\n";
        let v = load_files(Path::new("faq"), files(good))
            .unwrap()
            .vocabulary;
        assert_eq!(
            v.phrase_lists[0],
            (PhraseList::Contrasts, "instead of".to_string())
        );
        assert_eq!(v.phrase_lists.len(), 5);
        assert_eq!(
            v.same_ask,
            [
                SameAsk {
                    name: "dead".into(),
                    decisive: true,
                    words: vec!["dead".into()]
                },
                SameAsk {
                    name: "speed".into(),
                    decisive: false,
                    words: vec!["fast".into()]
                },
            ]
        );
        assert_eq!(v.related, [("first".to_string(), "initial".to_string())]);
        let bad = "[phrases]\ncontrasts = [\"except\", \"except\"]\nnegators = []\nfirst_release = [\"how old\"]\nslang = [\"x\"]\n[same_ask.dead]\ndecisive = \"yes\"\nwords = [\"dead\", \"Two Words\"]\ncolour = 1\n[same_ask]\nspeed = 3\n[related]\n\"Two Words\" = \"x\"\n";
        let lines = problem_lines(bad);
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(
            has("lexicon.toml:2: `except` is listed twice in `contrasts`"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:3: empty `negators` in [phrases]"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:1: missing `generic` in [phrases]"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:5: unknown phrase list `slang`"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:7: `decisive` in [same_ask.dead] must be true or false"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:8: `Two Words` in [same_ask.dead] must be one lowercase word"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:9: unknown key `colour` in [same_ask.dead]"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:11: `speed` in [same_ask] must be a [same_ask.speed] table"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:13: related `Two Words` must be one lowercase word"),
            "{lines:?}"
        );
        assert_eq!(lines.len(), 10, "{lines:?}");
    }

    #[test]
    fn framework_names_are_read_and_a_name_of_both_is_reported() {
        let good = "[frameworks]\ntensorflow = [\"tf\"]\npytorch = [\"torch\"]\n";
        let v = load_files(Path::new("faq"), files(good))
            .unwrap()
            .vocabulary;
        assert_eq!(
            v.frameworks,
            [
                (Side::TensorFlow, "tf".to_string()),
                (Side::PyTorch, "torch".to_string())
            ]
        );
        let bad = "[frameworks]\ntensorflow = [\"tf\", \"two words\"]\npytorch = [\"tf\"]\njax = [\"jax\"]\n";
        let lines = problem_lines(bad);
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(
            has("lexicon.toml:2: `two words` in `tensorflow` must be one lowercase word"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:3: `tf` names both `tensorflow` and `pytorch`"),
            "{lines:?}"
        );
        assert!(has("lexicon.toml:4: unknown framework `jax`"), "{lines:?}");
    }

    #[test]
    fn a_words_table_must_hold_every_list_and_be_a_table() {
        let lines = problem_lines("[words]\nfavours = [\"better\"]\n");
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(
            has("lexicon.toml:1: missing `against` in [words]"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:1: missing `purpose` in [words]"),
            "{lines:?}"
        );
        let lines = problem_lines("words = [\"x\"]\n");
        assert!(
            lines
                .iter()
                .any(|l| l
                    .contains("lexicon.toml:1: `words` in lexicon.toml must be a [words] table")),
            "{lines:?}"
        );
    }
}
