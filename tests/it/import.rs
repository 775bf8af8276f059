//! `versus import`: each seed article re-imported on its own recovers its hand-curated rows,
//! FAQs and picks by verbatim text; articles in other layouts (a saved HTML page, a markdown
//! post) import with their metadata, no page furniture, a clean `versus check`, and answers
//! citing them after a reindex.

use crate::common;

use common::import::{import_file, recovery};
use common::Scratch;
use versus_core::knowledge;

/// The share of curated entries an import of a seed must recover: all of them.
const MIN_RECOVERY: f64 = 1.0;

#[test]
fn each_seed_reimported_recovers_its_curated_rows_faqs_and_picks() {
    let shipped = common::shipped();
    let mut failures = Vec::new();
    for source in &shipped.sources {
        let scratch = Scratch::new();
        let id = format!("re-{}", &source.id[..3]);
        import_file(
            &common::seeds_dir().join(&source.origin),
            &id,
            &scratch.faq(),
        );
        let got = knowledge::load_dir(&scratch.faq()).expect("faq/ still loads after import");
        let (found, total, missing) = recovery(shipped, &source.id, &got, &id);
        let share = found as f64 / total as f64;
        println!("{}: recovered {found}/{total} = {share:.3}", source.id);
        for m in &missing {
            println!("  missing {m}");
        }
        if share < MIN_RECOVERY {
            failures.push(format!("{}: {share:.3} ({missing:#?})", source.id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The hand-written reference for one of our own articles.
struct Expected {
    title: String,
    publisher: String,
    date: String,
    keys: Vec<String>,
    winners: Vec<(String, String)>,
    furniture: Vec<String>,
}

fn expected(name: &str) -> Expected {
    let path = common::import_data().join("expected.toml");
    let doc: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let t = &doc[name];
    let s = |k: &str| t[k].as_str().unwrap().to_string();
    let list = |k: &str| -> Vec<Vec<String>> {
        t[k].as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string())
                    .collect()
            })
            .collect()
    };
    let mut keys = Vec::new();
    for r in list("rows") {
        keys.push(format!("row|{}|{}|{}", r[0], r[1], r[2]));
    }
    let winners = t
        .get("winners")
        .map(|_| list("winners"))
        .unwrap_or_default()
        .into_iter()
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect();
    for f in list("faqs") {
        keys.push(format!("faq|{}|{}", f[0], f[1]));
    }
    for p in list("picks") {
        keys.push(format!("pick|{}|{}", p[0], p[1]));
    }
    let furniture = t["furniture"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    Expected {
        title: s("title"),
        publisher: s("publisher"),
        date: s("date"),
        keys,
        winners,
        furniture,
    }
}

/// Imports one of our own articles through the CLI into a fresh scratch faq/, checks what it
/// printed, and returns the scratch with the knowledge as it now stands.
fn import_own(file: &str, id: &str) -> (Scratch, knowledge::Knowledge, String) {
    let scratch = Scratch::new();
    let path = common::import_data().join(file);
    let out = scratch.versus(&["import", path.to_str().unwrap()]);
    let text = common::stdout(&out);
    assert!(out.status.success(), "{text}\n{}", common::stderr(&out));
    assert!(text.contains(&format!("{id}.toml")), "{text}");
    let got = knowledge::load_dir(&scratch.faq()).expect("faq/ loads after import");
    (scratch, got, text)
}

/// Our own articles, one per layout family, and the source id each imports as.
const OWN_ARTICLES: [(&str, &str); 5] = [
    ("robotics.html", "robotics"),
    ("speech.md", "speech"),
    ("serving.html", "serving"),
    ("edge-notes.html", "edge-notes"),
    ("genomics.md", "genomics"),
];

#[test]
fn own_articles_in_other_layouts_import_with_metadata_and_without_furniture() {
    for (file, id) in OWN_ARTICLES {
        let want = expected(id);
        let (scratch, got, printed) = import_own(file, id);
        let found: std::collections::HashSet<String> = got
            .entries
            .iter()
            .filter(|e| e.source == id)
            .filter_map(common::import::key)
            .collect();
        let missing: Vec<&String> = want.keys.iter().filter(|k| !found.contains(*k)).collect();
        let share = (want.keys.len() - missing.len()) as f64 / want.keys.len() as f64;
        println!(
            "{file}: recovered {}/{} = {share:.3}",
            want.keys.len() - missing.len(),
            want.keys.len()
        );
        assert!(
            missing.is_empty(),
            "{file}: {share:.3}, missing {missing:#?}"
        );
        for (feature, side) in &want.winners {
            let winner = got.entries.iter().find_map(|e| match &e.body {
                knowledge::Body::Row(r) if e.source == id && r.feature == *feature => r.winner,
                _ => None,
            });
            assert_eq!(
                winner.map(|w| w.as_str()),
                Some(side.as_str()),
                "{file}: winner of {feature}"
            );
        }

        let source = got.source(id).expect("source added to sources.toml");
        assert_eq!(source.title, want.title);
        assert_eq!(source.publisher.as_deref(), Some(want.publisher.as_str()));
        assert_eq!(source.as_of.as_deref(), Some(want.date.as_str()));
        assert_eq!(source.origin, file);
        assert!(printed.contains("row"), "{printed}");

        let written = std::fs::read_to_string(scratch.faq().join(format!("{id}.toml"))).unwrap();
        for f in &want.furniture {
            assert!(
                !written.contains(f.as_str()),
                "{file}: furniture {f:?} landed in faq/"
            );
        }

        let check = scratch.versus(&["check"]);
        assert!(check.status.success(), "{}", common::stdout(&check));
        assert!(
            common::stdout(&check).contains("6 sources"),
            "{}",
            common::stdout(&check)
        );
    }
}

#[test]
fn after_a_reindex_a_question_only_the_new_article_answers_cites_it() {
    for (file, id, question) in [
        (
            "robotics.html",
            "robotics",
            "Which framework is better for robotics?",
        ),
        (
            "speech.md",
            "speech",
            "Which is better for speech recognition in 2026?",
        ),
    ] {
        let (scratch, _, _) = import_own(file, id);
        let before = common::engine().ask(question);
        assert!(before.citations.iter().all(|c| c.source != id));
        let reindex = scratch.versus(&["reindex"]);
        assert!(reindex.status.success(), "{}", common::stderr(&reindex));
        let out = scratch.versus(&["ask", "--json", question]);
        let answer: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json answer");
        let cited: Vec<&str> = answer["citations"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["source"].as_str())
            .collect();
        assert!(cited.contains(&id), "{question}: cites {cited:?}");
    }
}

#[test]
fn unplaced_lines_are_printed_with_their_line_numbers() {
    let (_, _, printed) = import_own("robotics.html", "robotics");
    let article = std::fs::read_to_string(common::import_data().join("robotics.html")).unwrap();
    let line = article
        .lines()
        .position(|l| l.contains("Each category is scored out of ten"))
        .unwrap()
        + 1;
    assert!(
        printed.contains(&format!(
            "robotics.html:{line}: Each category is scored out of ten"
        )),
        "{printed}"
    );
}

#[test]
fn an_existing_import_is_kept_unless_forced() {
    let (scratch, _, _) = import_own("speech.md", "speech");
    let path = common::import_data().join("speech.md");
    let file = scratch.faq().join("speech.toml");
    std::fs::write(
        &file,
        std::fs::read_to_string(&file).unwrap() + "\n# edited by hand\n",
    )
    .unwrap();
    let again = scratch.versus(&["import", path.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        common::stderr(&again).contains("--force"),
        "{}",
        common::stderr(&again)
    );
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("# edited by hand"));
    let forced = scratch.versus(&["import", path.to_str().unwrap(), "--force"]);
    assert!(forced.status.success(), "{}", common::stderr(&forced));
    assert!(!std::fs::read_to_string(&file)
        .unwrap()
        .contains("# edited by hand"));
    let sources = std::fs::read_to_string(scratch.faq().join("sources.toml")).unwrap();
    assert_eq!(sources.matches("id = \"speech\"").count(), 1, "{sources}");
    assert!(scratch.versus(&["check"]).status.success());
}

#[test]
fn options_override_the_article_and_bad_ones_write_nothing() {
    let scratch = Scratch::new();
    let path = common::import_data().join("robotics.html");
    let before = std::fs::read_to_string(scratch.faq().join("sources.toml")).unwrap();
    for bad in [vec!["--date", "14/09/2026"], vec!["--id", "Not An Id"]] {
        let mut args = vec!["import", path.to_str().unwrap()];
        args.extend(bad.iter().copied());
        let out = scratch.versus(&args);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        assert!(
            common::stderr(&out).contains("import refused"),
            "{}",
            common::stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read_to_string(scratch.faq().join("sources.toml")).unwrap(),
        before
    );
    let out = scratch.versus(&[
        "import",
        path.to_str().unwrap(),
        "--id",
        "field-guide",
        "--title",
        "Robots, frameworks and us",
        "--publisher",
        "Somebody Else",
        "--date",
        "2026-10-01",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let k = knowledge::load_dir(&scratch.faq()).unwrap();
    let s = k.source("field-guide").unwrap();
    assert_eq!(
        (s.title.as_str(), s.publisher.as_deref(), s.as_of.as_deref()),
        (
            "Robots, frameworks and us",
            Some("Somebody Else"),
            Some("2026-10-01")
        )
    );
}

#[test]
fn a_broken_faq_or_a_non_article_writes_nothing() {
    let scratch = Scratch::new();
    scratch.write("broken.toml", "source = \"nowhere\"\n");
    let path = common::import_data().join("speech.md");
    let out = scratch.versus(&["import", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        common::stdout(&out).contains("unknown source `nowhere`"),
        "{}",
        common::stdout(&out)
    );
    assert!(!scratch.faq().join("speech.toml").exists());

    let scratch = Scratch::new();
    let junk = scratch.dir.path().join("junk.txt");
    std::fs::write(&junk, "hello\nworld\n").unwrap();
    let out = scratch.versus(&["import", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        common::stderr(&out).contains("found no"),
        "{}",
        common::stderr(&out)
    );
    assert!(!scratch.faq().join("junk.toml").exists());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any bytes in any format give entries or a clear error, never a panic, and whatever is
    /// drafted quotes the article.
    #[test]
    fn any_input_is_read_without_panicking(
        lines in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::string::string_regex("[ -~★☆✅⚠️İK\u{212A}éß|:.?\\-]{0,60}").unwrap(),
                proptest::sample::select(vec![
                    "| Feature | TensorFlow | PyTorch |".to_string(),
                    "|---|---|---|".to_string(),
                    "| A | 9/10 x | ★★☆ y |".to_string(),
                    "TensorFlow".to_string(),
                    "PyTorch".to_string(),
                    "Choose PyTorch if:".to_string(),
                    "- Label: value".to_string(),
                    "Is PyTorch better?".to_string(),
                    "PyTorch wins for research. TensorFlow remains strong.".to_string(),
                    "<table><tr><th>F</th><th>TensorFlow</th><th>PyTorch</th></tr>".to_string(),
                    "<h2>Pick \u{212A} TensorFlow</h2><li>x</li>".to_string(),
                    "Updated İ 2026-0é-01".to_string(),
                ]),
            ],
            0..40,
        ),
    ) {
        let text = lines.join("\n");
        for format in [versus_import::Format::Text, versus_import::Format::Markdown, versus_import::Format::Html] {
            let x = versus_import::extract(text.as_bytes(), format).expect("text is UTF-8");
            let folded = common::import::fold(&x.text);
            for d in &x.drafts {
                let entry = knowledge::Entry {
                    id: knowledge::EntryId::new("x").unwrap(),
                    source: knowledge::SourceId::new("x").unwrap(),
                    topics: Vec::new(),
                    stance: None,
                    body: d.body.clone(),
                    file: Default::default(),
                    line: 0,
                };
                for part in entry.quoted_parts() {
                    proptest::prop_assert!(folded.contains(&common::import::fold(part)), "{part:?}");
                }
            }
        }
    }
}

#[test]
fn hostile_articles_are_refused_with_a_reason_and_the_cli_never_aborts() {
    let scratch = Scratch::new();
    let before = knowledge::load_dir(&scratch.faq()).unwrap().entries.len();
    let dir = tempfile::tempdir().unwrap();
    let deep = |name: &str, open: &str, levels: usize| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("<html><body>{}text", open.repeat(levels))).unwrap();
        path
    };
    // 5,000 nested divs (27 KB) took the server down, 20,000 the CLI; 100,000 nested lists
    // cost minutes of CPU.
    for path in [
        deep("divs.html", "<div>", 5_000),
        deep("more.html", "<div>", 20_000),
        deep("lists.html", "<ul><li>", 100_000),
    ] {
        let out = scratch.versus(&["import", path.to_str().unwrap()]);
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("import refused: the article nests elements more than 256 deep"),
            "{err}"
        );
    }
    // A 2 GB sparse file: refused by its size, which it reports whole, so it was never read
    // (a limited read would have stopped at 4 MB and 1 byte).
    let huge = dir.path().join("huge.html");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let out = scratch.versus(&["import", huge.to_str().unwrap()]);
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the article is 2147483648 bytes, over the limit of 4194304 bytes"),
        "{err}"
    );
    let after = knowledge::load_dir(&scratch.faq()).unwrap().entries.len();
    assert_eq!(before, after, "nothing written");
}

/// The answer to `question` from the scratch's index: (answered, verdict, topic, sources cited).
fn ask(scratch: &Scratch, question: &str) -> (bool, Option<String>, Option<String>, Vec<String>) {
    let out = scratch.versus(&["ask", "--json", question]);
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json answer");
    let text = |k: &str| a[k].as_str().map(str::to_string);
    let cited = a["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["source"].as_str().map(str::to_string))
        .collect();
    (a["answered"] == true, text("verdict"), text("topic"), cited)
}

#[test]
fn a_subject_only_the_new_article_covers_is_answered_from_it_once_its_topic_is_accepted() {
    const QUESTION: &str = "Which framework is better for genomics?";
    let scratch = Scratch::new();
    let topics_before = std::fs::read_to_string(scratch.faq().join("topics.toml")).unwrap();
    let path = common::import_data().join("genomics.md");
    let path = path.to_str().unwrap();

    // Imported without accepting: the topic is proposed, faq/topics.toml is untouched, and the
    // question is not answered from the article (its pick, guessed "overall", may be cited
    // beside the others, never first).
    let out = scratch.versus(&["import", path]);
    let printed = common::stdout(&out);
    assert!(out.status.success(), "{printed}{}", common::stderr(&out));
    assert!(
        printed
            .contains("new topic `genomics` proposed (pass --accept-topics to add it): genomics"),
        "{printed}"
    );
    let topics = std::fs::read_to_string(scratch.faq().join("topics.toml")).unwrap();
    assert_eq!(topics, topics_before);
    assert!(scratch.versus(&["reindex"]).status.success());
    let (_, _, topic, cited) = ask(&scratch, QUESTION);
    assert_ne!(topic.as_deref(), Some("genomics"));
    assert_ne!(
        cited.first().map(String::as_str),
        Some("genomics"),
        "{cited:?}"
    );

    // Accepted: the topic lands in topics.toml with the article's id, tags its entries, passes
    // `versus check`, and after a reindex the question is answered from the article.
    let out = scratch.versus(&["import", path, "--force", "--accept-topics"]);
    let printed = common::stdout(&out);
    assert!(out.status.success(), "{printed}{}", common::stderr(&out));
    assert!(
        printed.contains("new topic `genomics` added to topics.toml"),
        "{printed}"
    );
    let topics = std::fs::read_to_string(scratch.faq().join("topics.toml")).unwrap();
    assert!(
        topics.starts_with(&topics_before),
        "existing topics kept as they were"
    );
    assert!(topics.contains("for source `genomics`"), "{topics}");
    let check = scratch.versus(&["check"]);
    assert!(check.status.success(), "{}", common::stdout(&check));
    let k = knowledge::load_dir(&scratch.faq()).unwrap();
    let genomics = k.topic("genomics").expect("the topic is written");
    assert!(genomics.words.iter().any(|w| w == "genomics"));
    let tagged = k
        .entries
        .iter()
        .filter(|e| e.source == "genomics" && e.topics.iter().any(|t| t == "genomics"))
        .count();
    assert!(tagged >= 10, "{tagged} entries tagged");
    assert!(scratch.versus(&["reindex"]).status.success());
    let (answered, verdict, topic, cited) = ask(&scratch, QUESTION);
    assert!(answered);
    assert_eq!(topic.as_deref(), Some("genomics"));
    assert_eq!(verdict.as_deref(), Some("pytorch"));
    assert_eq!(
        cited.first().map(String::as_str),
        Some("genomics"),
        "{cited:?}"
    );
}

#[test]
fn the_summary_lists_every_entry_placed_and_every_line_not_placed() {
    let (_, got, printed) = import_own("serving.html", "serving");
    let written = got.entries.iter().filter(|e| e.source == "serving").count();
    assert!(
        printed.contains(&format!("{written} entr(y/ies) placed:")),
        "{printed}"
    );
    assert!(printed.contains(": row Cold start ["), "{printed}");
    assert!(
        printed.contains(": pick LLM serving: PyTorch, with vLLM or Triton."),
        "{printed}"
    );
    let article = std::fs::read_to_string(common::import_data().join("serving.html")).unwrap();
    let line = article
        .lines()
        .position(|l| l.contains("Both need a service mesh"))
        .unwrap()
        + 1;
    assert!(
        printed.contains(&format!(
            "serving.html:{line}: Both need a service mesh or a gateway for weighted routing."
        )),
        "{printed}"
    );
}

/// A loopback host for page imports: `/serving.html`, `/moved` (a redirect to it) and
/// `/big` (past the scratch config's page limit).
async fn page_host() -> String {
    use axum::response::{IntoResponse, Redirect};
    use axum::routing::get;
    let page = std::fs::read(common::import_data().join("serving.html")).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route(
            "/serving.html",
            get(move || async move { page.clone().into_response() }),
        )
        .route(
            "/moved",
            get(|| async { Redirect::temporary("/serving.html") }),
        )
        .route(
            "/big",
            get(|| async { vec![b'x'; 64 * 1024].into_response() }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_is_imported_from_its_url_within_the_fetch_rules() {
    let base = page_host().await;
    let outcome = tokio::task::spawn_blocking(move || {
        let scratch = Scratch::new();
        std::fs::write(
            scratch.dir.path().join("config.toml"),
            "[import]\nallowed_hosts = [\"pages.example.org\"]\nmax_page_bytes = 32768\n",
        )
        .unwrap();
        // Loopback is no allowed host and not https: only the stand-in's origin
        // (DISCORD_API_BASE, as for /import's attachments) is let through.
        let run = |url: &str, stand_in: bool| {
            let mut cmd = scratch.command(&["import", url]);
            cmd.env_remove("DISCORD_API_BASE");
            if stand_in {
                cmd.env("DISCORD_API_BASE", &base);
            }
            cmd.output().unwrap()
        };
        let page = format!("{base}/serving.html");
        let refused = run(&page, false);
        let err = common::stderr(&refused);
        assert_eq!(refused.status.code(), Some(1), "{err}");
        assert!(err.contains("hosts allowed for imports"), "{err}");
        let plain_http = run("http://pages.example.org/a.html", false);
        assert!(
            common::stderr(&plain_http).contains("not https"),
            "{}",
            common::stderr(&plain_http)
        );
        let moved = run(&format!("{base}/moved"), true);
        assert!(
            common::stderr(&moved).contains("HTTP status 307"),
            "{}",
            common::stderr(&moved)
        );
        let big = run(&format!("{base}/big"), true);
        assert!(
            common::stderr(&big).contains("over the limit of 32768"),
            "{}",
            common::stderr(&big)
        );
        assert!(
            !scratch.faq().join("serving.toml").exists(),
            "nothing written so far"
        );

        let ok = run(&page, true);
        assert!(ok.status.success(), "{}", common::stderr(&ok));
        let k = knowledge::load_dir(&scratch.faq()).unwrap();
        let source = k.source("serving").expect("imported as the page's name");
        assert_eq!(source.origin, page, "the URL is the origin");
        assert_eq!(source.publisher.as_deref(), Some("Stackline Engineering"));
        k.entries.iter().filter(|e| e.source == "serving").count()
    })
    .await
    .unwrap();
    assert!(outcome >= 20, "{outcome} entries");
}
