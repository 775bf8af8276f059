//! Which of the topics a question names count, and how much each weighs.

use crate::knowledge::{Cue, TopicIx, WordList};

use super::read::Reading;
use super::{text, Brain, Intent, TopicWeight};

/// A topic named only by weak words counts when its cues add up to this much: two weak words
/// ("small lightweight device") name a topic, one generic word ("app", "free") does not.
const WEAK_ALONE: f32 = 0.69;
/// Strong topics well behind the best one are side remarks, not what is asked.
const STRONG_SHARE: f32 = 0.5;

/// The topics that count for one ask, and what the rest of the question says.
#[derive(Debug, Clone)]
pub(super) struct Chosen {
    /// The topics, best first.
    pub(super) topics: Vec<TopicWeight>,
    /// Content words the knowledge knows.
    pub(super) known: usize,
    /// Content words it does not know at all.
    pub(super) unknown: usize,
    /// "Which framework should I use?": nothing but a request to choose.
    pub(super) bare_choice: bool,
}

/// The topics of `reading` that count.
pub(super) fn choose(brain: &Brain, reading: &Reading) -> Chosen {
    // Words asking to choose ("beat", "superior") are the question, not its subject.
    let mut known_stems: Vec<&str> = Vec::new();
    let mut unknown = 0;
    for (_, s) in subject_words(brain, reading) {
        if !brain.lexicon.knows_stem(s) {
            unknown += 1;
        } else if !known_stems.contains(&s.as_str()) {
            known_stems.push(s);
        }
    }
    let known = known_stems.len();
    let bare_choice = reading.cue && known == 0 && unknown == 0;
    let top = reading.topics.first().map(|t| t.score).unwrap_or(0.0);
    let strong_any = reading.topics.iter().any(|t| t.strong);
    // A weak cue alone decides only in a plain question about the frameworks with nothing the
    // knowledge does not know ("TensorFlow or PyTorch, which is easier?").
    // A factual question naming a framework may use words the sources don't ("who originally
    // built PyTorch?").
    let weak_alone_ok = (!reading.frameworks.is_empty() || reading.cue)
        && (unknown == 0 || (reading.intent == Intent::Fact && !reading.frameworks.is_empty()));
    let situation = |t: TopicIx| brain.cues.is_situation(t);
    let scale = |t: TopicIx| brain.cues.is_scale(t);
    // A task is measured against the other tasks, not against the scale it is named with: "a
    // 70B model across hundreds of GPUs with FSDP" names its scale three times and its task once.
    let top_task = reading
        .topics
        .iter()
        .filter(|t| !scale(t.topic))
        .map(|t| t.score)
        .fold(0.0, f32::max);
    let mut topics: Vec<TopicWeight> = reading
        .topics
        .iter()
        .filter(|t| {
            let against = if scale(t.topic) { top } else { top_task };
            if strong_any {
                // A situation named outright counts however much else the question says.
                t.strong && (t.score >= STRONG_SHARE * against || situation(t.topic))
            } else {
                weak_alone_ok || t.score >= WEAK_ALONE
            }
        })
        .map(|t| TopicWeight {
            topic: t.topic,
            weight: (t.score / top.max(1e-6)).min(1.0),
        })
        .collect();
    lead_with_situation(&mut topics, situation);
    let named_at = |t: TopicIx| {
        let found = reading.topics.iter().find(|m| m.topic == t);
        found.map_or(usize::MAX, |m| m.at)
    };
    lead_with_task(&mut topics, scale, situation, named_at);
    Chosen {
        topics,
        known,
        unknown,
        bare_choice,
    }
}

/// "Person detection on a tiny ARM board": where the model runs (or what the asker already
/// has) is the constraint the sources decide on, so a situation topic leads the task topics it
/// is named with, at full weight; the others keep their order behind it.
fn lead_with_situation(topics: &mut Vec<TopicWeight>, situation: impl Fn(TopicIx) -> bool) {
    let Some(at) = topics.iter().position(|t| situation(t.topic)) else {
        return;
    };
    if at > 0 {
        let lead = topics.remove(at);
        topics.insert(
            0,
            TopicWeight {
                weight: 1.0,
                ..lead
            },
        );
    }
}

/// "Pretraining an LLM across hundreds of GPUs over many nodes": how big the work is says less
/// than what the work is, so a task topic named beside a scale topic goes first and the scale
/// falls behind it (a situation still leads both).
fn lead_with_task(
    topics: &mut Vec<TopicWeight>,
    scale: impl Fn(TopicIx) -> bool,
    situation: impl Fn(TopicIx) -> bool,
    named_at: impl Fn(TopicIx) -> usize,
) {
    if !topics.iter().any(|t| scale(t.topic)) {
        return;
    }
    // The heaviest task; of equal ones, the one named first ("pretraining an LLM …, which do
    // the big labs use").
    let Some(at) = topics
        .iter()
        .enumerate()
        .filter(|(_, t)| !scale(t.topic) && !situation(t.topic))
        .min_by(|(_, a), (_, b)| {
            b.weight
                .total_cmp(&a.weight)
                .then(named_at(a.topic).cmp(&named_at(b.topic)))
        })
        .map(|(i, _)| i)
    else {
        return;
    };
    // A task already leading stays where it is, but the scale behind it must still weigh less,
    // or breaking ties by evidence puts the scale back in front ("an LLM on a cluster").
    if scale(topics[0].topic) {
        let task = topics.remove(at);
        topics.insert(
            0,
            TopicWeight {
                weight: 1.0,
                ..task
            },
        );
    }
    for t in topics.iter_mut().skip(1).filter(|t| scale(t.topic)) {
        t.weight = t.weight.min(SCALE_BEHIND_TASK);
    }
}

/// A scale topic's weight at most behind the task it was named with: below the task's, so that
/// counting evidence to break ties between equal topics never puts it back in front.
const SCALE_BEHIND_TASK: f32 = 0.5;

/// The words that say what a question is about, with their stems: not put aside, not function
/// words, not the frameworks' names, not words asking to choose.
pub(super) fn subject_words<'r>(
    brain: &'r Brain,
    reading: &'r Reading,
) -> impl Iterator<Item = (&'r String, &'r String)> {
    reading
        .words
        .iter()
        .zip(&reading.stems)
        .zip(&reading.negated)
        .filter(|((w, _), &n)| {
            !n && !brain.cues.stopwords.contains(w)
                && text::framework_of(w).is_none()
                && !brain.cues.in_list(WordList::Compare, w)
        })
        .map(|(ws, _)| ws)
}

/// Words between a subject no source covers and the topic it narrows, at most: "Windows GPU
/// support" and "the GPU on Windows" narrow the topic; "I'm on Windows, which is easier to
/// learn?" only says where the asker sits.
const NARROWING_REACH: usize = 3;

/// "Native Windows GPU support", "the Apple GPU (Metal)": a subject of `faq/lexicon.toml`'s
/// `uncovered` list, next to the words naming the lead topic, narrows the topic to something
/// no source speaks of; the topic's evidence is about something else. Returns the subject, to
/// be named in the reply.
pub(super) fn narrowed_to_uncovered(
    brain: &Brain,
    reading: &Reading,
    chosen: &Chosen,
) -> Option<String> {
    let lead = chosen.topics.first()?.topic;
    let topic_at = reading.topics.iter().find(|t| t.topic == lead)?.at;
    brain
        .cues
        .find(Cue::Uncovered, &reading.words)
        .find(|&(at, _)| at.abs_diff(topic_at) <= NARROWING_REACH && !reading.negated[at])
        .map(|(at, len)| reading.words[at..at + len].join(" "))
}

/// The subject words the knowledge does not know at all, once each in question order: what an
/// admin reads in `/gaps` to see what people ask about that no source covers.
pub(super) fn unplaced(brain: &Brain, reading: &Reading) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (w, s) in subject_words(brain, reading) {
        if !brain.lexicon.knows_stem(s) && !out.contains(w) {
            out.push(w.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::read::read;
    use crate::engine::testing::brain;

    fn chosen(q: &str) -> Vec<String> {
        let b = brain();
        let c = choose(b, &read(b, &text::clean(q)));
        c.topics
            .iter()
            .map(|t| b.knowledge().topics[t.topic].id.to_string())
            .collect()
    }

    #[test]
    fn a_generic_word_never_decides_a_topic_alone() {
        assert!(chosen("which version of python do I need for my django app").is_empty());
        assert!(chosen("any free app for my budget spreadsheet")
            .iter()
            .all(|t| t != "pricing"));
    }

    #[test]
    fn a_strong_word_beats_weak_ones_and_weak_ones_count_in_a_plain_comparison() {
        assert_eq!(
            chosen("is it easier to debug in pytorch or tensorflow?")[0],
            "debugging"
        );
        assert_eq!(
            chosen("TensorFlow or PyTorch, which is easier?"),
            ["learning"]
        );
    }

    #[test]
    fn unplaced_words_are_the_subject_words_no_source_knows() {
        let b = brain();
        let of = |q: &str| unplaced(b, &read(b, &text::clean(q)));
        assert_eq!(
            of("Is PyTorch or TensorFlow better for quarkonium zyzzyva zyzzyva?"),
            ["quarkonium", "zyzzyva"]
        );
        assert!(of("Which is better for mobile deployment, TensorFlow or PyTorch?").is_empty());
        // Words put aside by a negation are not what was asked.
        assert!(of("pytorch for research, not for zyzzyva").is_empty());
    }

    #[test]
    fn an_uncovered_subject_next_to_the_topic_narrows_it_away() {
        use crate::engine::testing::brain_with;
        use crate::knowledge::Vocabulary;
        let b = brain_with(Vocabulary {
            phrases: vec![
                (Cue::Uncovered, "windows".to_string()),
                (Cue::Uncovered, "apple gpu".to_string()),
            ],
            ..Vocabulary::default()
        });
        let narrowed = |q: &str| {
            let r = read(&b, &text::clean(q));
            narrowed_to_uncovered(&b, &r, &choose(&b, &r))
        };
        for (q, subject) in [
            (
                "which has better native Windows GPU support, tf or pytorch?",
                "windows",
            ),
            ("does pytorch use the gpu well on windows?", "windows"),
            ("which uses the Apple GPU better, tf or torch?", "apple gpu"),
        ] {
            assert_eq!(narrowed(q).as_deref(), Some(subject), "{q}");
        }
        for q in [
            "which has better gpu support, tf or pytorch?",
            "on windows at home, but for my job, which framework should i learn for mobile apps?",
            "gpu support, not windows: tf or pytorch?",
        ] {
            assert_eq!(narrowed(q), None, "{q}");
        }
    }

    #[test]
    fn a_task_leads_the_scale_it_is_named_with_and_a_situation_leads_both() {
        use crate::knowledge::Ix;
        let ix = TopicIx::new;
        let w = |topic: usize, weight: f32| TopicWeight {
            topic: ix(topic),
            weight,
        };
        let scale = |t: TopicIx| t == ix(9);
        let situation = |t: TopicIx| t == ix(7);
        let order = |mut topics: Vec<TopicWeight>| {
            lead_with_task(&mut topics, scale, situation, |t| t.index());
            topics
                .iter()
                .map(|t| (t.topic.index(), t.weight))
                .collect::<Vec<_>>()
        };
        // Scale 9 leads tasks 3 and 2 of equal weight: the one named first goes ahead, and the
        // scale falls behind it.
        assert_eq!(
            order(vec![w(9, 1.0), w(3, 0.8), w(2, 0.8)]),
            [(2, 1.0), (9, 0.5), (3, 0.8)]
        );
        // A situation is never passed over.
        assert_eq!(order(vec![w(9, 1.0), w(7, 0.9)]), [(9, 1.0), (7, 0.9)]);
        // A task that leads stays, and the scale of equal weight behind it falls below it, so
        // that breaking ties by evidence cannot put the scale back in front.
        assert_eq!(order(vec![w(3, 1.0), w(9, 1.0)]), [(3, 1.0), (9, 0.5)]);
    }
}
