//! Reads `faq/lexicon.toml`: one `[cues]` table whose keys are the cues and whose values are
//! lists of words or phrases.

use toml_edit::Table;

use super::{Fields, Report};
use crate::knowledge::{Cue, Topic, Vocabulary, WordList};
use crate::l10n::Locale;

/// The file's name in `faq/`.
pub(super) const LEXICON_FILE: &str = "lexicon.toml";

/// Reads the cue lists, reporting unknown keys, unknown cues, odd values and a phrase listed
/// under two cues (which would make the frame depend on list order).
pub(super) fn read_vocabulary(
    root: &Table,
    topics: &[Topic],
    report: &mut Report<'_>,
) -> Vocabulary {
    for (key, _) in root.iter() {
        if !matches!(
            key,
            "cues" | "situations" | "scales" | "protected" | "synonyms" | "words" | "stopwords"
        ) {
            let span = root.key(key).and_then(|k| k.span());
            report.at(
                span,
                format!("unknown key `{key}` in {LEXICON_FILE} (expected situations, scales, protected, [synonyms], [words], [stopwords] or [cues])"),
            );
        }
    }
    let situations = read_topic_ids(root, "situations", topics, report);
    let scales = read_topic_ids(root, "scales", topics, report);
    let protected = read_protected(root, report);
    let synonyms = read_synonyms(root, report);
    let words = read_words(root, report);
    let stopwords = read_stopwords(root, report);
    let Some(table) = sub_table(root, "cues", report) else {
        return Vocabulary {
            situations,
            scales,
            protected,
            synonyms,
            words,
            stopwords,
            ..Vocabulary::default()
        };
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
    Vocabulary {
        phrases,
        situations,
        scales,
        protected,
        synonyms,
        words,
        stopwords,
    }
}

/// The `[words]` table: every list of `WordList`, each a non-empty list of single words, no
/// word twice in one list nor in two that conflict (a word both favouring and against a
/// framework would make the rule depend on list order). Without the table the lists are empty:
/// a lexicon that has the table must hold every list, so a misspelt key is reported, not
/// silently empty.
fn read_words(root: &Table, report: &mut Report<'_>) -> Vec<(WordList, String)> {
    let Some(table) = sub_table(root, "words", report) else {
        return Vec::new();
    };
    let mut out: Vec<(WordList, String)> = Vec::new();
    for (key, _) in table.iter() {
        if WordList::parse(key).is_none() {
            let known: Vec<&str> = WordList::ALL.iter().map(|l| l.as_str()).collect();
            let span = table.key(key).and_then(|k| k.span());
            report.at(
                span,
                format!(
                    "unknown word list `{key}` (expected one of {})",
                    known.join(", ")
                ),
            );
        }
    }
    for list in WordList::ALL {
        let key = list.as_str();
        let mut f = Fields {
            table,
            what: "[words]".to_string(),
            report,
            allowed: &[],
        };
        // Required: a missing or empty list is reported at the table or at its line.
        let values = f.str_list(key, true);
        for (word, span) in values {
            let trimmed = word.trim().to_string();
            if !one_lowercase_word(&trimmed) {
                report.at(
                    span,
                    format!("`{word}` in `{key}` must be one lowercase word"),
                );
            } else if let Some((other, _)) = out
                .iter()
                .find(|(l, w)| *w == trimmed && l.conflicts_with(list))
            {
                let message = if *other == list {
                    format!("`{word}` is listed twice in `{key}`")
                } else {
                    format!(
                        "`{word}` is listed in both `{}` and `{key}`",
                        other.as_str()
                    )
                };
                report.at(span, message);
            } else {
                out.push((list, trimmed));
            }
        }
    }
    out
}

/// The `[stopwords]` table: one list per language versus speaks, keyed by its tag (`en`, `es`,
/// `fr`, `de`, `pt-BR`), each a non-empty list of single words, no word twice in one language
/// (languages may share one: "como" is Spanish and Portuguese). Without the table there are
/// none; a table that is there must hold every language, so a misspelt tag is reported.
fn read_stopwords(root: &Table, report: &mut Report<'_>) -> Vec<(Locale, String)> {
    let Some(table) = sub_table(root, "stopwords", report) else {
        return Vec::new();
    };
    for (key, _) in table.iter() {
        if !Locale::ALL.iter().any(|l| l.tag() == key) {
            let known: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
            let span = table.key(key).and_then(|k| k.span());
            report.at(
                span,
                format!(
                    "unknown language `{key}` in [stopwords] (expected one of {})",
                    known.join(", ")
                ),
            );
        }
    }
    let mut out: Vec<(Locale, String)> = Vec::new();
    for locale in Locale::ALL {
        let key = locale.tag();
        let mut f = Fields {
            table,
            what: "[stopwords]".to_string(),
            report,
            allowed: &[],
        };
        for (word, span) in f.str_list(key, true) {
            let trimmed = word.trim().to_string();
            if !one_lowercase_word(&trimmed) {
                report.at(
                    span,
                    format!("stopword `{word}` in `{key}` must be one lowercase word"),
                );
            } else if out.iter().any(|(l, w)| *l == locale && *w == trimmed) {
                report.at(
                    span,
                    format!("stopword `{word}` is listed twice in `{key}`"),
                );
            } else {
                out.push((locale, trimmed));
            }
        }
    }
    out
}

/// The `[synonyms]` table: a short or slang word people type (one lowercase word) and the
/// words it stands for.
fn read_synonyms(root: &Table, report: &mut Report<'_>) -> Vec<(String, String)> {
    let Some(table) = sub_table(root, "synonyms", report) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in table.iter() {
        let span = table.key(key).and_then(|k| k.span());
        match value.as_str().map(str::trim) {
            _ if key.is_empty() || !one_lowercase_word(key) => {
                report.at(span, format!("synonym `{key}` must be one lowercase word"))
            }
            Some(words) if !words.is_empty() => out.push((key.to_string(), words.to_lowercase())),
            _ => report.at(
                span,
                format!("synonym `{key}` must stand for a non-empty string of words"),
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
        let good = format!("[words]\nfavours = [\"better\"]\nagainst = [\"worse\"]\npurpose = [\"für\"]\nunwanted = [\"egal\"]\naside = [\"egal\"]\n{SCOPE_LISTS}");
        let k = load_files(Path::new("faq"), files(&good)).unwrap();
        let mut want: Vec<(WordList, String)> = [
            (WordList::Favours, "better"),
            (WordList::Against, "worse"),
            (WordList::Purpose, "für"),
            (WordList::Unwanted, "egal"),
            (WordList::Aside, "egal"),
        ]
        .map(|(l, w)| (l, w.to_string()))
        .to_vec();
        want.extend(scope_words());
        assert_eq!(k.vocabulary.words, want);
        let text = format!("[words]\nfavours = [\"better\", \"better\"]\nagainst = [\"better\", \"Two Words\"]\npurpose = []\nrecipes = [\"pasta\"]\nunwanted = [\"matter\"]\naside = [\"aside\"]\n{SCOPE_LISTS}");
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

    /// The scope rules' lists and the fillers, one word each: what every `[words]` table of a
    /// test needs besides the lists it is about.
    const SCOPE_LISTS: &str = "choice = [\"or\"]\nreferences = [\"either\"]\nnot_an_option = [\"this\"]\ninstructions = [\"write\"]\nspam = [\"nitro\"]\nml = [\"model\"]\nproducts = [\"app\"]\ntools = [\"mlx\"]\nfillers = [\"simply\"]\n";

    /// What [`SCOPE_LISTS`] reads as.
    fn scope_words() -> Vec<(WordList, String)> {
        [
            (WordList::Choice, "or"),
            (WordList::References, "either"),
            (WordList::NotAnOption, "this"),
            (WordList::Instructions, "write"),
            (WordList::Spam, "nitro"),
            (WordList::Ml, "model"),
            (WordList::Products, "app"),
            (WordList::Tools, "mlx"),
            (WordList::Fillers, "simply"),
        ]
        .map(|(l, w)| (l, w.to_string()))
        .to_vec()
    }

    /// The lists of a good `[words]` table other than the scope ones.
    const OTHER_LISTS: &str = "favours = [\"better\"]\nagainst = [\"worse\"]\npurpose = [\"for\"]\nunwanted = [\"matter\"]\naside = [\"aside\"]\n";

    #[test]
    fn the_scope_lists_are_required_and_bad_words_in_them_reported_at_their_line() {
        let text = format!("[words]\n{OTHER_LISTS}choice = [\"or\", \"or\"]\nreferences = [\"either\"]\nnot_an_option = [\"this\"]\ninstructions = [\"Write Me\"]\nml = [\"model\"]\nproducts = []\ntools = [\"mlx\", 3]\nfillers = [\"simply\"]\n");
        let lines = problem_lines(&text);
        let has = |needle: &str| lines.iter().any(|l| l.contains(needle));
        assert!(
            has("lexicon.toml:1: missing `spam` in [words]"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:7: `or` is listed twice in `choice`"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:10: `Write Me` in `instructions` must be one lowercase word"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:12: empty `products` in [words]"),
            "{lines:?}"
        );
        assert!(
            has("lexicon.toml:13: `tools` in [words] must hold non-empty strings"),
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
            has("lexicon.toml:5: unknown language `xx` in [stopwords] (expected one of en, es, fr, de, pt-BR)"),
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
