//! FAQ matching: a question that asks what a knowledge FAQ asks, in other words, gets that FAQ
//! first, and the FAQ's own stance decides.

use crate::knowledge::{enumerate, Body, EntryIx, TopicIx, WordList};

use super::read::Reading;
use super::{Brain, TopicWeight};

/// The FAQ asking what `reading` asks, if one does: its first topic is the question's only
/// strong topic, and (for a broad topic such as "overall") it shares a family of words.
pub(super) fn matching(
    brain: &Brain,
    reading: &Reading,
    topics: &[TopicWeight],
) -> Option<EntryIx> {
    let words = &reading.words;
    let asked = brain.faqs.families_of(
        words
            .iter()
            .enumerate()
            .filter(|&(i, _)| !reading.negated[i] && !both_of_something_else(brain, words, i))
            .map(|(_, w)| w.as_str()),
    );
    if asked.is_empty() {
        return None;
    }
    let strong = reading.topics.iter().filter(|t| t.strong).count();
    let primary = topics.first().map(|t| t.topic);
    let pass = |decisive_only: bool| {
        brain.faqs.entries.iter().find_map(|faq| {
            let mut shared = faq.families.iter().filter(|f| asked.contains(f));
            let hit = if decisive_only {
                shared.any(|&f| brain.faqs.families[f].decisive)
            } else {
                // A narrower topic beside it ("faster on NVIDIA GPUs") is a different question.
                let alone = strong <= 1 && (primary.is_none() || primary == faq.first_topic);
                alone && shared.next().is_some()
            };
            hit.then_some(faq.entry)
        })
    };
    pass(false).or_else(|| pass(true))
}

/// "on both Android and iOS": a "both" followed by a word of substance that is not a framework
/// nor a reference to them is about two other things, and asks nothing of "Can I use both?".
/// ("learn both", "both of them", "both frameworks" still do.) Nor does "one framework for
/// both": what is "for both" is the asker's two matters, not the frameworks.
fn both_of_something_else(brain: &Brain, words: &[String], i: usize) -> bool {
    let cues = &brain.cues;
    if !cues.in_list(WordList::Both, &words[i]) {
        return false;
    }
    if i > 0 && cues.in_list(WordList::For, &words[i - 1]) {
        return true;
    }
    words.get(i + 1).is_some_and(|next| {
        super::text::framework_of(next).is_none()
            && !cues.stopwords.contains(next)
            && !super::scope::refers_to_frameworks(cues, std::slice::from_ref(next))
    })
}

/// An FAQ entry with what matching needs, worked out once per brain.
#[derive(Debug, Clone)]
pub(super) struct Faq {
    /// Position in `Knowledge::entries`.
    pub(super) entry: EntryIx,
    /// Its first topic.
    pub(super) first_topic: Option<TopicIx>,
    /// The positions in [`Faqs::families`] of the families its question uses.
    pub(super) families: Vec<usize>,
}

/// A `[same_ask]` family of `faq/lexicon.toml`, folded the way questions are read.
#[derive(Debug, Clone)]
pub(super) struct Family {
    words: foldhash::HashSet<String>,
    decisive: bool,
}

/// Every FAQ of the knowledge, in file order, and the families of words that ask the same
/// thing.
#[derive(Debug, Clone)]
pub(super) struct Faqs {
    pub(super) entries: Vec<Faq>,
    pub(super) families: Vec<Family>,
}

/// Every FAQ of the knowledge with the families its question uses.
pub(super) fn index(k: &crate::knowledge::Knowledge) -> Faqs {
    let families: Vec<Family> = k
        .vocabulary
        .same_ask
        .iter()
        .map(|f| Family {
            words: f.words.iter().flat_map(|w| super::text::words(w)).collect(),
            decisive: f.decisive,
        })
        .collect();
    let mut faqs = Faqs {
        entries: Vec::new(),
        families,
    };
    faqs.entries = enumerate(&k.entries)
        .filter_map(|(i, e)| {
            let Body::Faq { question, .. } = &e.body else {
                return None;
            };
            let words = super::text::words(question.as_str());
            Some(Faq {
                entry: i,
                first_topic: e.topics.first().and_then(|t| k.topic_position(t)),
                families: faqs.families_of(words.iter().map(String::as_str)),
            })
        })
        .collect();
    faqs
}

impl Faqs {
    /// The positions of the families `words` use, each once, in the order first used.
    fn families_of<'a>(&self, words: impl Iterator<Item = &'a str>) -> Vec<usize> {
        let mut out = Vec::new();
        for w in words {
            for (i, f) in self.families.iter().enumerate() {
                if f.words.contains(w) && !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out
    }
}

/// Whether the question shares with the FAQ one of the families that match whatever the topic
/// ("dead", "both"): such an FAQ places a question that names no topic even beside words the
/// sources don't know ("has tensorflow been abandoned at this point").
pub(super) fn decisive(brain: &Brain, reading: &Reading, faq: &Body) -> bool {
    let Body::Faq { question, .. } = faq else {
        return false;
    };
    let theirs = super::text::words(question.as_str());
    brain
        .faqs
        .families
        .iter()
        .filter(|f| f.decisive)
        .any(|family| {
            reading.words.iter().any(|w| family.words.contains(w))
                && theirs.iter().any(|w| family.words.contains(w))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::read::read;
    use crate::engine::testing::brain;
    use crate::engine::{text, topics};

    fn matched(q: &str) -> Option<String> {
        let b = brain();
        let r = read(b, &text::clean(q));
        let chosen = topics::choose(b, &r);
        matching(b, &r, &chosen.topics).map(|f| b.knowledge().entries[f].id.to_string())
    }

    #[test]
    fn a_reworded_faq_question_finds_its_faq() {
        let dead = matched("is tf done for").expect("matches");
        assert!(dead.contains("dead"), "{dead}");
        let faster = matched("is either one noticeably quicker to train?").expect("matches");
        assert!(faster.contains("faster"), "{faster}");
        let both = matched("should I just learn both of them?").expect("matches");
        assert!(both.contains("both"), "{both}");
    }

    #[test]
    fn the_families_of_the_lexicon_decide_which_words_ask_the_same() {
        use crate::engine::testing::{brain_with, fixture_vocabulary};
        let mut vocabulary = fixture_vocabulary();
        for family in &mut vocabulary.same_ask {
            family.words.retain(|w| w != "done");
        }
        let b = brain_with(vocabulary);
        let r = read(&b, "is tf done for");
        let chosen = topics::choose(&b, &r);
        assert_eq!(matching(&b, &r, &chosen.topics), None);
        assert!(matched("is tf done for").is_some());
    }

    #[test]
    fn a_narrower_question_is_not_the_faq() {
        assert_eq!(matched("is pytorch faster on nvidia gpus?"), None);
        assert_eq!(matched("which is better for mobile?"), None);
    }
}
