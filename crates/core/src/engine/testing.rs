//! A small knowledge base of the engine's own, built once for the engine's unit tests.
//!
//! The fixture under `engine/fixture/` holds a few entries quoted from the shipped articles and
//! a snapshot of the topic vocabulary: an admin's edit to `faq/` cannot break the unit tests,
//! and the shipped knowledge stays covered by tests/eval.toml and the integration tests.

use std::path::Path;
use std::sync::OnceLock;

use super::Brain;
use crate::index::Generation;

/// The fixture's entries of one table where a test gave none.
fn keep_fixtures<T: Clone>(given: &mut Vec<T>, fixture: &[T]) {
    if given.is_empty() {
        *given = fixture.to_vec();
    }
}

/// The fixture's files, `(file name, text)`, as a `faq/` directory would hold them.
pub(crate) fn fixture_files() -> Vec<(String, String)> {
    [
        ("sources.toml", include_str!("fixture/sources.toml")),
        ("topics.toml", include_str!("fixture/topics.toml")),
        ("s000.toml", include_str!("fixture/s000.toml")),
        ("s001.toml", include_str!("fixture/s001.toml")),
        ("s002.toml", include_str!("fixture/s002.toml")),
        ("s003.toml", include_str!("fixture/s003.toml")),
        ("lexicon.toml", include_str!("fixture/lexicon.toml")),
    ]
    .into_iter()
    .map(|(name, text)| (name.to_string(), text.to_string()))
    .collect()
}

/// The brain over the fixture and `extra` files `(file name, text)`, for a test that needs
/// entries the fixture's questions should not see.
pub(crate) fn brain_and(extra: &[(&str, &str)]) -> Brain {
    let mut files = fixture_files();
    files.extend(extra.iter().map(|(n, t)| (n.to_string(), t.to_string())));
    let k = crate::knowledge::load_files(Path::new("fixture"), files).expect("the fixture loads");
    Brain::new(Generation::in_ram(k).expect("index builds"))
}

/// Writes the fixture into `dir`, for tests that read a directory.
pub(crate) fn write_fixture(dir: &Path) {
    for (name, text) in fixture_files() {
        std::fs::write(dir.join(name), text).expect("fixture written");
    }
}

/// The brain over the fixture, in memory.
pub(crate) fn brain() -> &'static Brain {
    static BRAIN: OnceLock<Brain> = OnceLock::new();
    BRAIN.get_or_init(|| {
        let k = crate::knowledge::load_files(Path::new("fixture"), fixture_files())
            .expect("the fixture loads");
        Brain::new(Generation::in_ram(k).expect("index builds"))
    })
}

/// The fixture's `faq/lexicon.toml`, for a test that takes a word out of one of its lists.
pub(crate) fn fixture_vocabulary() -> crate::knowledge::Vocabulary {
    crate::knowledge::load_files(Path::new("fixture"), fixture_files())
        .expect("the fixture loads")
        .vocabulary
}

/// A brain over the fixture without `word` in its `[words]` list `list`.
pub(crate) fn brain_without(list: crate::knowledge::WordList, word: &str) -> Brain {
    let mut vocabulary = fixture_vocabulary();
    let before = vocabulary.words.len();
    vocabulary.words.retain(|(l, w)| !(*l == list && w == word));
    assert!(
        vocabulary.words.len() < before,
        "`{word}` is not in the fixture's list"
    );
    brain_with(vocabulary)
}

/// A brain over the fixture with `vocabulary` as its `faq/lexicon.toml`, for a test of a rule
/// that reads one of its lists; the fixture's `[words]`, `[phrases]`, `[same_ask]`,
/// `[related]`, `[stopwords]` and `[frameworks]` are kept where `vocabulary` has none, so a
/// test of a cue does not lose the lists every question is read with.
pub(crate) fn brain_with(mut vocabulary: crate::knowledge::Vocabulary) -> Brain {
    let k = crate::knowledge::load_files(Path::new("fixture"), fixture_files())
        .expect("the fixture loads");
    let fixture = &k.vocabulary;
    keep_fixtures(&mut vocabulary.words, &fixture.words);
    keep_fixtures(&mut vocabulary.phrase_lists, &fixture.phrase_lists);
    keep_fixtures(&mut vocabulary.same_ask, &fixture.same_ask);
    keep_fixtures(&mut vocabulary.related, &fixture.related);
    keep_fixtures(&mut vocabulary.stopwords, &fixture.stopwords);
    keep_fixtures(&mut vocabulary.frameworks, &fixture.frameworks);
    let k = k.with_vocabulary(vocabulary);
    Brain::new(Generation::in_ram(k).expect("index builds"))
}
