//! The synthetic knowledge base of `gen-kb`: what it writes loads cleanly, and an engine over it
//! answers, compares and autocompletes like one over the shipped knowledge.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use versus_core::engine::{Engine, Intent};
use versus_core::knowledge::{self, Kind, Knowledge, MAX_FILE_BYTES};
use versus_kb_gen::{self as gen, Spec};

const ENTRIES: usize = 2_000;

/// The knowledge shipped in the repository's faq/, whose topics the generator reuses.
fn shipped() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| {
        knowledge::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../faq"))
            .expect("the shipped faq/ loads")
    })
}

/// The shipped faq/lexicon.toml, which the generator copies so questions read as they do there.
fn shipped_lexicon() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../faq/lexicon.toml"))
        .expect("the shipped lexicon.toml reads")
}

struct Generated {
    dir: PathBuf,
    knowledge: Knowledge,
    engine: Engine,
}

fn generated() -> &'static Generated {
    static G: OnceLock<Generated> = OnceLock::new();
    G.get_or_init(|| {
        // Under target/ rather than a temporary directory: the static is never dropped, so a
        // temporary directory would be left behind by every run. Each run rewrites it.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gen-kb-2000");
        let summary = gen::generate(
            &dir,
            &Spec::new(ENTRIES),
            gen::Base {
                topics: &shipped().topics,
                lexicon: Some(&shipped_lexicon()),
            },
        )
        .expect("generates");
        assert_eq!(summary.entries, ENTRIES);
        let knowledge = match knowledge::load_dir(&dir) {
            Ok(k) => k,
            Err(problems) => panic!(
                "generated faq/ has problems: {:#?}",
                &problems[..5.min(problems.len())]
            ),
        };
        let engine = Engine::in_memory(knowledge.clone()).expect("engine builds");
        Generated {
            dir,
            knowledge,
            engine,
        }
    })
}

#[test]
fn a_generated_knowledge_base_passes_check_with_every_kind_of_entry() {
    let g = generated();
    let k = &g.knowledge;
    assert_eq!(k.entries.len(), ENTRIES);
    assert!(k.sources.len() >= 5, "{} sources", k.sources.len());
    for (kind, n) in k.counts() {
        assert!(n > 0, "no {} entries", kind.as_str());
    }
    let shipped = shipped();
    for t in &shipped.topics {
        assert!(k.topic(&t.id).is_some(), "real topic {} is missing", t.id);
    }
    assert!(k.topics.len() > shipped.topics.len(), "no generated topics");
    for entry in std::fs::read_dir(&g.dir).unwrap() {
        let len = entry.unwrap().metadata().unwrap().len();
        assert!(len <= MAX_FILE_BYTES, "a generated file is {len} bytes");
    }
}

#[test]
fn an_engine_over_it_answers_with_verdicts_and_citations_from_generated_sources() {
    let g = generated();
    let answer = g.engine.ask("TensorFlow or PyTorch for mobile apps?");
    assert!(answer.answered);
    assert_eq!(answer.topic.as_deref(), Some("mobile"));
    assert!(answer.verdict.is_some(), "{answer:?}");
    assert!(!answer.citations.is_empty());
    for c in &answer.citations {
        assert!(
            g.knowledge.source(&c.source).is_some(),
            "unknown source {}",
            c.source
        );
        assert!(!c.snippet.is_empty());
    }

    let fact = g.engine.ask("what does TensorFlow offer for TPUs?");
    assert_eq!(fact.intent, Intent::Fact);
    assert!(fact.answered);

    let off_topic = g.engine.ask("what is the best pizza topping in Naples?");
    assert!(!off_topic.answered, "{off_topic:?}");

    // A made-up topic is found by its made-up words, like a real one.
    let made_up = g
        .knowledge
        .topics
        .iter()
        .find(|t| t.id.starts_with("gen-"))
        .expect("a generated topic");
    let answer = g
        .engine
        .ask(&format!("pytorch or tensorflow for {}?", made_up.words[0]));
    assert_eq!(answer.topic.as_deref(), Some(made_up.id.as_str()));

    for q in [
        "",
        "pytroch vs tensorflwo for andriod",
        "<@123> which one?",
        "🤖🤖🤖",
    ] {
        let _ = g.engine.ask(q);
    }
}

#[test]
fn compare_and_autocomplete_find_the_shared_row_labels() {
    let g = generated();
    let feature = g
        .knowledge
        .entries
        .iter()
        .find_map(|e| (e.kind() == Kind::Row).then(|| e.label().unwrap().to_string()))
        .expect("a row");
    let comparison = g.engine.compare(&feature);
    assert!(!comparison.rows.is_empty(), "no rows for {feature}");

    let typed: String = feature.chars().take(3).collect();
    let suggestions = g.engine.suggest(&typed, 25);
    assert!(!suggestions.is_empty() && suggestions.len() <= 25);
}
