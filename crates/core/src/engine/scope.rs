//! Scope: before any verdict, whether the question is about choosing between or knowing
//! TensorFlow and PyTorch (or the alternatives the sources name) at all.
//!
//! The words each rule looks for are data (`faq/lexicon.toml`'s `[words]`: `choice`,
//! `references`, `not_an_option`, `instructions`, `spam`, `ml`, `products`, `tools`, and the
//! `[[alternative]]` entries' names); the rules are here.

use super::frame::Cues;
use super::read::Reading;
use super::{topics, Brain};
use crate::knowledge::{PhraseList, WordList};

/// Why a question is declined before anything is looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OutOfScope {
    /// Nothing to read at all.
    Empty,
    /// A choice between two other technologies ("Angular or Svelte?").
    OtherTechnology,
    /// Neither the frameworks nor ML, and no choice asked ("any free app for photos?").
    NotAboutMl,
}

/// Whether the question is out of scope on its face.
pub(super) fn judge(brain: &Brain, reading: &Reading) -> Option<OutOfScope> {
    let content = reading
        .words
        .iter()
        .filter(|w| !brain.cues.stopwords.contains(w))
        .count();
    if content == 0 && reading.frameworks.is_empty() && !reading.cue {
        return Some(OutOfScope::Empty);
    }
    if !reading.frameworks.is_empty() {
        return None;
    }
    let about_ml = names_the_field(brain, reading);
    if other_choice(brain, reading, about_ml) || other_migration(brain, reading, about_ml) {
        return Some(OutOfScope::OtherTechnology);
    }
    if about_ml {
        return None;
    }
    if brain.cues.any_in(WordList::Spam, &reading.words) {
        return Some(OutOfScope::NotAboutMl);
    }
    // An instruction that is not about the frameworks: "summarize the plot of Hamlet".
    let instruction = reading
        .words
        .first()
        .is_some_and(|w| brain.cues.in_list(WordList::Instructions, w));
    if instruction && !topics::unplaced(brain, reading).is_empty() {
        return Some(OutOfScope::NotAboutMl);
    }
    // A choice asked about things the sources never mention, with no topic, framework or ML
    // word: "Qual é a melhor pizzaria de São Paulo?".
    let strong = reading.topics.iter().any(|t| t.strong);
    if reading.cue && !strong && !topics::unplaced(brain, reading).is_empty() {
        return Some(OutOfScope::NotAboutMl);
    }
    // Nothing names the frameworks or ML and nothing asks to choose between them, but it asks
    // for a program to use: "any free app to edit photos on my phone?" wants an app, not a
    // framework, whatever topic word it happens to name.
    if !reading.cue && asks_for_a_program(brain, &reading.words) {
        return Some(OutOfScope::NotAboutMl);
    }
    // Nothing names the frameworks, refers to them or is about ML, nothing asks to choose, no
    // topic is named and no word the sources use says what it is about, generic cue words
    // aside: "FREE NITRO click here". ("mobile" or "What does TorchAO do?" stay in.)
    let strong = reading.topics.iter().any(|t| t.strong);
    if !reading.cue && !strong && specific_words(brain, reading) == 0 {
        return Some(OutOfScope::NotAboutMl);
    }
    None
}

/// "an app to edit photos", "a tool that tracks", "software for tracking": a program wanted for
/// what it does. ("for an Android app" is what is being built, and stays in.)
fn asks_for_a_program(brain: &Brain, words: &[String]) -> bool {
    words.windows(3).any(|w| {
        brain.cues.in_list(WordList::Products, &w[0])
            && (brain.cues.in_list(WordList::Connectors, &w[1])
                || (w[1] == "for" && w[2].ends_with("ing")))
    })
}

/// Content words the sources use that are not mere weak cues of a topic ("free", "app").
fn specific_words(brain: &Brain, reading: &Reading) -> usize {
    reading
        .content
        .iter()
        .filter(|(stem, w)| {
            *w >= 1.0 && {
                let found = brain.lexicon.topics(std::slice::from_ref(stem));
                found.is_empty() || found.iter().any(|t| t.strong)
            }
        })
        .count()
}

/// Whether a word refers to the frameworks without naming them ("which one", "either").
pub(super) fn refers_to_frameworks(cues: &Cues, words: &[String]) -> bool {
    cues.any_in(WordList::References, words)
}

/// Whether a word refers to the frameworks, is about machine learning or names a tool the
/// sources mention.
fn names_the_field(brain: &Brain, reading: &Reading) -> bool {
    let cues = &brain.cues;
    reading.words.iter().any(|w| {
        cues.in_list(WordList::References, w)
            || cues.in_list(WordList::Ml, w)
            || cues.names_an_alternative(w)
    }) || cues.holds(PhraseList::Generic, &reading.words)
}

/// "Angular or Svelte", "Redis vs Memcached", "Is Netflix cheaper than Disney+", "RTX 4090 or
/// Radeon 7900": a choice whose two options are neither the frameworks, nor an alternative the
/// sources name, nor ML words (nor, in a question about ML, a topic word: "AWS or GCP for
/// training?").
fn other_choice(brain: &Brain, reading: &Reading, about_ml: bool) -> bool {
    let words = &reading.words;
    let option = |w: &&String| !brain.cues.in_list(WordList::Determiners, w);
    words.iter().enumerate().any(|(i, w)| {
        if !brain.cues.in_list(WordList::Choice, w) || i == 0 {
            return false;
        }
        let before = words[..i].iter().rev().find(option);
        let after = words[i + 1..].iter().find(option);
        match (before, after) {
            (Some(a), Some(b)) => foreign(brain, a, about_ml) && foreign(brain, b, about_ml),
            _ => false,
        }
    })
}

/// "migrate from MySQL to Postgres": a move between two other technologies.
fn other_migration(brain: &Brain, reading: &Reading, about_ml: bool) -> bool {
    let cues = &brain.cues;
    let w: Vec<&str> = reading
        .words
        .iter()
        .filter(|w| !cues.in_list(WordList::Determiners, w))
        .map(String::as_str)
        .collect();
    w.windows(4).any(|q| {
        cues.in_list(WordList::MoveFrom, q[0])
            && cues.in_list(WordList::MoveTo, q[2])
            && foreign(brain, q[1], about_ml)
            && foreign(brain, q[3], about_ml)
    })
}

/// A word that is none of what versus compares.
fn foreign(brain: &Brain, word: &str, about_ml: bool) -> bool {
    let cues = &brain.cues;
    if cues.framework_of(word).is_some()
        || cues.names_an_alternative(word)
        || cues.in_list(WordList::Ml, word)
        || cues.in_list(WordList::References, word)
        || cues.in_list(WordList::NotAnOption, word)
    {
        return false;
    }
    let stem = brain.lexicon.stem(word);
    !about_ml || brain.lexicon.topics(std::slice::from_ref(&stem)).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::read::read;
    use crate::engine::testing::brain;
    use crate::engine::text;

    fn judged(q: &str) -> Option<OutOfScope> {
        judge(brain(), &read(brain(), &text::clean(q)))
    }

    #[test]
    fn choices_between_other_technologies_are_out() {
        for q in [
            "Angular or Svelte for a dashboard?",
            "Redis or Memcached for my app?",
            "Is Netflix cheaper than Disney+?",
            "Kotlin vs Swift for my first phone app?",
        ] {
            assert_eq!(judged(q), Some(OutOfScope::OtherTechnology), "{q}");
        }
    }

    #[test]
    fn asking_for_an_app_with_no_framework_or_ml_word_is_out() {
        assert!(judged("any free app to edit photos on my phone?").is_some());
        assert!(judged("is there a free tool for tracking my workouts").is_some());
        assert!(judged("nicht für die Forschung, sondern für eine Android-App").is_none());
        assert!(judged("which is better for mobile apps?").is_none());
        assert!(judged("pytorch or tensorflow for an android app").is_none());
        assert!(judged("a tool to train a neural network on my phone?").is_none());
    }

    #[test]
    fn text_about_nothing_the_sources_cover_is_out() {
        assert_eq!(
            judged("FREE DISCORD NITRO click here"),
            Some(OutOfScope::NotAboutMl)
        );
        assert_eq!(judged("   "), Some(OutOfScope::Empty));
    }

    #[test]
    fn framework_questions_and_named_alternatives_are_in() {
        for q in [
            "TensorFlow or PyTorch for my guitar?",
            "Keras or JAX for research?",
            "Which framework should I use?",
            "mobile",
            "What does TorchAO do?",
            "which one for phones or the browser?",
        ] {
            assert_eq!(judged(q), None, "{q}");
        }
    }

    /// How `q` is judged by a brain whose `list` is the fixture's with `add` added and `remove`
    /// removed: the lists, not the code, decide.
    fn judged_with(list: WordList, add: &[&str], remove: &[&str], q: &str) -> Option<OutOfScope> {
        let mut vocabulary = crate::knowledge::load_files(
            std::path::Path::new("fixture"),
            crate::engine::testing::fixture_files(),
        )
        .expect("the fixture loads")
        .vocabulary;
        vocabulary
            .words
            .retain(|(l, w)| *l != list || !remove.contains(&w.as_str()));
        vocabulary
            .words
            .extend(add.iter().map(|w| (list, (*w).to_string())));
        let b = crate::engine::testing::brain_with(vocabulary);
        judge(&b, &read(&b, &text::clean(q)))
    }

    #[test]
    fn the_spam_list_declines_text_with_its_words() {
        let q = "which is better for mobile?";
        assert_eq!(judged(q), None);
        assert_eq!(
            judged_with(WordList::Spam, &["mobile"], &[], q),
            Some(OutOfScope::NotAboutMl)
        );
    }

    #[test]
    fn the_ml_list_keeps_a_question_in() {
        let q = "any free app to edit photos on my phone?";
        assert_eq!(judged(q), Some(OutOfScope::NotAboutMl));
        assert_eq!(judged_with(WordList::Ml, &["photos"], &[], q), None);
    }

    #[test]
    fn the_products_list_tells_a_program_wanted() {
        let q = "any free app to edit photos on my phone?";
        assert_ne!(
            judged_with(WordList::Products, &[], &["app"], q),
            judged(q),
            "without `app`, it asks for no program"
        );
    }

    #[test]
    fn the_choice_and_not_an_option_lists_tell_a_choice_of_other_technologies() {
        let q = "Angular or Svelte for a dashboard?";
        assert_eq!(judged(q), Some(OutOfScope::OtherTechnology));
        assert_ne!(
            judged_with(WordList::Choice, &[], &["or"], q),
            Some(OutOfScope::OtherTechnology)
        );
        let q = "Angular or something else for a dashboard?";
        assert_ne!(judged(q), Some(OutOfScope::OtherTechnology));
        assert_eq!(
            judged_with(WordList::NotAnOption, &[], &["something"], q),
            Some(OutOfScope::OtherTechnology)
        );
    }

    #[test]
    fn the_references_list_refers_to_the_frameworks() {
        let q = "which one for my guitar";
        assert_eq!(judged(q), None);
        assert_eq!(
            judged_with(WordList::References, &[], &["one"], q),
            Some(OutOfScope::NotAboutMl)
        );
        let b = brain();
        assert!(refers_to_frameworks(&b.cues, &text::words("either one")));
        assert!(!refers_to_frameworks(
            &b.cues,
            &text::words("mobile phones")
        ));
    }

    #[test]
    fn the_instructions_list_declines_an_instruction_about_something_else() {
        let q = "summarize the plot of Hamlet on mobile phones";
        assert_eq!(judged(q), Some(OutOfScope::NotAboutMl));
        assert_eq!(
            judged_with(WordList::Instructions, &[], &["summarize"], q),
            None
        );
        let q = "recite a poem about mobile phones";
        assert_eq!(judged(q), None);
        assert_eq!(
            judged_with(WordList::Instructions, &["recite"], &[], q),
            Some(OutOfScope::NotAboutMl)
        );
    }

    #[test]
    fn tools_are_the_alternative_entries_names_and_the_tools_list() {
        let q = "xgboost or lightgbm for tabular data?";
        assert_eq!(judged(q), None);
        assert_eq!(
            judged_with(WordList::Tools, &[], &["xgboost", "lightgbm"], q),
            Some(OutOfScope::OtherTechnology)
        );
        // The fixture's one [[alternative]] entry is JAX, which its `tools` list lacks.
        let cues = &brain().cues;
        assert!(!cues.in_list(WordList::Tools, "jax"));
        assert!(cues.names_an_alternative("jax"));
        assert!(!cues.names_an_alternative("angular"));
    }

    #[test]
    fn the_stopwords_and_fillers_are_the_lexicon_s() {
        use crate::l10n::Locale;
        let mut vocabulary = crate::knowledge::load_files(
            std::path::Path::new("fixture"),
            crate::engine::testing::fixture_files(),
        )
        .expect("the fixture loads")
        .vocabulary;
        vocabulary
            .stopwords
            .push((Locale::En, "guitar".to_string()));
        vocabulary
            .stopwords
            .retain(|(_, w)| !matches!(w.as_str(), "cual" | "es" | "mejor" | "para"));
        vocabulary
            .words
            .retain(|(l, w)| *l != WordList::Fillers || w != "simply");
        let b = crate::engine::testing::brain_with(vocabulary);
        let q = "which guitar";
        assert_eq!(topics::unplaced(brain(), &read(brain(), q)), ["guitar"]);
        assert!(topics::unplaced(&b, &read(&b, q)).is_empty());
        assert!(brain().stopwords().contains("simply"));
        assert!(!b.stopwords().contains("simply"));
        let q = "Cual es mejor para mobile?";
        assert_eq!(brain().language_of(q), Locale::Es);
        assert_eq!(b.language_of(q), Locale::En, "no Spanish word is left");
    }

    #[test]
    fn what_it_could_not_place_is_named() {
        let r = read(brain(), "TensorFlow or PyTorch for my guitar?");
        assert_eq!(topics::unplaced(brain(), &r), ["guitar"]);
    }
}
