//! The store wired into the product, each test on SQLite in a temp dir and on a real PostgreSQL
//! server (`VERSUS_TEST_DATABASE_URL`): questions from the Discord stand-in and the HTTP API land
//! in the question log, 👍/👎 clicks are recorded once per person, `/gaps`, `versus gaps --json`
//! and `GET /api/gaps` agree, a broken store loses no answer, and replicas on PostgreSQL share
//! the cooldown.

use crate::both_backends;
use crate::common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use versus::config::{self, Secret};
use versus::record::StoreJournal;
use versus::startup::{self, Services};
use versus_store::Backend;

use common::bot;
use common::payloads::{self, bot_mention, integer_option, string_option, Who, MEMBER_ID};
use common::server::{self, sample, TestServer, ADMIN_TOKEN, FIXTURE_USER};
use common::standin::StandIn;
use common::store::{self, TestDb};

const OTHER_USER: u64 = 80351110224678912;
const ADMIN_USER: u64 = 90351110224678913;
const BREAD: &str = "how do I bake sourdough bread?";
const KNITTING: &str = "what is the best knitting pattern?";
const HIKING: &str = "best hiking boots for winter";
/// HIKING in other words.
const HIKING_REWORDED: &str = "winter boots for hiking: which are the best?";
/// BREAD in other words: the same words no source knows, so the same gap.
const BREAD_REWORDED: &str = "sourdough bread: how would I bake it?";

/// Waits (bounded) until `f` holds, for what the store's writer and vote tasks do on their own.
async fn eventually(what: &str, mut f: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !f().await {
        assert!(Instant::now() < deadline, "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The `custom_id`s of a message's buttons.
fn button_ids(message: &Value) -> Vec<String> {
    message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|b| b["custom_id"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The 👍 and 👎 ids under an answer, checking they name one answer.
fn votes(message: &Value) -> (String, String) {
    let ids = button_ids(message);
    assert_eq!(ids.len(), 2, "two buttons under {message}");
    let (up, down) = (ids[0].clone(), ids[1].clone());
    assert!(
        up.starts_with("vote:up:") && down.starts_with("vote:down:"),
        "{ids:?}"
    );
    assert_eq!(up[8..], down[10..], "both buttons name the same answer");
    (up, down)
}

fn ask(question: &str, who: &Who) -> Value {
    payloads::slash("ask", vec![string_option("question", question)], who)
}

/// Clicks `custom_id` as `who` through the stand-in; checks the ephemeral thanks.
async fn click(standin: &StandIn, custom_id: &str, who: &Who) {
    let sent = standin.interact(payloads::button(custom_id, who));
    let call = standin.callback(&sent).await;
    assert_eq!(call.body["type"], 4, "{}", call.body);
    assert_eq!(call.body["data"]["flags"], 64, "{}", call.body);
    assert!(
        call.body["data"]["content"]
            .as_str()
            .unwrap_or("")
            .starts_with("Thanks"),
        "{}",
        call.body
    );
}

both_backends! {
    async fn discord_questions_and_clicks_land_in_the_store_once(db: TestDb) {
        let journal = store::journal(&db, Duration::ZERO).await;
        let standin = StandIn::start().await;
        let bot = bot::start_with_journal(&standin, common::engine(), bot::settings(), journal.clone());
        standin.wait_ready(1).await;
        let member = Who::member(MEMBER_ID);
        let other = Who::member(OTHER_USER);

        let sent = standin.interact(ask("<@&42> TensorFlow or PyTorch for mobile apps? https://example.com/x", &member));
        let answer = standin.callback(&sent).await.body["data"].clone();
        let (up, _) = votes(&answer);
        let mention = standin.post(payloads::message(
            &format!("{} which is easier to debug?", bot_mention()),
            &member,
            true,
        ));
        let (_, mention_down) = votes(&standin.reply_to(mention).await.body);
        let dm = standin.post(payloads::message(BREAD, &Who::in_dm(OTHER_USER), false));
        votes(&standin.reply_to(dm).await.body);

        // The same person twice on one answer counts once; another person's vote counts.
        click(&standin, &up, &member).await;
        click(&standin, &up, &member).await;
        click(&standin, &mention_down, &other).await;
        journal.store().flush().await;
        eventually("both votes written", async || db.count("SELECT COUNT(*) FROM feedback").await == 2).await;
        bot.stop().await.expect("the bot stops cleanly");

        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, 3);
        for transport in ["slash", "mention", "dm"] {
            let sql = format!("SELECT COUNT(*) FROM questions WHERE transport = '{transport}'");
            assert_eq!(db.count(&sql).await, 1, "{transport}");
        }
        // The cleaned question only: no mention, no URL, no user id anywhere in a row.
        assert_eq!(db.count("SELECT COUNT(*) FROM questions WHERE question LIKE '%<@%' OR question LIKE '%https%'").await, 0);
        assert_eq!(db.count("SELECT COUNT(*) FROM questions WHERE question = 'TensorFlow or PyTorch for mobile apps?' AND answered AND verdict IS NOT NULL").await, 1);
        let ids = format!("'%{MEMBER_ID}%'");
        assert_eq!(db.count(&format!("SELECT COUNT(*) FROM feedback WHERE voter LIKE {ids}")).await, 0);
        let report = journal.store().gaps(30).await.unwrap();
        assert_eq!((report.totals.asked, report.totals.helpful, report.totals.not_helpful), (3, 1, 1));
        assert_eq!(report.unanswered.len(), 1);
        assert_eq!((report.unanswered[0].question.as_str(), report.unanswered[0].count), (BREAD, 1));
        assert_eq!(report.not_helpful[0].question, "which is easier to debug?");
        db.cleanup().await;
    }

    async fn gaps_agree_across_discord_the_cli_and_the_http_api(db: TestDb) {
        let journal = store::journal(&db, Duration::ZERO).await;
        let server = serve(&journal).await;
        let standin = StandIn::start().await;
        let mut settings = bot::settings();
        settings.admin_user_ids = vec![ADMIN_USER];
        let bot = bot::start_with_journal(&standin, common::engine(), settings, journal.clone());
        standin.wait_ready(1).await;

        for q in [BREAD, BREAD_REWORDED, BREAD, KNITTING, "TensorFlow or PyTorch for mobile apps?"] {
            let r = server.post("/api/ask", &json!({ "question": q }).to_string()).await;
            assert_eq!(r.status(), 200);
        }
        let r = server.interact(&server::command("ask", &[("question", BREAD)])).await;
        let answer: Value = r.json().await.unwrap();
        votes(&answer["data"]);
        journal.store().flush().await;

        let api = gaps_over_http(&server).await;
        let cli = gaps_from_the_cli(&db);
        assert_eq!(api, cli, "versus gaps --json and /api/gaps");
        assert_eq!(api["totals"]["asked"], 6);
        let mut bread_words: Vec<&str> =
            api["unanswered"][0]["unplaced"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
        bread_words.sort_unstable();
        assert_eq!(bread_words, ["bake", "bread", "sourdough"], "{api}");
        let groups: Vec<(String, u64)> = api["unanswered"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| (g["question"].as_str().unwrap().to_string(), g["count"].as_u64().unwrap()))
            .collect();
        assert_eq!(groups, vec![(BREAD.to_string(), 4), (KNITTING.to_string(), 1)]);
        // Each group carries the frame its latest question was answered in, as the engine names it.
        let frames: Vec<&str> = api["unanswered"].as_array().unwrap().iter().map(|g| g["frame"].as_str().unwrap_or("")).collect();
        let bread_frame = common::engine().ask(BREAD).frame;
        assert_eq!(frames[0], bread_frame.as_str(), "{api}");
        assert!(frames.iter().all(|f| versus_core::engine::Frame::parse(f).is_some()), "{api}");

        let sent = standin.interact(payloads::slash("gaps", vec![integer_option("days", 30)], &Who::member(ADMIN_USER)));
        let edit = standin.edit_original(&sent).await;
        let embed = &edit.body["embeds"][0];
        let shown = embed["description"].as_str().unwrap();
        assert!(shown.contains("**6** asked · **1** answered"), "{shown}");
        let listed: Vec<&str> = shown.lines().filter(|l| l.starts_with('`')).collect();
        assert_eq!(listed.len(), groups.len(), "{shown}");
        for (((question, count), frame), line) in groups.iter().zip(&frames).zip(&listed) {
            let frame = frame.replace('_', "\\_");
            assert!(line.starts_with(&format!("`{count}×` [{frame}] {question} ·")), "{line}");
        }
        let member = standin.interact(payloads::slash("gaps", vec![], &Who::member(MEMBER_ID)));
        let refused = standin.callback(&member).await;
        assert_eq!(refused.body["data"]["flags"], 64);
        assert!(refused.body["data"]["embeds"][0]["description"].as_str().unwrap().contains("Only versus admins"));

        bot.stop().await.expect("the bot stops cleanly");
        server.stop().await.unwrap();
        db.cleanup().await;
    }

    async fn clicks_over_interactions_are_thanked_privately_and_counted_once(db: TestDb) {
        let journal = store::journal(&db, Duration::ZERO).await;
        let server = serve(&journal).await;
        let r = server.interact(&server::command("ask", &[("question", "TensorFlow or PyTorch for mobile apps?")])).await;
        let answer: Value = r.json().await.unwrap();
        let (up, down) = votes(&answer["data"]);
        let clicker = Who::member(FIXTURE_USER);
        for (n, id) in [&up, &up, &down].into_iter().enumerate() {
            let thanks: Value = server.interact(&payloads::button(id, &clicker)).await.json().await.unwrap();
            assert_eq!((thanks["type"].as_u64(), thanks["data"]["flags"].as_u64()), (Some(4), Some(64)), "{thanks}");
            assert!(thanks["data"]["content"].as_str().unwrap_or("").starts_with("Thanks"), "{thanks}");
            if n == 0 {
                // Votes are written off the answering path, each by its own task: let the first
                // land before the repeats, so "the first vote stands" is what is tested.
                journal.store().flush().await;
                eventually("the first vote written", async || db.count("SELECT COUNT(*) FROM feedback").await == 1).await;
            }
        }
        let someone_else = Who::member(OTHER_USER);
        let _: Value = server.interact(&payloads::button(&down, &someone_else)).await.json().await.unwrap();
        journal.store().flush().await;
        // Once per person per answer: the clicker's first vote stands, the other person's counts.
        eventually("two votes written", async || db.count("SELECT COUNT(*) FROM feedback").await == 2).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(db.count("SELECT COUNT(*) FROM feedback").await, 2);
        assert_eq!(db.count("SELECT COUNT(*) FROM feedback WHERE vote = 'helpful'").await, 1);
        assert_eq!(db.count("SELECT COUNT(*) FROM questions WHERE transport = 'interactions'").await, 1);
        let metrics = server.metrics().await;
        assert_eq!(sample(&metrics, "versus_feedback_total{vote=\"helpful\"}"), 1.0, "{metrics}");
        assert_eq!(sample(&metrics, "versus_feedback_total{vote=\"not_helpful\"}"), 1.0, "{metrics}");
        server.stop().await.unwrap();
        db.cleanup().await;
    }

    async fn a_store_made_unwritable_mid_run_loses_no_answer(db: TestDb) {
        let journal = store::journal(&db, Duration::ZERO).await;
        let server = serve(&journal).await;
        let ask_all = async |n: usize| {
            for i in 0..n {
                let question = if i % 2 == 0 { BREAD } else { "TensorFlow or PyTorch for mobile apps?" };
                let r = server.post("/api/ask", &json!({ "question": question }).to_string()).await;
                assert_eq!(r.status(), 200);
                let answer: Value = r.json().await.unwrap();
                assert!(answer["answer"].as_str().is_some_and(|a| !a.is_empty()), "{answer}");
            }
        };
        ask_all(10).await;
        journal.store().flush().await;
        assert_eq!(journal.store().stats().recorded, 10);
        assert_eq!(store_state(&server).await, ("up".to_string(), 1.0));

        db.break_writes().await;
        ask_all(10).await;
        journal.store().flush().await;
        let broken = journal.store().stats();
        assert_eq!(broken.recorded, 10, "{broken:?}");
        assert!(broken.write_failures + broken.dropped >= 10, "{broken:?}");
        let metrics = server.metrics().await;
        assert!(sample(&metrics, "versus_store_write_failures_total") >= 1.0, "{metrics}");
        assert_eq!(sample(&metrics, "versus_unanswered_total"), 10.0, "{metrics}");
        assert_eq!(store_state(&server).await, ("failing".to_string(), 0.0), "answering goes on, monitoring sees it");

        db.restore_writes().await;
        ask_all(4).await;
        journal.store().flush().await;
        assert_eq!(journal.store().stats().recorded, 14);
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, 14);
        assert_eq!(store_state(&server).await, ("up".to_string(), 1.0));
        server.stop().await.unwrap();
        db.cleanup().await;
    }

    async fn a_question_asked_over_http_is_stored_redacted(db: TestDb) {
        let journal = store::journal(&db, Duration::ZERO).await;
        let server = serve(&journal).await;
        let question = "pytorch or tensorflow? mail jane.doe@example.com, call +1 (555) 123-4567, \
                        card 4111 1111 1111 1111, user 80351110224678912";
        let r = server.post("/api/ask", &json!({ "question": question }).to_string()).await;
        assert_eq!(r.status(), 200);
        journal.store().flush().await;
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, 1);
        for private in ["jane", "example.com", "555", "4567", "4111", "80351110224678912"] {
            let n = db
                .count(&format!("SELECT COUNT(*) FROM questions WHERE question LIKE '%{private}%' OR unplaced LIKE '%{private}%'"))
                .await;
            assert_eq!(n, 0, "{private} kept in the question log");
        }
        let n = db.count("SELECT COUNT(*) FROM questions WHERE question LIKE '%[email]%[phone]%[card]%'").await;
        assert_eq!(n, 1, "placeholders say what was there");
        server.stop().await.unwrap();
        db.cleanup().await;
    }

    async fn real_words_near_knowledge_words_reach_the_gaps_with_their_rewordings(db: TestDb) {
        // "hiking" is one edit from "hiring": it used to be "corrected" and answered as a jobs
        // question, so it never reached /gaps.
        let journal = store::journal(&db, Duration::ZERO).await;
        let server = serve(&journal).await;
        for q in [HIKING, HIKING_REWORDED, "TensorFlow or PyTorch for mobile apps?"] {
            let r = server.post("/api/ask", &json!({ "question": q }).to_string()).await;
            assert_eq!(r.status(), 200);
            let body: Value = r.json().await.unwrap();
            if q != "TensorFlow or PyTorch for mobile apps?" {
                assert_eq!(body["answered"], false, "{q}: {body}");
                assert!(body["verdict"].is_null(), "{q}: {body}");
            }
        }
        journal.store().flush().await;
        let api = gaps_over_http(&server).await;
        let groups = api["unanswered"].as_array().unwrap();
        assert_eq!(groups.len(), 1, "{api}");
        assert_eq!(groups[0]["count"], 2, "{api}");
        let mut words: Vec<&str> =
            groups[0]["unplaced"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
        words.sort_unstable();
        assert_eq!(words, ["boots", "hiking", "winter"], "{api}");
        server.stop().await.unwrap();
        db.cleanup().await;
    }

    async fn replicas_on_postgres_share_the_cooldown(db: TestDb) {
        let cooldown = Duration::from_secs(60);
        let first = store::journal(&db, cooldown).await;
        let second = store::journal(&db, cooldown).await;
        let discord = config::Discord {
            ask_cooldown_secs: cooldown.as_secs(),
            admin_user_ids: vec![FIXTURE_USER],
            ..config::Discord::default()
        };
        let replica = |journal: &Arc<StoreJournal>| {
            let services = Services::builder(common::engine(), &discord).journal(journal.clone()).build();
            Arc::new(services.app())
        };
        let a = TestServer::with_app(server::options(), replica(&first)).await;
        let b = TestServer::with_app(server::options(), replica(&second)).await;
        // Each ask is an interaction of its own (its own id), as Discord sends them.
        let question = |n: u64| {
            let mut q = server::command("ask", &[("question", "TensorFlow or PyTorch for mobile apps?")]);
            q["id"] = (786_008_729_715_300_000u64 + n).to_string().into();
            q
        };
        let on_a: Value = a.interact(&question(1)).await.json().await.unwrap();
        assert_eq!(on_a["data"]["flags"], Value::Null, "answered publicly: {on_a}");
        let on_b: Value = b.interact(&question(2)).await.json().await.unwrap();
        let told_to_wait = on_b["data"]["flags"] == 64
            && on_b["data"]["embeds"][0]["description"].as_str().unwrap_or("").contains("asking quickly");
        // SQLite is one process's store: each process keeps its own cooldown.
        assert_eq!(told_to_wait, db.backend == Backend::Postgres, "{on_b}");
        let again: Value = a.interact(&question(3)).await.json().await.unwrap();
        assert_eq!(again["data"]["flags"], 64, "the replica that answered still holds the cooldown: {again}");
        a.stop().await.unwrap();
        b.stop().await.unwrap();
        db.cleanup().await;
    }
}

/// The store's state in `/healthz`'s body (which stays 200) and the `versus_store_up` gauge.
async fn store_state(server: &TestServer) -> (String, f64) {
    let r = server.get("/healthz").await;
    assert_eq!(
        r.status(),
        200,
        "answering works, whatever the store's state"
    );
    let body: Value = r.json().await.unwrap();
    let metrics = server.metrics().await;
    let up = metrics
        .lines()
        .find_map(|l| l.strip_prefix("versus_store_up ")?.parse().ok())
        .unwrap_or_else(|| panic!("versus_store_up is always there: {metrics}"));
    (body["store"].as_str().unwrap_or("missing").to_string(), up)
}

/// A server answering with the shared engine and `journal`, the admin token set.
async fn serve(journal: &Arc<StoreJournal>) -> TestServer {
    let mut options = server::options();
    options.admin_token = Some(Secret::new(ADMIN_TOKEN));
    let discord = config::Discord {
        ask_cooldown_secs: 0,
        admin_user_ids: vec![FIXTURE_USER],
        ..config::Discord::default()
    };
    let server = TestServer::start(options).await;
    assert!(server.state.set_journal(journal.clone()));
    let services = Services::builder(common::engine(), &discord)
        .journal(journal.clone())
        .build();
    assert!(server.state.install(Arc::new(services.app())));
    server
}

/// `GET /api/gaps?days=30` with the admin token (and refused without it).
async fn gaps_over_http(server: &TestServer) -> Value {
    assert_eq!(server.get("/api/gaps").await.status(), 401);
    let r = server
        .client
        .get(server.url("/api/gaps?days=30"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// `versus gaps --json --days 30` against the same store, as an admin would run it.
fn gaps_from_the_cli(db: &TestDb) -> Value {
    let scratch = common::Scratch::new();
    let settings = db.config();
    std::fs::write(
        scratch.dir.path().join("config.toml"),
        format!("[store]\nsqlite_path = {:?}\n", settings.sqlite_path),
    )
    .unwrap();
    let mut cmd = scratch.command(&["gaps", "--json", "--days", "30"]);
    cmd.env_remove("VERSUS_DATABASE_URL");
    if let Some(url) = &settings.database_url {
        cmd.env("VERSUS_DATABASE_URL", url);
    }
    let out = cmd.output().expect("versus runs");
    assert!(out.status.success(), "{}", common::stderr(&out));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_that_cannot_open_leaves_recording_off_and_answers_flowing() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, "").unwrap();
    let mut config = config::Config::default();
    config.store.sqlite_path = blocker.join("versus.db");
    config.store.database_url = None;
    let journal = startup::open_journal(&config).await;
    assert!(journal.is_none());
    let app = Services::builder(common::engine(), &config.discord)
        .journal(journal)
        .build()
        .app();
    assert!(app.journal.is_none());
    let server = TestServer::with_app(server::options(), Arc::new(app)).await;
    let r = server
        .interact(&server::command(
            "ask",
            &[("question", "TensorFlow or PyTorch for mobile apps?")],
        ))
        .await;
    let body: Value = r.json().await.unwrap();
    votes(&body["data"]);
    assert_eq!(store_state(&server).await, ("off".to_string(), 0.0));
    let metrics = server.metrics().await;
    for family in [
        "versus_store_recorded_total",
        "versus_store_write_failures_total",
        "versus_store_dropped_total",
    ] {
        let zero = format!("{family} 0");
        assert!(
            metrics.lines().any(|l| l == zero),
            "{family} kept, at zero: {metrics}"
        );
    }
    server.stop().await.unwrap();
}
