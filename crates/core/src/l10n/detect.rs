//! Which language a question is written in, for replies that have no locale to go by (mentions,
//! DMs, the JSON API, the command line). It reads the function words of the knowledge's own
//! stopword lists (`faq/lexicon.toml`'s `[stopwords]`, a list per language), so the words that
//! let the engine read a language are the words that tell it.

use super::Locale;
use crate::engine::text::Stopwords;

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

/// The language `text` is written in, from its `words` (as `engine::text::words` gives them,
/// accents folded), read against `stopwords`, and its letters; English unless another language
/// clearly leads: more of its function words than English's, and more than any other language's.
pub fn detect(text: &str, words: &[String], stopwords: &Stopwords) -> Locale {
    let mut score = [0usize; 5];
    let mut english = 0usize;
    for w in words {
        match stopwords.languages(w) {
            [] if stopwords.contains(w) => english += 1,
            [] => {}
            langs => {
                for l in langs {
                    score[super::index(*l)] += 1;
                }
            }
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
