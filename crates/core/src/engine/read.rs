//! Reading a question: corrected words, stems, the frameworks and topics it names, its intent.

use crate::knowledge::{Cue, PhraseList, Side, TopicIx, WordList};

use super::frame::Cues;
use super::*;

/// What the question was read as.
#[derive(Debug, Clone)]
pub(super) struct Reading {
    pub(super) words: Vec<String>,
    pub(super) stems: Vec<String>,
    /// Per word, whether a negation or contrast ("not", "rather than", "skip") puts it aside.
    pub(super) negated: Vec<bool>,
    /// Per word, which ask of the question it belongs to (0 for the first).
    pub(super) ask_of: Vec<usize>,
    pub(super) frameworks: Vec<Side>,
    /// Topics named outside negated words, best first.
    pub(super) topics: Vec<TopicMatch>,
    /// Topics named only inside negated words: put aside.
    pub(super) set_aside: Vec<TopicIx>,
    pub(super) intent: Intent,
    /// Whether a word asks to compare or choose ("which", "better", "or" between the two).
    pub(super) cue: bool,
    pub(super) content: Vec<(String, f32)>,
}

impl Reading {
    /// How many asks the question makes.
    pub(super) fn asks(&self) -> usize {
        self.ask_of.iter().max().map_or(1, |m| m + 1)
    }

    /// The reading of one ask alone: its own topics and content words, the question's frameworks
    /// and (when the whole question compares) its intent.
    pub(super) fn ask(&self, brain: &Brain, ask: usize) -> Reading {
        let keep: Vec<bool> = self.ask_of.iter().map(|&a| a == ask).collect();
        let words: Vec<String> = self
            .words
            .iter()
            .zip(&keep)
            .filter(|(_, &k)| k)
            .map(|(w, _)| w.clone())
            .collect();
        let stems: Vec<String> = self
            .stems
            .iter()
            .zip(&keep)
            .filter(|(_, &k)| k)
            .map(|(w, _)| w.clone())
            .collect();
        let negated: Vec<bool> = self
            .negated
            .iter()
            .zip(&keep)
            .filter(|(_, &k)| k)
            .map(|(w, _)| *w)
            .collect();
        let mut r = assemble(
            brain,
            words,
            stems,
            negated,
            vec![0; keep.iter().filter(|&&k| k).count()],
        );
        r.frameworks.clone_from(&self.frameworks);
        if self.intent == Intent::Compare {
            r.intent = Intent::Compare;
        }
        r.cue |= self.cue;
        r
    }
}

pub(super) fn read(brain: &Brain, cleaned: &str) -> Reading {
    let lex = &brain.lexicon;
    let cues = &brain.cues;
    let clauses = clauses(cues, cleaned);
    let mut words = Vec::new();
    let mut negated = Vec::new();
    let mut ask_of = Vec::new();
    let mut ask = 0;
    // Per raw ask, whether it is a question (else it is context).
    let mut questions: Vec<bool> = Vec::new();
    for clause in &clauses {
        let raw = text::words(&clause.text);
        if raw.is_empty() {
            continue;
        }
        if !words.is_empty() && starts_new_ask(cues, &raw, clause.after_sentence_end) {
            ask += 1;
        }
        if questions.len() <= ask {
            questions.resize(ask + 1, false);
        }
        questions[ask] |= is_question(cues, &clause.text, &raw);
        let mask = negation_mask(&brain.cues, &raw);
        for (w, n) in raw.into_iter().zip(mask) {
            // "kaggle comps" is read as "kaggle competitions", before correction could take
            // the short word for another.
            let read_as = match brain.cues.synonym(&w) {
                Some(long) => long.to_vec(),
                None => vec![w],
            };
            for w in read_as {
                if words.len() >= text::MAX_WORDS {
                    break;
                }
                words.push(w);
                negated.push(n);
                ask_of.push(ask);
            }
        }
    }
    let mut corrections = 0;
    for w in words.iter_mut() {
        let eligible = text::framework_of(w).is_none()
            && !brain.cues.stopwords.contains(w)
            && !brain.cues.protects(w)
            && lexicon::worth_fuzzy_matching(w);
        if eligible && corrections < lexicon::MAX_CORRECTIONS && !lex.knows_word(w) {
            corrections += 1;
            if let Some(c) = lex.correct(w) {
                *w = c.to_string();
            }
        }
    }
    let stems: Vec<String> = words.iter().map(|w| lex.stem(w)).collect();
    // "… one framework for both or different?" after two matters asks about each of them.
    let for_both = words.windows(2).any(|w| w[0] == "for" && w[1] == "both");
    if for_both || brain.cues.any_in(WordList::PerItem, &words) {
        questions.iter_mut().for_each(|q| *q = true);
    }
    let ask_of = merge_asks(brain, &stems, &negated, ask_of, &questions);
    assemble(brain, words, stems, negated, ask_of)
}

/// Reading from corrected words and their stems.
fn assemble(
    brain: &Brain,
    words: Vec<String>,
    stems: Vec<String>,
    negated: Vec<bool>,
    ask_of: Vec<usize>,
) -> Reading {
    let lex = &brain.lexicon;
    let mut frameworks = Vec::new();
    for w in &words {
        if let Some(side) = text::framework_of(w) {
            if !frameworks.contains(&side) {
                frameworks.push(side);
            }
        }
    }
    // Fillers stem like topic words ("simply" like "simple"): they name nothing.
    let topic_stems: Vec<String> = words
        .iter()
        .zip(&stems)
        .map(|(w, s)| {
            if brain.cues.in_list(WordList::Fillers, w) {
                String::new()
            } else {
                s.clone()
            }
        })
        .collect();
    let (topics, set_aside) = topics_outside_negation(lex, &topic_stems, &negated);
    let opening = brain.cues.opening(&words);
    let (mut intent, cue) = intent_of(&brain.cues, &words[opening..], &frameworks);
    // "is pytorch overrated?", "tf mid or nah": an opinion of the frameworks asks how they
    // compare, as "better" does, though it opens like a fact lookup.
    if !frameworks.is_empty() && brain.cues.marks(Cue::Opinion, &words) {
        intent = Intent::Compare;
    }
    if asks_for_ones_own(brain, &words, &negated) {
        intent = Intent::Fact;
    }
    let mut content: Vec<(String, f32)> = Vec::new();
    for ((w, s), &n) in words.iter().zip(&stems).zip(&negated) {
        if n || brain.cues.stopwords.contains(w) || content.iter().any(|(c, _)| c == s) {
            continue;
        }
        let weight = if text::framework_of(w).is_some() {
            FRAMEWORK_TERM_WEIGHT
        } else {
            1.0
        };
        if lex.knows_stem(s) {
            content.push((s.clone(), weight));
        }
    }
    Reading {
        words,
        stems,
        negated,
        ask_of,
        frameworks,
        topics,
        set_aside,
        intent,
        cue,
        content,
    }
}

/// A framework's name is in nearly every entry: as a search term it says little.
const FRAMEWORK_TERM_WEIGHT: f32 = 0.2;

/// Topics of the words not negated; and those named only by negated words. When negation would
/// leave no topic at all ("is TF not good on phones?"), the question is about that topic after all.
fn topics_outside_negation(
    lex: &Lexicon,
    stems: &[String],
    negated: &[bool],
) -> (Vec<TopicMatch>, Vec<TopicIx>) {
    if !negated.iter().any(|&n| n) {
        return (lex.topics(stems), Vec::new());
    }
    let blank = |keep_negated: bool| -> Vec<String> {
        stems
            .iter()
            .zip(negated)
            .map(|(s, &n)| {
                if n == keep_negated {
                    s.clone()
                } else {
                    String::new()
                }
            })
            .collect()
    };
    let kept = lex.topics(&blank(false));
    let aside: Vec<TopicIx> = lex
        .topics(&blank(true))
        .into_iter()
        .map(|t| t.topic)
        .filter(|t| !kept.iter().any(|k| k.topic == *t))
        .collect();
    if kept.is_empty() {
        return (lex.topics(stems), Vec::new());
    }
    (kept, aside)
}

/// A piece of the question between punctuation or contrast words.
#[derive(Debug)]
struct Clause {
    text: String,
    /// Whether the previous clause ended a sentence ("?", ".", "!", ";").
    after_sentence_end: bool,
}

fn clauses(cues: &Cues, cleaned: &str) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut after_end = false;
    let flush =
        |current: &mut String, after_end: &mut bool, ends_sentence: bool, out: &mut Vec<Clause>| {
            if !current.trim().is_empty() {
                out.push(Clause {
                    text: std::mem::take(current),
                    after_sentence_end: *after_end,
                });
                *after_end = ends_sentence;
            } else {
                current.clear();
                *after_end |= ends_sentence;
            }
        };
    let is_break = |c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | '?' | '!' | '.' | ':' | '—' | '–' | ')')
    };
    let tokens: Vec<&str> = cleaned.split_inclusive(is_break).collect();
    // Each token folded once: the loop looks at a token and the one after it.
    let folded: Vec<String> = tokens
        .iter()
        .map(|t| text::words(t.trim_end_matches(is_break)).join(" "))
        .collect();
    for (i, token) in tokens.iter().enumerate() {
        let word = folded[i].as_str();
        let next = folded.get(i + 1).map_or("", String::as_str);
        // "… and which for phones", "y cuál para…": a conjunction before a question word opens
        // a clause even without a comma.
        // "… a tabular comp and also an image classifier": "and" with a word saying the rest
        // is another matter opens one too.
        let opens = cues.in_list(WordList::ClauseWords, word)
            || (cues.in_list(WordList::Conjunctions, word)
                && cues.in_list(WordList::QuestionOpeners, next))
            || (word == "and" && cues.in_list(WordList::AnotherMatter, next));
        if opens {
            flush(&mut current, &mut after_end, false, &mut out);
        }
        // "LLM fine-tuning at work + learning from scratch": a plus standing alone joins two
        // matters as a full stop would.
        if token.trim() == "+" {
            flush(&mut current, &mut after_end, true, &mut out);
            continue;
        }
        current.push_str(token);
        let end = token.trim_end();
        // A dot inside a word ("tf.keras", "2.5") is not the end of a sentence; "1)" and "2."
        // number the items of a list, each an ask.
        let list_marker = is_list_marker(end);
        match end.chars().last() {
            _ if list_marker => flush(&mut current, &mut after_end, true, &mut out),
            Some('?' | '!' | ';') => flush(&mut current, &mut after_end, true, &mut out),
            Some('.') if token.ends_with(char::is_whitespace) || *token == end => {
                flush(&mut current, &mut after_end, true, &mut out)
            }
            Some(',' | ':' | '—' | '–' | ')') => {
                flush(&mut current, &mut after_end, false, &mut out)
            }
            _ => {}
        }
    }
    flush(&mut current, &mut after_end, false, &mut out);
    out
}

/// "1)", "2.", "3)": the number of a list item.
fn is_list_marker(token: &str) -> bool {
    let mut chars = token.chars();
    let last = chars.next_back();
    let digits = chars.as_str();
    matches!(last, Some(')' | '.'))
        && (1..=2).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a clause starts an ask of its own: after a sentence's end, or opening with a
/// conjunction ("…, and what for phones", "then an image project").
fn starts_new_ask(cues: &Cues, words: &[String], after_sentence_end: bool) -> bool {
    after_sentence_end
        || words
            .first()
            .is_some_and(|w| cues.in_list(WordList::Conjunctions, w))
}

/// Which raw asks stand as asks of their own. A statement ("I know PyTorch suits research.")
/// is context for the question after it; a question with no topic of its own, or the same topic
/// as the one before ("I'm a researcher. Which one for my thesis?"), joins it.
fn merge_asks(
    brain: &Brain,
    stems: &[String],
    negated: &[bool],
    ask_of: Vec<usize>,
    questions: &[bool],
) -> Vec<usize> {
    let n = ask_of.iter().max().map_or(0, |m| m + 1);
    if n <= 1 {
        return vec![0; ask_of.len()];
    }
    let tops: Vec<Vec<TopicIx>> = (0..n)
        .map(|a| {
            let only: Vec<String> = stems
                .iter()
                .zip(&ask_of)
                .zip(negated)
                .map(|((s, &o), &neg)| {
                    if o == a && !neg {
                        s.clone()
                    } else {
                        String::new()
                    }
                })
                .collect();
            // Weak cues count for an ask of its own ("are they free?"), but "better" alone
            // (the overall topic's weak word) does not make one.
            let found = brain.lexicon.topics(&only);
            let overall = brain.knowledge().topic_position(super::OVERALL_TOPIC);
            let strong: Vec<TopicIx> = found.iter().filter(|t| t.strong).map(|t| t.topic).collect();
            if strong.is_empty() {
                found
                    .iter()
                    .map(|t| t.topic)
                    .filter(|&t| Some(t) != overall)
                    .collect()
            } else {
                strong
            }
        })
        .collect();
    let is_question: Vec<bool> = (0..n)
        .map(|a| questions.get(a).copied().unwrap_or(false))
        .collect();
    let mut group = vec![0usize; n];
    let mut next = 0;
    let mut current: Vec<TopicIx> = Vec::new();
    let mut started = false;
    for a in 0..n {
        if is_question[a] && !tops[a].is_empty() {
            if started && !current.contains(&tops[a][0]) {
                next += 1;
                current.clear();
            }
            started = true;
        }
        current.extend(&tops[a]);
        group[a] = next;
    }
    ask_of.into_iter().map(|a| group[a]).collect()
}

/// Whether a clause asks: it ends with "?" or opens with a question opener or a conjunction.
fn is_question(cues: &Cues, clause_text: &str, words: &[String]) -> bool {
    clause_text.trim_end().ends_with('?')
        || words.first().is_some_and(|w| {
            cues.in_list(WordList::QuestionOpeners, w) || cues.in_list(WordList::Conjunctions, w)
        })
}

/// How many words after a contrast (`[phrases]` `contrasts`) it sets aside: the thing contrasted, not the rest.
const CONTRAST_SPAN: usize = 3;

/// Per word of one clause, whether negation or contrast puts it aside; what comes before an
/// `unwanted` word after a negator, or before an `aside` word, is put aside too (the lists of
/// `faq/lexicon.toml`'s `[words]`).
pub(super) fn negation_mask(cues: &Cues, words: &[String]) -> Vec<bool> {
    let mut mask = vec![false; words.len()];
    for i in 0..words.len() {
        if let Some(len) = cues.listed_at(PhraseList::Contrasts, words, i) {
            let from = i + len;
            for m in &mut mask[from..(from + CONTRAST_SPAN).min(words.len())] {
                *m = true;
            }
        }
    }
    let mut i = 0;
    while i < words.len() {
        let hit = cues.listed_at(PhraseList::Negators, words, i);
        if let Some(len) = hit {
            let after = i + len;
            for m in &mut mask[after..] {
                *m = true;
            }
            if cues.any_in(WordList::Unwanted, &words[after..]) {
                for m in &mut mask[..i] {
                    *m = true;
                }
            }
            break;
        }
        if cues.in_list(WordList::Aside, &words[i]) {
            for m in &mut mask[..i] {
                *m = true;
            }
        }
        i += 1;
    }
    mask
}

/// Whether the words ask for a fact or a comparison, and whether a compare cue is among them
/// (the `[words]` lists `fact_starters`, `compare`, `use_verbs` and `comparatives`).
pub(super) fn intent_of(cues: &Cues, words: &[String], frameworks: &[Side]) -> (Intent, bool) {
    // Openers ("ok so", "wait") are skipped by the caller: they are data, in faq/lexicon.toml.
    // "what about for mobile?", "how about the browser": the same ask again for another
    // purpose, not a fact lookup.
    let follow_on = !words.is_empty() && cues.listed_at(PhraseList::FollowOn, words, 0).is_some();
    let factual_start = !follow_on
        && words
            .first()
            .is_some_and(|w| cues.in_list(WordList::FactStarters, w));
    if asks_of_one(cues, words, frameworks) {
        return (Intent::Fact, false);
    }
    // "What do most researchers use?" asks for a choice; "What license does PyTorch use?"
    // asks about one framework.
    let use_cue = frameworks.len() != 1 && cues.any_in(WordList::UseVerbs, words);
    // "What do employers ask for more?", "where will I find more answers?": a comparative
    // over both frameworks (or neither named) asks which one; "tell me more about Keras",
    // naming one, asks about it.
    let more_cue = frameworks.len() != 1 && cues.any_in(WordList::Comparatives, words);
    let cue = cues.any_in(WordList::Compare, words)
        || (frameworks.len() == 2 && words.iter().any(|w| w == "or"))
        || use_cue
        || more_cue;
    let intent = if factual_start && !cue {
        Intent::Fact
    } else {
        Intent::Compare
    };
    (intent, cue)
}

/// "If not TFLite, what's the PyTorch way to get a model on-device?", "what is TensorFlow's
/// equivalent of TorchServe?": a question word, then one framework named with a word of
/// `faq/lexicon.toml`'s `own_way` list right after it, asks what that framework offers: a fact
/// about it, not a choice between the two.
fn asks_for_ones_own(brain: &Brain, words: &[String], negated: &[bool]) -> bool {
    // The other framework may be named, put aside: "if not TFLite, …".
    let mut named: Vec<Side> = words
        .iter()
        .zip(negated)
        .filter(|(_, &n)| !n)
        .filter_map(|(w, _)| text::framework_of(w))
        .collect();
    named.dedup();
    if named.len() != 1 {
        return false;
    }
    let Some(asked) = words
        .iter()
        .position(|w| brain.cues.in_list(WordList::Asking, w))
    else {
        return false;
    };
    // "pytorch's way" reads as "pytorch s way".
    words[asked..].iter().enumerate().any(|(i, w)| {
        let rest = &words[asked + i + 1..];
        let rest = rest.strip_prefix(&["s".to_string()][..]).unwrap_or(rest);
        text::framework_of(w) == Some(named[0])
            && rest
                .first()
                .is_some_and(|next| brain.cues.marks(Cue::OwnWay, std::slice::from_ref(next)))
    })
}

/// "Which browser backends does TensorFlow.js run on?", "which tf strategy do I use?": a
/// `which`/`what` over a thing of one named framework asks for a fact about it, not a choice
/// between the two ("which one is faster, tf?" and "which is better" still choose).
fn asks_of_one(cues: &Cues, words: &[String], frameworks: &[Side]) -> bool {
    let [first, rest @ ..] = words else {
        return false;
    };
    if frameworks.len() != 1 || !cues.in_list(WordList::Which, first) {
        return false;
    }
    let Some(next) = rest.iter().find(|w| text::framework_of(w).is_none()) else {
        return false;
    };
    let verb_or_reference = cues.stopwords.contains(next)
        || cues.in_list(WordList::Compare, next)
        || super::scope::refers_to_frameworks(cues, std::slice::from_ref(next));
    !verb_or_reference
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testing::brain;

    fn topic_ids(r: &Reading) -> Vec<&str> {
        r.topics
            .iter()
            .map(|t| brain().knowledge().topics[t.topic].id.as_str())
            .collect()
    }

    #[test]
    fn a_comparative_over_neither_or_both_frameworks_asks_which() {
        let cues = &brain().cues;
        let of = |q: &str, frameworks: &[Side]| intent_of(cues, &text::words(q), frameworks).0;
        assert_eq!(of("what do employers ask for more", &[]), Intent::Compare);
        assert_eq!(of("where will I find fewer bugs", &[]), Intent::Compare);
        assert_eq!(
            of(
                "does pytorch use less memory than tensorflow",
                &[Side::PyTorch, Side::TensorFlow]
            ),
            Intent::Compare
        );
        assert_eq!(
            of("tell me more about tensorflow serving", &[Side::TensorFlow]),
            Intent::Fact
        );
        assert_eq!(of("what do employers ask for", &[]), Intent::Fact);
    }

    #[test]
    fn negation_and_contrast_put_a_topic_aside() {
        let b = brain();
        for q in [
            "skip research, what I care about is serving in prod",
            "phones don't matter to me, what's nicer to debug?",
            "rather than mobile, which is better for research?",
            "no me importa el móvil, ¿cuál es más fácil de depurar?",
        ] {
            let r = read(b, &text::clean(q));
            let ids = topic_ids(&r);
            assert!(
                !ids.contains(&"mobile") && !ids.contains(&"research") || ids.len() > 1,
                "{q}: {ids:?}"
            );
            assert!(!r.set_aside.is_empty(), "{q}: nothing set aside");
        }
        // Negating every topic leaves the question about it after all.
        let r = read(b, "is TensorFlow not good on phones?");
        assert_eq!(topic_ids(&r), ["mobile"]);
    }

    #[test]
    fn the_mask_covers_what_follows_a_negator_and_what_precedes_dont_matter() {
        let c = &brain().cues;
        let w = |s: &str| text::words(s);
        assert_eq!(negation_mask(c, &w("not for mobile")), [false, true, true]);
        assert_eq!(
            negation_mask(c, &w("phones don t matter")),
            [true, false, false, true]
        );
        assert_eq!(negation_mask(c, &w("research aside")), [true, false]);
        assert_eq!(
            negation_mask(c, &w("best for research")),
            [false, false, false]
        );
    }

    #[test]
    fn the_lexicon_lists_decide_clauses_intent_and_negation() {
        use crate::engine::testing::{brain_with, brain_without, fixture_vocabulary};
        let split = |b: &Brain| clauses(&b.cues, "pytorch is nice but tensorflow ships").len();
        assert_eq!(split(brain()), 2);
        assert_eq!(split(&brain_without(WordList::ClauseWords, "but")), 1);
        let intent = |b: &Brain| intent_of(&b.cues, &text::words("what is better"), &[]).0;
        assert_eq!(intent(brain()), Intent::Compare);
        assert_eq!(
            intent(&brain_without(WordList::Compare, "better")),
            Intent::Fact
        );
        let mut vocabulary = fixture_vocabulary();
        vocabulary
            .phrase_lists
            .retain(|(l, p)| !(*l == PhraseList::Negators && p == "not"));
        let b = brain_with(vocabulary);
        let w = text::words("not for mobile");
        assert_eq!(negation_mask(&b.cues, &w), [false, false, false]);
        assert_eq!(negation_mask(&brain().cues, &w), [false, true, true]);
    }

    #[test]
    fn an_opinion_of_a_framework_asks_how_they_compare() {
        use crate::engine::testing::brain_with;
        use crate::knowledge::Vocabulary;
        let b = brain_with(Vocabulary {
            phrases: vec![(Cue::Opinion, "overrated".to_string())],
            ..Vocabulary::default()
        });
        assert_eq!(read(&b, "is pytorch overrated").intent, Intent::Compare);
        assert_eq!(read(brain(), "is pytorch overrated").intent, Intent::Fact);
        // Naming neither framework, it is no opinion of them.
        assert_eq!(read(&b, "is this movie overrated").intent, Intent::Fact);
    }

    #[test]
    fn several_asks_are_read_apart_and_context_joins_the_question() {
        let b = brain();
        let r = read(
            b,
            "what should a lab pick, and what should a team shipping to phones pick?",
        );
        assert_eq!(r.asks(), 2);
        assert_eq!(
            read(b, "I'm a researcher. Which one for my thesis?").asks(),
            1
        );
        assert_eq!(read(b, "We ship to phones. Which framework?").asks(), 1);
        assert_eq!(
            read(b, "1) research 2) mobile 3) browser — pick one per item").asks(),
            3
        );
        let second = r.ask(b, 1);
        assert_eq!(topic_ids(&second)[0], "mobile");
    }

    #[test]
    fn corrections_are_bounded_per_question_and_by_word_length() {
        let b = brain();
        let q = vec!["pytroch"; 20].join(" ");
        let r = read(b, &q);
        assert_eq!(r.words[0], "pytorch");
        assert_eq!(r.words[lexicon::MAX_CORRECTIONS], "pytroch");
        let long = "tensorflow".repeat(100);
        assert!(!lexicon::worth_fuzzy_matching(&long));
        let r = read(b, &long);
        assert_eq!(r.words, [long]);
    }

    #[test]
    fn french_german_and_portuguese_question_words_ask_for_a_choice() {
        let b = brain();
        for q in [
            "Lequel est le plus rapide ?",
            "Welches ist schneller?",
            "Qual é melhor para pesquisa?",
        ] {
            let r = read(b, &text::clean(q));
            assert_eq!(r.intent, Intent::Compare, "{q}");
            assert!(!r.topics.is_empty(), "{q}");
        }
    }
}
