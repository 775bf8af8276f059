//! Nothing lost, nothing down: answers keep coming, whole and from one generation, while
//! reindexes run back to back over good, broken and changed knowledge; a killed reindex never
//! leaves an index that cannot serve; bad content is refused while the old index serves.

use crate::common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::Scratch;
use versus_core::engine::{Engine, ReindexError};
use versus_core::index::{GenerationStore, IndexError};

/// The marker entry only the "changed" faq/ holds.
const MARKER: &str = "\n[[faq]]\nid = \"001-faq-marker\"\ntopics = [\"overall\"]\nquestion = \"Quokka zebrafish?\"\nanswer = \"Quokka zebrafish marker.\"\n";
const MARKER_Q: &str = "quokka zebrafish";

/// A small deterministic generator, so a failing run can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn answers_stay_whole_while_reindexes_alternate_good_broken_and_changed() {
    const ASKERS: usize = 6;
    const ROUNDS: usize = 30;
    // Bounds, whatever the machine: askers stop when the reindexes are done or time is up.
    const MAX_ASKS_EACH: usize = 200_000;
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let s = Scratch::new();
    let base = std::fs::read_to_string(s.faq().join("001_d75c113731e420e5.toml")).unwrap();
    let (engine, _) = Engine::open(&s.faq(), &s.index()).unwrap();
    let engine = Arc::new(engine);
    // generation -> whether it holds the marker
    let holds_marker: Arc<Mutex<std::collections::HashMap<u64, bool>>> = Arc::default();
    holds_marker
        .lock()
        .unwrap()
        .insert(engine.brain().generation.number, false);
    let done = Arc::new(AtomicBool::new(false));
    let asked = Arc::new(AtomicUsize::new(0));

    let questions = [
        "TensorFlow or PyTorch for mobile apps?",
        "Which framework should I use for deep learning research?",
        "How many GitHub stars does PyTorch have?",
        MARKER_Q,
    ];
    let mut askers = Vec::new();
    for t in 0..ASKERS {
        let engine = engine.clone();
        let asked = asked.clone();
        let done = done.clone();
        askers.push(std::thread::spawn(move || {
            let mut seen = Vec::new();
            for i in 0..MAX_ASKS_EACH {
                if done.load(Ordering::Relaxed) || std::time::Instant::now() > deadline {
                    break;
                }
                let q = questions[(i + t) % questions.len()];
                let a = engine.ask(q);
                asked.fetch_add(1, Ordering::Relaxed);
                if q == MARKER_Q {
                    let cites = a.citations.iter().any(|c| c.entry == "001-faq-marker");
                    seen.push((a.generation, cites));
                } else {
                    assert!(
                        a.answered,
                        "{q:?} unanswered in generation {}",
                        a.generation
                    );
                    assert!(!a.citations.is_empty(), "{q:?} empty");
                    assert!(a.citations.iter().all(|c| !c.snippet.is_empty()));
                }
            }
            seen
        }));
    }

    let reindexer = {
        let engine = engine.clone();
        let holds_marker = holds_marker.clone();
        let done = done.clone();
        let faq = s.faq();
        std::thread::spawn(move || {
            let file = faq.join("001_d75c113731e420e5.toml");
            let mut rounds = 0;
            while rounds < ROUNDS {
                match rounds % 3 {
                    // good
                    0 => std::fs::write(&file, &base).unwrap(),
                    // broken: must be refused, the serving generation untouched
                    1 => std::fs::write(&file, format!("{base}\n[[faq]]\nid = 3\n")).unwrap(),
                    // changed: must be served as soon as reindex returns
                    _ => std::fs::write(&file, format!("{base}{MARKER}")).unwrap(),
                }
                let before = engine.brain().generation.number;
                match engine.reindex() {
                    Ok(r) => {
                        assert_ne!(rounds % 3, 1, "broken content was accepted");
                        let marked = rounds % 3 == 2;
                        holds_marker.lock().unwrap().insert(r.generation, marked);
                        let a = engine.ask(MARKER_Q);
                        assert_eq!(
                            a.citations.iter().any(|c| c.entry == "001-faq-marker"),
                            marked,
                            "generation {} after its reindex returned",
                            r.generation
                        );
                    }
                    Err(ReindexError::Index(IndexError::Invalid(_))) => {
                        assert_eq!(rounds % 3, 1, "good content refused");
                        assert_eq!(engine.brain().generation.number, before);
                    }
                    Err(e) => panic!("reindex failed: {e}"),
                }
                rounds += 1;
            }
            done.store(true, Ordering::Relaxed);
            rounds
        })
    };

    let rounds = reindexer.join().expect("reindexer panicked");
    let mut seen = Vec::new();
    for a in askers {
        seen.extend(a.join().expect("asker panicked"));
    }
    assert_eq!(rounds, ROUNDS);
    let asks = asked.load(Ordering::Relaxed);
    assert!(
        asks >= ASKERS * 10,
        "only {asks} asks ran beside the reindexes"
    );
    // Each answer is wholly from one generation: it cites the marker exactly when the
    // generation that answered holds it.
    let holds = holds_marker.lock().unwrap();
    for (generation, cited) in seen {
        let expected = holds.get(&generation).copied().unwrap_or(false);
        assert_eq!(cited, expected, "generation {generation}");
    }
    println!(
        "reindex under load: {asks} asks across {ASKERS} threads, {rounds} reindexes (good/broken/changed)"
    );
}

#[test]
fn a_reindex_killed_at_random_moments_never_leaves_an_unservable_index() {
    const KILLS: usize = 25;
    let s = Scratch::new();
    assert!(s.versus(&["reindex"]).status.success());
    let mut rng = Lcg(0x5eed_1234);
    let mut killed_mid_build = 0;
    for round in 0..KILLS {
        // Alternate the content so generations differ.
        if round % 2 == 0 {
            s.append("000_685b1321c5fa5e60.toml", &format!("\n[[story]]\nid = \"000-story-kill-{round}\"\ntopics = [\"failures\"]\ntext = \"round {round}\"\n"));
        }
        let mut child = s
            .command(&["reindex"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % 60_000));
        if child.try_wait().unwrap().is_none() {
            killed_mid_build += 1;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        // A restart serves a complete index: the old or the new, never an error.
        let out = s.versus(&["ask", "--json", "TensorFlow or PyTorch for mobile apps?"]);
        assert!(
            out.status.success(),
            "round {round}: {}",
            common::stderr(&out)
        );
        let v: serde_json::Value = serde_json::from_str(common::stdout(&out).trim()).unwrap();
        assert_eq!(v["verdict"], "tensorflow", "round {round}");
        let store = GenerationStore::new(s.index());
        let current = store.current_name().expect("a generation is recorded");
        assert!(s.index().join(&current).join("GENERATION").exists());
        // Stale generations and dead builds are cleaned on start.
        let names: Vec<String> = std::fs::read_dir(s.index())
            .unwrap()
            .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().filter(|n| n.starts_with("gen-")).count() <= 2,
            "{names:?}"
        );
        assert!(
            !names.iter().any(|n| n.starts_with(".building-")),
            "{names:?}"
        );
    }
    println!(
        "crash safety: {KILLS} SIGKILLs, {killed_mid_build} while the reindex was still running"
    );
    assert!(
        killed_mid_build > 0,
        "no kill landed during a reindex; the test proved nothing"
    );
}

#[test]
fn bad_content_is_refused_and_the_old_index_keeps_serving() {
    let s = Scratch::new();
    let (engine, _) = Engine::open(&s.faq(), &s.index()).unwrap();
    let serving = engine.brain().generation.number;
    type Breakage = Box<dyn Fn(&Scratch)>;
    let cases: Vec<(&str, Breakage)> = vec![
        (
            "malformed TOML",
            Box::new(|s: &Scratch| s.append("002_68135ce4d2c9eef8.toml", "\n[[row\n")),
        ),
        (
            "duplicate id",
            Box::new(|s: &Scratch| {
                s.write("dup.toml", "source = \"002_68135ce4d2c9eef8\"\n[[story]]\nid = \"002-row-mobile-edge\"\ntopics = [\"mobile\"]\ntext = \"x\"\n")
            }),
        ),
        (
            "missing source",
            Box::new(|s: &Scratch| {
                s.write("orphan.toml", "source = \"404_missing\"\n[[story]]\nid = \"x-1\"\ntopics = [\"mobile\"]\ntext = \"x\"\n")
            }),
        ),
        (
            "a 50 MB file",
            Box::new(|s: &Scratch| {
                let f = std::fs::File::create(s.faq().join("huge.toml")).unwrap();
                f.set_len(50 * 1024 * 1024).unwrap();
            }),
        ),
        (
            "a non-UTF-8 file",
            Box::new(|s: &Scratch| {
                std::fs::write(s.faq().join("bytes.toml"), [0xff, 0xfe, 0x00, 0x41]).unwrap()
            }),
        ),
        (
            "a symlink loop",
            Box::new(|s: &Scratch| {
                std::os::unix::fs::symlink(s.faq().join("loop.toml"), s.faq().join("loop.toml"))
                    .unwrap()
            }),
        ),
    ];
    for (what, break_it) in cases {
        let fresh = Scratch::new();
        std::fs::remove_dir_all(fresh.faq()).unwrap();
        std::fs::create_dir_all(fresh.faq()).unwrap();
        for e in std::fs::read_dir(s.faq()).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, fresh.faq().join(p.file_name().unwrap())).unwrap();
        }
        break_it(&fresh);
        // check reports it with file:line
        let out = fresh.versus(&["check"]);
        assert_eq!(out.status.code(), Some(1), "{what}");
        let text = common::stdout(&out);
        assert!(
            text.lines().any(|l| l
                .split(':')
                .nth(1)
                .is_some_and(|n| n.parse::<usize>().is_ok())),
            "{what}: {text}"
        );
        // reindex of the engine serving the good copy refuses it
        break_it(&s);
        match engine.reindex() {
            Err(ReindexError::Index(IndexError::Invalid(p))) => assert!(!p.is_empty(), "{what}"),
            other => panic!("{what}: expected refusal, got {other:?}"),
        }
        assert_eq!(engine.brain().generation.number, serving, "{what}");
        assert!(
            engine
                .ask("TensorFlow or PyTorch for mobile apps?")
                .answered,
            "{what}"
        );
        // repair for the next case
        for e in std::fs::read_dir(s.faq()).unwrap() {
            let p = e.unwrap().path();
            let _ = std::fs::remove_file(&p);
        }
        for e in std::fs::read_dir(common::repo_faq()).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                std::fs::copy(&p, s.faq().join(p.file_name().unwrap())).unwrap();
            }
        }
    }
}
