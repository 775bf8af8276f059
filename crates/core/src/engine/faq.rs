//! FAQ matching: a question that asks what a knowledge FAQ asks, in other words, gets that FAQ
//! first, and the FAQ's own stance decides.

use crate::knowledge::{Body, Kind};

use super::read::Reading;
use super::Brain;

/// How many of the first families in [`SAME_ASK`] say so plainly that they match an FAQ
/// sharing them whatever the topic ("should I learn both?" asks "Can I use both?").
const DECISIVE: usize = 2;

/// Families of words that ask the same thing. A question and an FAQ sharing a family (and the
/// topic) ask the same question: "is tf done for" asks "Is TensorFlow dead?".
const SAME_ASK: &[&[&str]] = &[
    &[
        "dead",
        "dying",
        "die",
        "dies",
        "obsolete",
        "done",
        "finished",
        "deprecated",
        "abandoned",
        "tot",
        "morto",
        "muerto",
        "mort",
        "future",
        "declining",
        "decline",
    ],
    &["both", "ambos", "deux", "beide"],
    &[
        "faster",
        "fastest",
        "quicker",
        "quick",
        "speed",
        "fast",
        "performance",
        "rapide",
        "rapido",
        "schneller",
        "vitesse",
        "velocidad",
        "velocidade",
        "perform",
        "performs",
        "slower",
    ],
    &[
        "free",
        "cost",
        "costs",
        "price",
        "pay",
        "gratis",
        "gratuit",
        "kostenlos",
        "cheap",
        "cheaper",
        "open",
        "license",
        "licence",
        "money",
        "budget",
    ],
    &[
        "better", "superior", "beat", "beats", "best", "winner", "wins", "mejor", "meilleur",
        "besser", "melhor",
    ],
    &[
        "easier",
        "easy",
        "easiest",
        "beginner",
        "beginners",
        "facil",
        "facile",
        "einfacher",
        "gentle",
        "gentler",
    ],
];

/// The FAQ asking what `reading` asks, if one does: its first topic is the question's only
/// strong topic, and (for a broad topic such as "overall") it shares a family of words.
pub(super) fn matching(brain: &Brain, reading: &Reading, topics: &[(usize, f32)]) -> Option<usize> {
    let k = brain.knowledge();
    let family_of = |words: &mut dyn Iterator<Item = &str>| -> Vec<usize> {
        let mut out = Vec::new();
        for w in words {
            for (i, f) in SAME_ASK.iter().enumerate() {
                if f.contains(&w) && !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out
    };
    let asked: Vec<usize> = family_of(
        &mut reading
            .words
            .iter()
            .zip(&reading.negated)
            .filter(|(_, &n)| !n)
            .map(|(w, _)| w.as_str()),
    );
    if asked.is_empty() {
        return None;
    }
    let strong: Vec<usize> = reading
        .topics
        .iter()
        .filter(|t| t.strong)
        .map(|t| t.topic)
        .collect();
    let primary = topics.first().map(|t| t.0);
    let pass = |decisive_only: bool| {
        brain.faqs.iter().copied().find(|&ord| {
            let e = &k.entries[ord];
            let Body::Faq { question, .. } = &e.body else {
                return false;
            };
            let words = super::text::words(question.as_str());
            let shared: Vec<usize> = family_of(&mut words.iter().map(String::as_str))
                .into_iter()
                .filter(|f| asked.contains(f))
                .collect();
            if decisive_only {
                return shared.iter().any(|&f| f < DECISIVE);
            }
            let first = e
                .topics
                .first()
                .and_then(|t| k.topics.iter().position(|x| &x.id == t));
            // A narrower topic beside it ("faster on NVIDIA GPUs") is a different question.
            let alone = strong.len() <= 1 && (primary.is_none() || primary == first);
            !shared.is_empty() && alone && e.kind() == Kind::Faq
        })
    };
    pass(false).or_else(|| pass(true))
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
        matching(b, &r, &chosen.topics).map(|f| b.knowledge().entries[f].id.clone())
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
    fn a_narrower_question_is_not_the_faq() {
        assert_eq!(matched("is pytorch faster on nvidia gpus?"), None);
        assert_eq!(matched("which is better for mobile?"), None);
    }
}
