//! Follow-ups: a question read as the asker's next one after another ("and for mobile?" after
//! "TensorFlow or PyTorch for a web app?"). The engine keeps no memory of its own: whoever
//! remembers the question before (the Discord command layer) passes its text.
//!
//! A follow-up that names a framework is a question of its own. One that names none is about
//! the two frameworks, so it is in scope and gets a verdict where its own words ask for one.
//! One that names no topic of its own either ("why?", "and which one then?") is about the
//! prior question's topics.

use crate::knowledge::Side;
use crate::l10n::Locale;

use super::read::{self, Reading};
use super::{answer_reading, text, topics, Answer, Brain};

/// Answers `question` as the next one after `prior`, with a given brain. Never fails.
pub fn ask_following_with(brain: &Brain, question: &str, prior: &str) -> Answer {
    ask_following_in(brain, question, prior, Some(Locale::En))
}

/// As [`ask_following_with`], worded in `locale` (`None`: the question's own language).
pub fn ask_following_in(
    brain: &Brain,
    question: &str,
    prior: &str,
    locale: Option<Locale>,
) -> Answer {
    let cleaned = text::clean(question);
    let reading = read::read(brain, &cleaned);
    if !reading.frameworks.is_empty() {
        return answer_reading(brain, question, &cleaned, reading, locale);
    }
    let prior = read::read(brain, &text::clean(prior));
    let reading = continued(brain, reading, &prior);
    answer_reading(brain, question, &cleaned, reading, locale)
}

/// The question the next follow-up continues, after `question` was asked following `prior`:
/// `question` itself, unless it was continued and named no topic of its own ("why?"), when the
/// prior question still says what is being talked about. So "why?" and then "really?" both
/// stay on the topic of the question before them.
pub fn context_with(brain: &Brain, question: &str, prior: Option<&str>) -> String {
    let Some(prior) = prior else {
        return question.to_string();
    };
    let reading = read::read(brain, &text::clean(question));
    let own = !reading.frameworks.is_empty()
        || !reading.topics.is_empty()
        || !reading.set_aside.is_empty()
        || !topics::unplaced(brain, &reading).is_empty();
    if own {
        question.to_string()
    } else {
        prior.to_string()
    }
}

/// `reading` completed from the question before it: about both frameworks, and about the prior
/// question's topics when it names none and has no words the sources do not know ("what about
/// my guitar?" is about the guitar, which no source covers, not about the prior topic).
fn continued(brain: &Brain, mut reading: Reading, prior: &Reading) -> Reading {
    reading.frameworks = vec![Side::TensorFlow, Side::PyTorch];
    let own_topic = !reading.topics.is_empty() || !reading.set_aside.is_empty();
    if own_topic || !topics::unplaced(brain, &reading).is_empty() {
        return reading;
    }
    reading.topics.clone_from(&prior.topics);
    reading.set_aside.clone_from(&prior.set_aside);
    // "Why?" asks the prior question again, for its reasons: its intent, and its words to
    // retrieve by.
    reading.intent = prior.intent;
    reading.cue |= prior.cue;
    for (stem, weight) in &prior.content {
        if !reading.content.iter().any(|(s, _)| s == stem) {
            reading.content.push((stem.clone(), *weight));
        }
    }
    reading
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::engine::ask_with;
    use crate::index::Generation;

    /// Two sources, three topics: one source per side on mobile and on research, and pricing
    /// as the criterion a follow-up can name. Written here so the test reads whole.
    fn fixture() -> Brain {
        let files = [
            (
                "sources.toml",
                r#"
[[source]]
id = "a"
title = "Article A"
origin = "a.txt"

[[source]]
id = "b"
title = "Article B"
origin = "b.txt"
"#,
            ),
            (
                "topics.toml",
                r#"
[[topic]]
id = "overall"
label = "overall recommendation"
words = ["overall"]

[[topic]]
id = "mobile"
label = "mobile & edge"
words = ["mobile", "phone", "android"]

[[topic]]
id = "research"
label = "research & academia"
words = ["research", "paper", "papers"]

[[topic]]
id = "pricing"
label = "pricing & license"
words = ["price", "cost", "license"]
weak = ["cheaper", "cheap"]
"#,
            ),
            (
                "a.toml",
                r#"
source = "a"

[[pick]]
id = "a-mobile"
use_case = "Choose TensorFlow if:"
pick = "tensorflow"
topics = ["mobile"]
reason = "TensorFlow ships models to Android and iOS phones through LiteRT, with a converter built in."

[[pick]]
id = "a-research"
use_case = "Choose PyTorch if:"
pick = "pytorch"
topics = ["research"]
reason = "PyTorch is what most research papers use, and new architectures appear in it first."

[[pick]]
id = "a-pricing"
use_case = "Either one:"
pick = "tie"
topics = ["pricing"]
reason = "Both are free and open source, under permissive licenses, at no cost to anyone."
"#,
            ),
            (
                "b.toml",
                r#"
source = "b"

[[pick]]
id = "b-mobile"
use_case = "Choose TensorFlow if:"
pick = "tensorflow"
topics = ["mobile"]
reason = "For mobile and edge deployment, TensorFlow Lite remains the more mature path to a phone."

[[pick]]
id = "b-research"
use_case = "Choose PyTorch if:"
pick = "pytorch"
topics = ["research"]
reason = "In research labs PyTorch dominates, and most papers release PyTorch code."
"#,
            ),
            // The engine's word lists and stopwords, as every question is read with them.
            ("lexicon.toml", include_str!("fixture/lexicon.toml")),
        ];
        let files = files
            .into_iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let k = crate::knowledge::load_files(Path::new("faq"), files).expect("the fixture loads");
        Brain::new(Generation::in_ram(k).expect("index builds"))
    }

    const PRIOR: &str = "TensorFlow or PyTorch for research?";

    #[test]
    fn a_topic_alone_continues_the_choice_between_the_two() {
        let b = fixture();
        assert_eq!(ask_with(&b, PRIOR).verdict, Some(Side::PyTorch));
        for q in [
            "and for mobile?",
            "ok but what about for mobile",
            "what about phones",
        ] {
            let alone = ask_with(&b, q);
            let a = ask_following_with(&b, q, PRIOR);
            assert_eq!(a.topic.as_deref(), Some("mobile"), "{q}: {}", a.answer);
            assert_eq!(a.verdict, Some(Side::TensorFlow), "{q}: {}", a.answer);
            assert!(a.frame.gives_verdict(), "{q}: {:?}", a.frame);
            assert_eq!(a.question, q, "the question as asked");
            // The same words alone are a different (weaker) ask: the follow-up is what adds
            // the choice between the two.
            assert!(alone.verdict.is_none() || alone.topic == a.topic, "{q}");
        }
    }

    #[test]
    fn a_follow_up_with_no_topic_takes_the_prior_ones() {
        let b = fixture();
        for q in ["why?", "which one then?"] {
            let a = ask_following_with(&b, q, PRIOR);
            assert_eq!(a.topic.as_deref(), Some("research"), "{q}: {}", a.answer);
            assert_eq!(a.verdict, Some(Side::PyTorch), "{q}: {}", a.answer);
        }
        // Alone, "why?" has nothing to go on.
        assert!(ask_with(&b, "why?").verdict.is_none());
    }

    #[test]
    fn a_criterion_of_its_own_is_not_replaced_by_the_prior_topic() {
        let a = ask_following_with(&fixture(), "which is cheaper then?", PRIOR);
        assert_eq!(a.topic.as_deref(), Some("pricing"), "{}", a.answer);
        assert_eq!(a.verdict, Some(Side::Tie), "{}", a.answer);
    }

    #[test]
    fn a_follow_up_with_nothing_of_its_own_passes_the_prior_question_on() {
        let b = fixture();
        assert_eq!(context_with(&b, "why?", Some(PRIOR)), PRIOR);
        assert_eq!(
            context_with(&b, "and for mobile?", Some(PRIOR)),
            "and for mobile?"
        );
        assert_eq!(context_with(&b, "why?", None), "why?");
        // A chain stays on the topic: "why?" and then "really?" after the research question.
        let next = context_with(&b, "why?", Some(PRIOR));
        let a = ask_following_with(&b, "really?", &next);
        assert_eq!(a.topic.as_deref(), Some("research"), "{}", a.answer);
    }

    #[test]
    fn naming_a_framework_asks_afresh_and_unknown_subjects_stay_uncovered() {
        let b = fixture();
        let q = "is PyTorch good on a phone?";
        let a = ask_following_with(&b, q, PRIOR);
        let alone = ask_with(&b, q);
        assert_eq!((a.topic, a.verdict), (alone.topic, alone.verdict));
        let guitar = ask_following_with(&b, "what about my guitar?", PRIOR);
        assert!(guitar.verdict.is_none(), "{}", guitar.answer);
        assert_ne!(guitar.topic.as_deref(), Some("research"));
        assert_eq!(guitar.unplaced, ["guitar"]);
    }
}
