//! The index lifecycle on disk: built on first use, reused when faq/ is unchanged, rebuilt when
//! it changed, and switched atomically by reindex — a broken faq/ never replaces a good index.

use crate::common;

use common::{stdout, Scratch};
use versus_core::engine::{Engine, ReindexError, Startup};
use versus_core::index::{GenerationStore, IndexError};

#[test]
fn the_index_is_built_once_and_reused_while_faq_is_unchanged() {
    let s = Scratch::new();
    let (e, startup) = Engine::open(&s.faq(), &s.index()).unwrap();
    assert_eq!(startup, Startup::Built);
    let first = e.brain().generation.number;
    drop(e);
    let (e, startup) = Engine::open(&s.faq(), &s.index()).unwrap();
    assert_eq!(startup, Startup::Opened);
    assert_eq!(e.brain().generation.number, first);
}

#[test]
fn a_changed_faq_is_rebuilt_on_start() {
    let s = Scratch::new();
    let (e, _) = Engine::open(&s.faq(), &s.index()).unwrap();
    let first = e.brain().generation.number;
    drop(e);
    s.append(
        "000_685b1321c5fa5e60.toml",
        "\n[[story]]\nid = \"000-story-test\"\ntopics = [\"failures\"]\ntext = \"added\"\n",
    );
    let (e, startup) = Engine::open(&s.faq(), &s.index()).unwrap();
    assert_eq!(startup, Startup::Built);
    assert!(e.brain().generation.number > first);
}

#[test]
fn reindex_switches_to_changed_content_and_refuses_broken_content() {
    let s = Scratch::new();
    let (e, _) = Engine::open(&s.faq(), &s.index()).unwrap();
    let before = e.ask("What license does PyTorch use?");
    assert!(before.answered);

    // A new quote becomes answerable after reindex, not before.
    s.append(
        "001_d75c113731e420e5.toml",
        "\n[[faq]]\nid = \"001-faq-zebra\"\ntopics = [\"overall\"]\nquestion = \"Zebrafish?\"\nanswer = \"Zebrafish quokka.\"\n",
    );
    assert!(!e
        .ask("zebrafish quokka")
        .citations
        .iter()
        .any(|c| c.entry == "001-faq-zebra"));
    let report = e.reindex().unwrap();
    assert_eq!(report.generation, e.brain().generation.number);
    assert!(e
        .ask("zebrafish quokka")
        .citations
        .iter()
        .any(|c| c.entry == "001-faq-zebra"));

    // A broken edit is refused with file:line problems, and the current generation keeps serving.
    let serving = e.brain().generation.number;
    s.append("001_d75c113731e420e5.toml", "\n[[faq]]\nid = 7\n");
    match e.reindex() {
        Err(ReindexError::Index(IndexError::Invalid(problems))) => {
            assert!(problems
                .iter()
                .any(|p| p.file.ends_with("001_d75c113731e420e5.toml") && p.line > 1));
        }
        other => panic!("expected problems, got {other:?}"),
    }
    assert_eq!(e.brain().generation.number, serving);
    assert!(e
        .ask("zebrafish quokka")
        .citations
        .iter()
        .any(|c| c.entry == "001-faq-zebra"));
}

#[test]
fn a_restart_with_a_broken_faq_serves_the_last_good_generation() {
    let s = Scratch::new();
    let (e, _) = Engine::open(&s.faq(), &s.index()).unwrap();
    let good = e.brain().generation.number;
    drop(e);
    s.write("topics.toml", "this is not toml [");
    let (e, startup) = Engine::open(&s.faq(), &s.index()).unwrap();
    assert_eq!(startup, Startup::StaleServing);
    assert_eq!(e.brain().generation.number, good);
    assert_eq!(
        e.ask("TensorFlow or PyTorch for mobile apps?")
            .verdict
            .map(|v| v.as_str()),
        Some("tensorflow")
    );
}

#[test]
fn a_broken_faq_with_no_index_is_an_error_listing_the_problems() {
    let s = Scratch::new();
    s.write("topics.toml", "[[topic]]\nid = \"x\"\n");
    match Engine::open(&s.faq(), &s.index()) {
        Err(IndexError::Invalid(problems)) => assert!(!problems.is_empty()),
        Err(e) => panic!("expected problems, got {e}"),
        Ok(_) => panic!("expected problems, got an engine"),
    }
    assert!(GenerationStore::new(s.index()).current_name().is_none());
}

#[test]
fn leftovers_of_a_crashed_build_are_cleaned_and_old_generations_pruned() {
    let s = Scratch::new();
    let (e, _) = Engine::open(&s.faq(), &s.index()).unwrap();
    for _ in 0..3 {
        e.reindex().unwrap();
    }
    let crashed = s.index().join(".building-000099-1");
    std::fs::create_dir_all(crashed.join("tantivy")).unwrap();
    drop(e);
    let (e, _) = Engine::open(&s.faq(), &s.index()).unwrap();
    let names: Vec<String> = std::fs::read_dir(s.index())
        .unwrap()
        .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".building-")),
        "{names:?}"
    );
    let gens = names.iter().filter(|n| n.starts_with("gen-")).count();
    assert!(gens <= 2, "{names:?}");
    let current = GenerationStore::new(s.index()).current_name().unwrap();
    assert!(names.contains(&current));
    assert!(e.ask("pytorch or tensorflow for research").answered);
}

#[test]
fn a_corrupt_current_generation_is_rebuilt() {
    let s = Scratch::new();
    let (e, _) = Engine::open(&s.faq(), &s.index()).unwrap();
    let name = GenerationStore::new(s.index()).current_name().unwrap();
    drop(e);
    std::fs::remove_dir_all(s.index().join(&name).join("tantivy")).unwrap();
    let (e, startup) = Engine::open(&s.faq(), &s.index()).unwrap();
    assert_eq!(startup, Startup::Built);
    assert!(e.ask("TensorFlow or PyTorch for the browser?").answered);
}

#[test]
fn the_reindex_command_reports_counts_or_problems() {
    let s = Scratch::new();
    let out = s.versus(&["reindex"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        stdout(&out).contains("entries from 5 sources"),
        "{}",
        stdout(&out)
    );
    s.append("002_68135ce4d2c9eef8.toml", "\n[[row]]\nid = \"x\"\n");
    let out = s.versus(&["reindex"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("002_68135ce4d2c9eef8.toml:"),
        "{}",
        stdout(&out)
    );
    // The old index still answers.
    let out = s.versus(&["ask", "TensorFlow or PyTorch for mobile apps?"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("TensorFlow"));
}
