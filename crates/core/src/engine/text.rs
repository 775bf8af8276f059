//! Turning whatever a user typed into plain words: Discord mentions, markdown, URLs, control
//! and zero-width characters, accents and length are all dealt with here, before anything else
//! sees the text. Never fails, for any input.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::knowledge::{Vocabulary, WordList};
use crate::l10n::Locale;

/// How much of a question is read; the rest is ignored (a question is a sentence, not an essay).
pub const MAX_QUESTION_CHARS: usize = 1000;
/// How many words of a question are considered.
pub const MAX_WORDS: usize = 64;

/// Cleans `raw` for display and analysis: drops Discord mentions and custom emoji markup,
/// URLs, control and zero-width characters; keeps at most [`MAX_QUESTION_CHARS`] characters.
pub fn clean(raw: &str) -> String {
    if is_plain(raw) {
        raw.to_owned()
    } else {
        clean_marked(raw)
    }
}

/// Whether cleaning would leave `raw` as it is: printable ASCII, single spaces between words,
/// none of the characters markup, mentions and URLs start with, and short enough. Most
/// questions are, and this one pass over the bytes costs less than rebuilding them.
fn is_plain(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.len() <= MAX_QUESTION_CHARS
        && b.first().is_none_or(|&c| c != b' ')
        && b.last().is_none_or(|&c| c != b' ')
        && b.iter()
            .all(|&c| (b' '..=b'~').contains(&c) && c != b'<' && c != b'@')
        && !b.windows(2).any(|w| w == b"  ")
        && !b.windows(3).any(|w| w == b"://")
        && !b.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."))
}

/// [`clean`] for text that needs it, character by character.
fn clean_marked(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len().min(MAX_QUESTION_CHARS * 4));
    let mut rest = raw;
    let mut kept = 0;
    while let Some(c) = rest.chars().next() {
        if kept >= MAX_QUESTION_CHARS {
            break;
        }
        if c == '<' {
            if let Some(len) = discord_markup_len(rest) {
                rest = &rest[len..];
                out.push(' ');
                continue;
            }
        }
        if c == '@' {
            if let Some(len) = everyone_len(rest) {
                rest = &rest[len..];
                out.push(' ');
                continue;
            }
        }
        if c == 'h' || c == 'H' || c == 'w' || c == 'W' {
            if let Some(len) = url_len(rest) {
                rest = &rest[len..];
                out.push(' ');
                continue;
            }
        }
        rest = &rest[c.len_utf8()..];
        if c.is_control() || is_invisible(c) {
            if c == '\n' || c == '\t' || c == '\r' {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        kept += 1;
    }
    let joined = out.split_whitespace().collect::<Vec<_>>().join(" ");
    // `kept` does not count the spaces that stand in for markup and line breaks, so the joined
    // text can still be longer than promised: cut it to the bound.
    if joined.chars().count() <= MAX_QUESTION_CHARS {
        joined
    } else {
        let cut: String = joined.chars().take(MAX_QUESTION_CHARS).collect();
        cut.trim_end().to_string()
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// `<@123>`, `<@!123>`, `<@&123>`, `<#123>`, `<:name:123>`, `<a:name:123>`, `</cmd:123>`,
/// `<t:123:R>`: Discord markup that names something rather than saying something.
fn discord_markup_len(s: &str) -> Option<usize> {
    // Look no further than 120 bytes, cut back to a character boundary.
    let mut window = s.len().min(120);
    while !s.is_char_boundary(window) {
        window -= 1;
    }
    let end = s[..window].find('>')?;
    let inner = &s[1..end];
    let ok = inner.starts_with('@')
        || inner.starts_with('#')
        || inner.starts_with(':')
        || inner.starts_with("a:")
        || inner.starts_with('/')
        || inner.starts_with("t:");
    let digits = inner.bytes().any(|b| b.is_ascii_digit());
    (ok && digits && !inner.contains(char::is_whitespace)).then_some(end + 1)
}

/// Whether `s` starts with ASCII `prefix`, ignoring case; never slices inside a character.
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn everyone_len(s: &str) -> Option<usize> {
    ["@everyone", "@here"]
        .into_iter()
        .find(|word| starts_with_ignore_case(s, word))
        .map(str::len)
}

fn url_len(s: &str) -> Option<usize> {
    if !["http://", "https://", "www."]
        .into_iter()
        .any(|p| starts_with_ignore_case(s, p))
    {
        return None;
    }
    Some(s.find(char::is_whitespace).unwrap_or(s.len()))
}

/// Lowercased, accent-folded words of `text`: letters and digits only, at most [`MAX_WORDS`].
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    // Decomposing char by char is what `nfkd()` does for every letter kept: it only reorders
    // combining marks, and those are dropped. ASCII needs no decomposing at all, and most text
    // is ASCII, so it skips the decomposer's table lookups.
    let mut push = |c: char, out: &mut Vec<String>| {
        if is_combining_mark(c) {
            return;
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            push(c, &mut out);
        } else {
            decompose_compatible(c, |d| push(d, &mut out));
        }
        if out.len() >= MAX_WORDS {
            // One character can decompose into two words ("⑴" is "(1)").
            out.truncate(MAX_WORDS);
            return out;
        }
    }
    if !word.is_empty() && out.len() < MAX_WORDS {
        out.push(word);
    }
    out
}

/// Function words and question scaffolding that say nothing about the subject, in English,
/// Spanish, French, German and Portuguese: `faq/lexicon.toml`'s `[stopwords]` and its
/// `fillers`, folded as [`words`] gives them, built once per knowledge generation (every word
/// of every question and quote is looked up).
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    /// Every stopword of every language, and the fillers.
    all: foldhash::HashSet<String>,
    /// Each stopword the English list lacks, with the languages whose lists hold it: what
    /// tells a question's language ("me" or "framework", English too, tells nothing).
    markers: foldhash::HashMap<String, Vec<Locale>>,
}

impl Stopwords {
    /// The stopwords and fillers of `vocabulary`, folded.
    pub fn new(vocabulary: &Vocabulary) -> Stopwords {
        let mut all = foldhash::HashSet::default();
        let mut markers: foldhash::HashMap<String, Vec<Locale>> = Default::default();
        for (locale, w) in &vocabulary.stopwords {
            for w in words(w) {
                let langs = markers.entry(w.clone()).or_default();
                if !langs.contains(locale) {
                    langs.push(*locale);
                }
                all.insert(w);
            }
        }
        markers.retain(|_, langs| !langs.contains(&Locale::En));
        for (list, w) in &vocabulary.words {
            if *list == WordList::Fillers {
                all.extend(words(w));
            }
        }
        Stopwords { all, markers }
    }

    /// Whether `word` (folded) says nothing about the subject.
    pub fn contains(&self, word: &str) -> bool {
        self.all.contains(word)
    }

    /// The languages other than English whose stopwords hold `word` (folded), none when
    /// English's do or no list does.
    pub fn languages(&self, word: &str) -> &[Locale] {
        self.markers.get(word).map_or(&[], Vec::as_slice)
    }
}

/// Which framework a word names, if any.
pub fn framework_of(word: &str) -> Option<crate::knowledge::Side> {
    use crate::knowledge::Side;
    match word {
        "tensorflow" | "tf" | "tf2" | "tensorflow2" | "tfjs" | "tflite" => Some(Side::TensorFlow),
        "pytorch" | "torch" | "pytorch2" => Some(Side::PyTorch),
        _ => None,
    }
}

/// Sentences of a quoted text, each a verbatim slice.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (b == b'.' || b == b'?' || b == b'!')
            && bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\n')
            && !abbreviation_before(text, i)
        {
            let s = text[start..=i].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = i + 1;
        }
        i += 1;
    }
    let tail = text[start..].trim();
    if !tail.is_empty() {
        out.push(tail);
    }
    out
}

fn abbreviation_before(text: &str, dot: usize) -> bool {
    let word_start = text[..dot].rfind(' ').map(|p| p + 1).unwrap_or(0);
    let word = &text[word_start..dot];
    matches!(word, "e.g" | "i.e" | "vs" | "etc" | "approx" | "Mr" | "Dr")
        || (word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text` as whole-string NFKD gives them: what [`words`] must equal.
    fn words_by_nfkd(text: &str) -> Vec<String> {
        use unicode_normalization::UnicodeNormalization;
        let folded: String = text
            .nfkd()
            .filter(|&c| !is_combining_mark(c))
            .flat_map(char::to_lowercase)
            .collect();
        let mut out: Vec<String> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        out.truncate(MAX_WORDS);
        out
    }

    #[test]
    fn plain_text_cleans_as_the_character_by_character_pass_does() {
        // Every string of up to 4 characters over an alphabet of the characters the fast path
        // must notice, plus longer shapes around its bounds.
        let alphabet = [
            "a", "H", "w", ".", " ", "  ", "<", "@", ":", "/", "\t", "é", "\u{200B}", "~",
        ];
        let mut cases: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = cases
                .iter()
                .flat_map(|c| alphabet.iter().map(move |a| format!("{c}{a}")))
                .collect();
            cases.extend(longer);
        }
        cases.extend([
            "see http://x.org now".to_string(),
            "HTTPS://x.org".to_string(),
            "go to WWW.x.org".to_string(),
            "hi <@123> there".to_string(),
            "ping @everyone".to_string(),
            "x".repeat(MAX_QUESTION_CHARS),
            "x".repeat(MAX_QUESTION_CHARS + 1),
            format!("{} y", "x".repeat(MAX_QUESTION_CHARS - 1)),
        ]);
        for case in &cases {
            assert_eq!(clean(case), clean_marked(case), "{case:?}");
        }
        assert!(is_plain("TensorFlow or PyTorch for research?"));
        assert!(!is_plain("see http://x.org"));
    }

    #[test]
    fn words_fold_as_whole_text_nfkd_does() {
        let long = "¿Cuál es mejor? ".repeat(40);
        for t in [
            "Which is better, TensorFlow or PyTorch?",
            "¿Cuál es mejor para producción, TensorFlow o PyTorch?",
            "Welches Framework ist schneller für Großmodelle?",
            "e\u{301}le\u{300}ve naïve ﬁne-tuning ⑴ x² Ｆｕｌｌ",
            "한국어 질문 テンソル",
            "",
            long.as_str(),
        ] {
            assert_eq!(words(t), words_by_nfkd(t), "{t}");
        }
    }

    #[test]
    fn mentions_markup_and_urls_are_dropped() {
        assert_eq!(
            clean("<@123> @everyone hi <@&42> <#9> <:tf:77> see https://x.y/z?a=1 ok"),
            "hi see ok"
        );
        assert_eq!(clean("@HERE pytorch"), "pytorch");
    }

    #[test]
    fn invisible_and_control_characters_are_dropped() {
        assert_eq!(clean("py\u{200B}torch\u{0}\u{202E} or tf"), "pytorch or tf");
    }

    #[test]
    fn multibyte_text_after_h_w_or_at_never_panics() {
        for s in ["h\u{0}\u{202E}x", "w€€€", "@€€€", "@évérÿone", "hé€€€€"]
        {
            let _ = clean(s);
        }
        assert_eq!(clean("@€ ok"), "@€ ok");
    }

    #[test]
    fn long_input_is_cut_on_a_character_boundary() {
        let s = "🔥".repeat(4000);
        let c = clean(&s);
        assert_eq!(c.chars().count(), MAX_QUESTION_CHARS);
    }

    #[test]
    fn spaces_standing_in_for_markup_do_not_stretch_the_bound() {
        // 1000 kept characters, each followed by a mention that becomes a space.
        let s = "a<@1>".repeat(2000);
        assert!(clean(&s).chars().count() <= MAX_QUESTION_CHARS);
        let s = "a\nb\n".repeat(2000);
        assert!(clean(&s).chars().count() <= MAX_QUESTION_CHARS);
    }

    #[test]
    fn words_are_folded_and_bounded() {
        assert_eq!(words("Móvil, TF.js & C++!"), vec!["movil", "tf", "js", "c"]);
        assert_eq!(words(&"a ".repeat(500)).len(), MAX_WORDS);
    }

    #[test]
    fn stopwords_are_folded_and_only_other_languages_words_tell_a_language() {
        let vocabulary = Vocabulary {
            stopwords: vec![
                (Locale::En, "the".to_string()),
                (Locale::En, "me".to_string()),
                (Locale::Es, "me".to_string()),
                (Locale::Es, "cuál".to_string()),
                (Locale::PtBr, "como".to_string()),
                (Locale::Es, "como".to_string()),
            ],
            words: vec![
                (WordList::Fillers, "simply".to_string()),
                (WordList::Spam, "nitro".to_string()),
            ],
            ..Vocabulary::default()
        };
        let s = Stopwords::new(&vocabulary);
        for w in ["the", "me", "cual", "como", "simply"] {
            assert!(s.contains(w), "{w}");
        }
        assert!(!s.contains("cuál"), "looked up folded");
        assert!(!s.contains("nitro"), "only the fillers join the stopwords");
        assert_eq!(s.languages("cual"), [Locale::Es]);
        assert_eq!(s.languages("como"), [Locale::PtBr, Locale::Es]);
        assert!(s.languages("me").is_empty(), "English has it too");
        assert!(s.languages("simply").is_empty());
    }

    #[test]
    fn the_fixture_stopwords_are_folded_words_of_every_language() {
        let b = crate::engine::testing::brain();
        let v = &b.knowledge().vocabulary;
        for l in Locale::ALL {
            assert!(v.stopwords.iter().any(|(x, _)| *x == l), "{l:?}");
        }
        for (_, w) in &v.stopwords {
            assert_eq!(
                words(w),
                [w.as_str()],
                "`{w}` is not written as `words` gives it"
            );
            assert!(b.stopwords().contains(w), "{w}");
        }
        for w in [
            "the", "which", "new", "cual", "welches", "lequel", "qual", "simply",
        ] {
            assert!(b.stopwords().contains(w), "{w}");
        }
        for w in ["mobile", "research", "tensorflow", "pytorch"] {
            assert!(!b.stopwords().contains(w), "{w}");
        }
    }

    #[test]
    fn sentences_split_on_full_stops_only() {
        let s = "Use tf.function for graphs. It works, e.g. here. Done";
        assert_eq!(
            sentences(s),
            vec![
                "Use tf.function for graphs.",
                "It works, e.g. here.",
                "Done"
            ]
        );
    }
}
