//! What the engine knows about words: which topic a word or phrase names, and which known word
//! a misspelt one probably meant. Built once per generation from the knowledge.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::borrow::Cow;

use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use super::text;
use crate::knowledge::{enumerate, Knowledge, PhraseList, TopicIx};

/// Weight of a strong topic word; a weak one counts [`WEAK_WEIGHT`].
const STRONG_WEIGHT: f32 = 1.0;
const WEAK_WEIGHT: f32 = 0.35;
/// Each word past the first in a strong phrase adds this: "distributed training" names its
/// topic more surely than "distributed".
const PHRASE_WORD_BONUS: f32 = 0.25;
/// What a topic word adds to a word's count, so topic words win over words seen once in text.
const TOPIC_WORD_COUNT: u32 = 50;

/// How long a word may be and still be spell-corrected or fuzzy-matched: the longest real words
/// the topics use ("distributeddataparallel") are 23 letters; anything longer is noise, and
/// correcting it costs work that grows with its length squared.
pub const MAX_CORRECTABLE_CHARS: usize = 24;
/// Whether a word is short enough to be worth correcting or matching by edit distance.
pub fn worth_fuzzy_matching(word: &str) -> bool {
    word.chars().count() <= MAX_CORRECTABLE_CHARS
}

/// Spelling corrections tried per question at most, so that a question of many unknown words
/// costs a bounded multiple of a normal one.
pub const MAX_CORRECTIONS: usize = 12;

#[derive(Debug, Clone)]
struct Phrase {
    stems: Vec<String>,
    topic: TopicIx,
    weight: f32,
}

/// A topic found in a question.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicMatch {
    /// Position in `Knowledge::topics`.
    pub topic: TopicIx,
    /// How strongly the question names it.
    pub score: f32,
    /// Whether a strong word named it.
    pub strong: bool,
    /// The position of the first word of its first phrase in the question.
    pub at: usize,
}

/// Topic phrases and the spelling vocabulary of one knowledge base.
pub struct Lexicon {
    analyzer: TextAnalyzer,
    phrases: HashMap<String, Vec<Phrase>>,
    /// Every known word (raw, lowercased) with how often it occurs; topic words count extra.
    vocabulary: HashMap<String, u32>,
    /// One-deletion variants of known words, to find candidates for a misspelling.
    deletes: HashMap<String, Vec<u32>>,
    words_by_id: Vec<String>,
    /// Stems that occur in the indexed text or topic words.
    known_stems: HashSet<String>,
    /// The stem of every word of the knowledge and its topics, worked out once: stemming runs
    /// the index's analyzer (a boxed clone and a token stream a word), which was a quarter of
    /// an answer's cost when quotes were stemmed sentence by sentence at question time.
    stems: HashMap<String, String>,
    /// The stems of the `generic` phrases of `faq/lexicon.toml` ("deep learning"), which look
    /// like topic words but only say "this is about ML".
    generic: Vec<Vec<String>>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("phrases", &self.phrases.len())
            .field("vocabulary", &self.vocabulary.len())
            .finish()
    }
}

impl Lexicon {
    /// Builds the lexicon for `knowledge`.
    pub fn new(knowledge: &Knowledge) -> Lexicon {
        let mut lexicon = Lexicon {
            analyzer: crate::index::analyzer(),
            phrases: HashMap::new(),
            vocabulary: HashMap::new(),
            deletes: HashMap::new(),
            words_by_id: Vec::new(),
            known_stems: HashSet::new(),
            stems: HashMap::new(),
            generic: Vec::new(),
        };
        for (i, topic) in enumerate::<TopicIx, _>(&knowledge.topics) {
            let strong = topic.words.iter().map(|w| (w, STRONG_WEIGHT));
            let weak = topic.weak.iter().map(|w| (w, WEAK_WEIGHT));
            for (word, weight) in strong.chain(weak) {
                let raw = text::words(word);
                for w in &raw {
                    *lexicon.vocabulary.entry(w.clone()).or_default() += TOPIC_WORD_COUNT;
                }
                let stems: Vec<String> = raw.iter().map(|w| lexicon.remember_stem(w)).collect();
                if stems.is_empty() {
                    continue;
                }
                lexicon.known_stems.extend(stems.iter().cloned());
                let list = lexicon.phrases.entry(stems[0].clone()).or_default();
                if !list.iter().any(|p| p.stems == stems && p.topic == i) {
                    list.push(Phrase {
                        stems,
                        topic: i,
                        weight,
                    });
                }
            }
            for w in text::words(&topic.label) {
                lexicon.remember_stem(&w);
                *lexicon.vocabulary.entry(w).or_default() += 10;
            }
        }
        lexicon.generic = knowledge
            .vocabulary
            .phrase_lists
            .iter()
            .filter(|(list, _)| *list == PhraseList::Generic)
            .map(|(_, p)| text::words(p).iter().map(|w| lexicon.stem(w)).collect())
            .filter(|stems: &Vec<String>| !stems.is_empty())
            .collect();
        // Count first, stem once per distinct word: the text repeats its words many times over,
        // and stemming every occurrence was most of the cost of a large knowledge base.
        let mut counts: HashMap<String, u32> = HashMap::new();
        for entry in &knowledge.entries {
            for part in entry.quoted_parts() {
                for w in text::words(part) {
                    *counts.entry(w).or_default() += 1;
                }
            }
        }
        for (w, n) in counts {
            let stem = lexicon.remember_stem(&w);
            lexicon.known_stems.insert(stem);
            *lexicon.vocabulary.entry(w).or_default() += n;
        }
        for w in ["tensorflow", "pytorch", "keras", "torch"] {
            *lexicon.vocabulary.entry(w.to_string()).or_default() += 100;
        }
        let mut words: Vec<&String> = lexicon.vocabulary.keys().collect();
        words.sort();
        let mut deletes: HashMap<String, Vec<u32>> = HashMap::new();
        let mut by_id = Vec::with_capacity(words.len());
        for (id, word) in words.into_iter().enumerate() {
            by_id.push(word.clone());
            if word.chars().count() < 4 || word.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            for d in one_deletions(word) {
                deletes.entry(d).or_default().push(id as u32);
            }
        }
        lexicon.deletes = deletes;
        lexicon.words_by_id = by_id;
        lexicon
    }

    /// The English stem of one lowercased word, as the index stores it.
    pub fn stem(&self, word: &str) -> String {
        self.stem_ref(word).into_owned()
    }

    /// [`Lexicon::stem`], borrowed when the word is one the knowledge uses.
    pub fn stem_ref(&self, word: &str) -> Cow<'_, str> {
        match self.stems.get(word) {
            Some(s) => Cow::Borrowed(s.as_str()),
            None => Cow::Owned(self.analyze(word)),
        }
    }

    /// Stems a word and keeps its stem for question time.
    fn remember_stem(&mut self, word: &str) -> String {
        let stem = self.stem(word);
        self.stems.insert(word.to_string(), stem.clone());
        stem
    }

    fn analyze(&self, word: &str) -> String {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(word);
        let mut out = String::new();
        while let Some(token) = stream.next() {
            out.push_str(&token.text);
        }
        if out.is_empty() {
            word.to_string()
        } else {
            out
        }
    }

    /// How often a word occurs in the knowledge (topic words count extra).
    pub fn count(&self, word: &str) -> u32 {
        self.vocabulary.get(word).copied().unwrap_or(0)
    }

    /// Whether a lowercased word is in the vocabulary as it is (no correction needed).
    pub fn knows_word(&self, word: &str) -> bool {
        self.vocabulary.contains_key(word)
    }

    /// Whether a stem occurs anywhere in the knowledge or the topic words.
    pub fn knows_stem(&self, stem: &str) -> bool {
        self.known_stems.contains(stem)
    }

    /// The known word a misspelt `word` most likely meant: at most one edit for short words,
    /// two for long ones, preferring the closest and then the most common.
    pub fn correct(&self, word: &str) -> Option<&str> {
        // Stretched typing ("debuggg", "fasterrr"): a letter typed three times or more is one
        // of the word's own, once or twice.
        if has_run_of_three(word) && worth_fuzzy_matching(word) {
            for keep in [2, 1] {
                let squeezed = squeeze_runs(word, keep);
                if let Some((known, _)) = self.vocabulary.get_key_value(squeezed.as_str()) {
                    return Some(known.as_str());
                }
                if let Some(c) = self.correct(&squeezed) {
                    return Some(c);
                }
            }
        }
        let len = word.chars().count();
        if len < 5
            || !worth_fuzzy_matching(word)
            || self.vocabulary.contains_key(word)
            || word.bytes().any(|b| b.is_ascii_digit())
        {
            return None;
        }
        let max = if len >= 8 { 2 } else { 1 };
        // Short words are often real words we simply don't know ("place" is not "plate"):
        // correct them only towards topic vocabulary, where a typo is the likely story.
        let min_count = if len < 7 { TOPIC_WORD_COUNT } else { 1 };
        let mut candidates: HashSet<u32> = HashSet::new();
        if let Some(ids) = self.deletes.get(word) {
            candidates.extend(ids);
        }
        for d in one_deletions(word) {
            if let Some(&count) = self.vocabulary.get(&d) {
                if count > 0 {
                    if let Ok(pos) = self.words_by_id.binary_search(&d) {
                        candidates.insert(pos as u32);
                    }
                }
            }
            if let Some(ids) = self.deletes.get(&d) {
                candidates.extend(ids);
            }
        }
        candidates
            .into_iter()
            .filter_map(|id| {
                let cand = &self.words_by_id[id as usize];
                let dist = damerau_levenshtein(word, cand);
                let count = self.vocabulary[cand];
                // A short word's typo rarely hits its first letter; a swap there is more likely a
                // different word ("nitro" is not "intro").
                let same_start = len >= 7 || cand.chars().next() == word.chars().next();
                (dist <= max && count >= min_count && same_start).then_some((
                    dist,
                    std::cmp::Reverse(count),
                    cand,
                ))
            })
            .min()
            .map(|(_, _, cand)| cand.as_str())
    }

    /// Per stem, whether it is inside a generic phrase.
    fn generic_spans(&self, stems: &[String]) -> Vec<bool> {
        let mut blocked = vec![false; stems.len()];
        for phrase in &self.generic {
            let n = phrase.len();
            for start in 0..stems.len() {
                if start + n <= stems.len() && stems[start..start + n] == phrase[..] {
                    for b in &mut blocked[start..start + n] {
                        *b = true;
                    }
                }
            }
        }
        blocked
    }

    /// Topics named by the question's stems, best first.
    pub fn topics(&self, stems: &[String]) -> Vec<TopicMatch> {
        let blocked = self.generic_spans(stems);
        let mut found: Vec<(usize, usize, TopicIx, f32)> = Vec::new(); // start, len, topic, weight
        for start in 0..stems.len() {
            let Some(list) = self.phrases.get(&stems[start]) else {
                continue;
            };
            for phrase in list {
                let n = phrase.stems.len();
                // A phrase of three words or more is specific even around a generic one
                // ("graph neural network").
                if start + n <= stems.len()
                    && stems[start..start + n] == phrase.stems[..]
                    && (n >= 3 || !blocked[start..start + n].iter().any(|&b| b))
                {
                    found.push((start, n, phrase.topic, phrase.weight));
                }
            }
        }
        // A phrase hides the shorter matches inside it ("google cloud" is not also "cloud").
        let mut kept: Vec<(usize, usize, TopicIx, f32)> = Vec::new();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for m in found {
            let inside_longer = kept
                .iter()
                .any(|k| k.1 > m.1 && k.0 <= m.0 && m.0 + m.1 <= k.0 + k.1);
            if !inside_longer {
                kept.push(m);
            }
        }
        let mut scores: HashMap<TopicIx, (f32, bool, usize)> = HashMap::new();
        for (start, len, topic, weight) in kept {
            let strong = weight >= STRONG_WEIGHT;
            let bonus = if strong {
                PHRASE_WORD_BONUS * (len as f32 - 1.0)
            } else {
                0.0
            };
            let e = scores.entry(topic).or_insert((0.0, false, start));
            e.0 += weight + bonus;
            e.1 |= strong;
            e.2 = e.2.min(start);
        }
        let mut out: Vec<TopicMatch> = scores
            .into_iter()
            .map(|(topic, (score, strong, at))| TopicMatch {
                topic,
                score,
                strong,
                at,
            })
            .collect();
        out.sort_by(|a, b| {
            b.strong
                .cmp(&a.strong)
                .then(b.score.total_cmp(&a.score))
                .then(a.topic.cmp(&b.topic))
        });
        out
    }
}

fn has_run_of_three(word: &str) -> bool {
    let c: Vec<char> = word.chars().collect();
    c.windows(3).any(|w| w[0] == w[1] && w[1] == w[2])
}

/// `word` with every run of one letter cut to at most `keep` of it.
fn squeeze_runs(word: &str, keep: usize) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    let mut run = 0;
    for c in word.chars() {
        run = if Some(c) == last { run + 1 } else { 1 };
        last = Some(c);
        if run <= keep {
            out.push(c);
        }
    }
    out
}

fn one_deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    for i in 0..chars.len() {
        let s: String = chars[..i].iter().chain(chars[i + 1..].iter()).collect();
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Edit distance counting an adjacent swap as one edit.
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_over_long_word_is_never_sent_to_correction() {
        let k = crate::knowledge::Knowledge::default();
        let lex = Lexicon::new(&k);
        assert!(worth_fuzzy_matching("distributeddataparallel"));
        let long = "tensorflow".repeat(100);
        assert!(!worth_fuzzy_matching(&long));
        assert_eq!(lex.correct(&long), None);
        assert_eq!(lex.correct("pytorhc"), Some("pytorch"));
    }

    #[test]
    fn stretched_letters_are_squeezed_before_correcting() {
        assert_eq!(squeeze_runs("debuggg", 2), "debugg");
        assert_eq!(squeeze_runs("debuggg", 1), "debug");
        let lex = Lexicon::new(&crate::knowledge::Knowledge::default());
        assert_eq!(lex.correct("pytorchhh"), Some("pytorch"));
    }

    #[test]
    fn swaps_count_as_one_edit() {
        assert_eq!(damerau_levenshtein("pytroch", "pytorch"), 1);
        assert_eq!(damerau_levenshtein("andriod", "android"), 1);
        assert_eq!(damerau_levenshtein("compter", "computer"), 1);
        assert_eq!(damerau_levenshtein("cat", "dog"), 3);
    }
}
