//! Topics for each imported entry, guessed from the words of `faq/topics.toml` through the
//! engine's own lexicon, so an entry is tagged by the same words questions are matched by.

use versus_core::engine::{text, Lexicon};
use versus_core::knowledge::{Knowledge, Topic, TopicId, TopicIx};

/// Most topics given to one entry: more would dilute the ranking boost each one gives.
pub const MAX_TOPICS: usize = 4;
/// Weakest total score (a strong word counts 1, a weak one 0.35) that still tags an entry.
const MIN_SCORE: f32 = 0.7;
/// The topic an entry gets when none of its words names one.
const FALLBACK_TOPIC: &str = "overall";

/// Guesses topics for texts against one knowledge base's vocabulary.
pub struct Tagger<'k> {
    lexicon: Lexicon,
    topics: &'k [Topic],
}

impl<'k> Tagger<'k> {
    /// A tagger over `knowledge`'s topics.
    pub fn new(knowledge: &'k Knowledge) -> Tagger<'k> {
        Tagger {
            lexicon: Lexicon::new(knowledge),
            topics: &knowledge.topics,
        }
    }

    /// Topic ids for an entry made of `parts`, most relevant first; never empty while the
    /// vocabulary has a topic.
    pub fn tag(&self, parts: &[&str]) -> Vec<TopicId> {
        let mut out = self.matched(parts);
        if out.is_empty() {
            let fallback = self
                .topics
                .iter()
                .find(|t| t.id == FALLBACK_TOPIC)
                .or(self.topics.first());
            out.extend(fallback.map(|t| t.id.clone()));
        }
        out
    }

    /// The topic ids `parts` name, most relevant first (none when no word names one).
    pub fn matched(&self, parts: &[&str]) -> Vec<TopicId> {
        let mut scores: Vec<(TopicIx, f32, bool)> = Vec::new();
        for part in parts {
            // One sentence at a time: the word reader stops after a question's worth of words.
            for sentence in text::sentences(part) {
                let stems: Vec<String> = text::words(sentence)
                    .iter()
                    .map(|w| self.lexicon.stem(w))
                    .collect();
                for m in self.lexicon.topics(&stems) {
                    match scores.iter_mut().find(|(t, _, _)| *t == m.topic) {
                        Some(s) => {
                            s.1 += m.score;
                            s.2 |= m.strong;
                        }
                        None => scores.push((m.topic, m.score, m.strong)),
                    }
                }
            }
        }
        scores.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
        scores
            .iter()
            .filter(|(_, score, strong)| *strong || *score >= MIN_SCORE)
            .take(MAX_TOPICS)
            .map(|(t, _, _)| self.topics[*t].id.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: &str, words: &[&str]) -> Topic {
        Topic {
            id: id.try_into().unwrap(),
            label: id.into(),
            words: words.iter().map(|w| w.to_string()).collect(),
            weak: Vec::new(),
            verdict: true,
        }
    }

    #[test]
    fn words_of_the_vocabulary_tag_entries() {
        let k = Knowledge::new(
            Vec::new(),
            vec![
                topic("overall", &["overall"]),
                topic("mobile", &["mobile", "android"]),
                topic("browser", &["browser"]),
            ],
            Vec::new(),
            String::new(),
        );
        let t = Tagger::new(&k);
        assert_eq!(
            t.tag(&["Runs on Android phones.", "Mobile first."]),
            ["mobile"]
        );
        assert_eq!(t.tag(&["Nothing relevant here."]), ["overall"]);
    }
}
