//! Which language a question is written in, for replies that have no locale to go by (mentions,
//! DMs, the JSON API, the command line). It reads the function words of the engine's own
//! stopword list (`engine/stopwords.txt`, a section per language), so the words that let the
//! engine read a language are the words that tell it.

use std::sync::OnceLock;

use foldhash::HashMap;

use super::Locale;

/// The stopword list, sections headed `# English`, `# Spanish`, … (see the file).
const STOPWORDS: &str = include_str!("../engine/stopwords.txt");

/// Letters only one of the languages writes: each one counts as a function word of it.
/// "¿Cuál…", "für", "não": a short question with few function words still tells.
const LETTERS: &[(char, Locale)] = &[
    ('¿', Locale::Es),
    ('¡', Locale::Es),
    ('ñ', Locale::Es),
    ('ß', Locale::De),
    ('ä', Locale::De),
    ('ö', Locale::De),
    ('ü', Locale::De),
    ('ã', Locale::PtBr),
    ('õ', Locale::PtBr),
    ('è', Locale::Fr),
    ('ê', Locale::Fr),
    ('à', Locale::Fr),
    ('ù', Locale::Fr),
    ('œ', Locale::Fr),
];

/// Each function word of the list and the languages whose section holds it; a word English
/// also has ("me", "framework") tells nothing and is left out.
fn markers() -> &'static HashMap<&'static str, Vec<Locale>> {
    static MARKERS: OnceLock<HashMap<&'static str, Vec<Locale>>> = OnceLock::new();
    MARKERS.get_or_init(|| {
        let mut section = None;
        let mut by_word: HashMap<&'static str, Vec<Locale>> = HashMap::default();
        for line in STOPWORDS.lines().map(str::trim) {
            if let Some(header) = line.strip_prefix('#') {
                section = match header.split_whitespace().next() {
                    Some("English") => Some(Locale::En),
                    Some("Spanish") => Some(Locale::Es),
                    Some("French") => Some(Locale::Fr),
                    Some("German") => Some(Locale::De),
                    Some("Portuguese") => Some(Locale::PtBr),
                    _ => None,
                };
                continue;
            }
            if let (Some(l), false) = (section, line.is_empty()) {
                let langs = by_word.entry(line).or_default();
                if !langs.contains(&l) {
                    langs.push(l);
                }
            }
        }
        by_word.retain(|_, langs| !langs.contains(&Locale::En));
        by_word
    })
}

/// The language `text` is written in, from its `words` (as `engine::text::words` gives them,
/// accents folded) and its letters; English unless another language clearly leads: more of its
/// function words than English's, and more than any other language's.
pub fn detect(text: &str, words: &[String]) -> Locale {
    let markers = markers();
    let mut score = [0usize; 5];
    let mut english = 0usize;
    for w in words {
        match markers.get(w.as_str()) {
            Some(langs) => {
                for l in langs {
                    score[super::index(*l)] += 1;
                }
            }
            None if crate::engine::text::is_stopword(w) => english += 1,
            None => {}
        }
    }
    for c in text.chars().flat_map(char::to_lowercase) {
        if let Some((_, l)) = LETTERS.iter().find(|(x, _)| *x == c) {
            score[super::index(*l)] += 1;
        }
    }
    let best = (1..5).max_by_key(|&i| score[i]).unwrap_or(0);
    let top = score[best];
    let unique = (1..5).filter(|&i| score[i] == top).count() == 1;
    if top > english && unique {
        Locale::ALL[best]
    } else {
        Locale::En
    }
}
