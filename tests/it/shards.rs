//! Past one process: gateway shards (Discord's recommended count, or a range of a fixed total),
//! the bot's `/healthz` and `/metrics`, close code 4011, and `versus register` for HTTP-only
//! deployments, all through the Discord stand-in. serenity waits 5 s between IDENTIFYs, so only
//! one scenario here runs two shards.

use crate::common;

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::net::TcpListener;
use versus::gateway::health::HealthServer;
use versus::gateway::GatewayHealth;
use versus_discord::command::definitions;

use common::payloads::{self, bot_mention, string_option, Who, MEMBER_ID};
use common::server::{sample, TestServer};
use common::standin::{within, Call, Endpoint, Options, StandIn, APP_ID, GUILD_ID, WAIT};
use common::Scratch;

fn ask(question: &str, who: &Who) -> Value {
    payloads::slash("ask", vec![string_option("question", question)], who)
}

/// Asserts the call is an answer: accepted, with a verdict embed.
fn assert_answered(call: &Call) {
    assert!(
        call.status == 204 || call.status == 200,
        "accepted: {}",
        call.status
    );
    let data = if call.endpoint == Endpoint::Callback {
        &call.body["data"]
    } else {
        &call.body
    };
    let title = data["embeds"][0]["title"].as_str().unwrap_or("");
    assert!(!title.is_empty(), "an answer embed: {data}");
    assert_eq!(data["allowed_mentions"], json!({ "parse": [] }));
}

/// The `shard` arrays of every IDENTIFY so far.
fn identified(standin: &StandIn) -> Vec<Value> {
    standin
        .record()
        .identifies
        .iter()
        .map(|d| d["shard"].clone())
        .collect()
}

/// A loopback port nobody listens on now (for the built binary's `health_listen`).
fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// GETs `url`; `None` while nothing listens there.
async fn get(url: &str) -> Option<(u16, String)> {
    let r = reqwest::Client::new()
        .get(url)
        .timeout(Duration::from_secs(2))
        .send()
        .await
        .ok()?;
    let status = r.status().as_u16();
    Some((status, r.text().await.unwrap_or_default()))
}

/// Polls `url` until it answers `status`, failing after [`WAIT`] with the last answer.
async fn until_status(url: &str, status: u16) -> Value {
    let deadline = std::time::Instant::now() + WAIT * 2;
    let mut last = None;
    while std::time::Instant::now() < deadline {
        if let Some((s, body)) = get(url).await {
            if s == status {
                return serde_json::from_str(&body).unwrap_or(Value::Null);
            }
            last = Some((s, body));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{url} never answered {status}; last: {last:?}");
}

/// The environment overrides of shard settings, kept out of the tests' children.
const SHARD_ENV: [&str; 4] = [
    "VERSUS_SHARDS",
    "VERSUS_SHARD_IDS",
    "VERSUS_SHARD_ORDINAL",
    "VERSUS_SHARDS_PER_PROCESS",
];

/// A running binary, killed when dropped (a failing test must not leave it behind).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl std::ops::Deref for Running {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Running {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

/// The built binary with `args`, env pointed at the stand-in, stderr collected on a thread.
fn spawn(
    scratch: &Scratch,
    standin: &StandIn,
    args: &[&str],
) -> (Running, std::thread::JoinHandle<String>) {
    spawn_with(scratch, standin, args, &[])
}

/// As [`spawn`], with the shard settings of `env` (and none inherited).
fn spawn_with(
    scratch: &Scratch,
    standin: &StandIn,
    args: &[&str],
    env: &[(&str, &str)],
) -> (Running, std::thread::JoinHandle<String>) {
    let mut cmd = scratch.command(args);
    for name in SHARD_ENV {
        cmd.env_remove(name);
    }
    let mut child = cmd
        .envs(env.iter().copied())
        .env("DISCORD_API_BASE", standin.api_base())
        .env("DISCORD_TOKEN", standin.token())
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("versus runs");
    let mut pipe = child.stderr.take().unwrap();
    let log = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = pipe.read_to_string(&mut s);
        s
    });
    (Running(child), log)
}

async fn exited(child: &mut Child) -> std::process::ExitStatus {
    within("versus to exit", async {
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
}

/// The exit status once `child` exits within `limit`, else `None`.
async fn stopped_within(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}

fn terminate(child: &Child) {
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
}

fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_built_binary_runs_the_two_recommended_shards_answers_on_both_and_reports_health() {
    let standin = StandIn::start_with(Options {
        shards: 2,
        ..Options::default()
    })
    .await;
    let scratch = Scratch::new();
    let port = free_port();
    std::fs::write(
        scratch.dir.path().join("config.toml"),
        format!(
            "[discord]\ndev_guild_id = {GUILD_ID}\nask_cooldown_secs = 0\n\n[bot]\nhealth_listen = \"127.0.0.1:{port}\"\n"
        ),
    )
    .unwrap();
    let (mut child, log) = spawn(&scratch, &standin, &["bot"]);
    let healthz = format!("http://127.0.0.1:{port}/healthz");

    standin.wait_shard_ready(0, 1).await;
    // Until shard 1 is up (serenity waits 5 s between IDENTIFYs), the bot is not healthy.
    let body = until_status(&healthz, 503).await;
    if body["missing_shards"] != json!([]) {
        assert_eq!(body["missing_shards"], json!([1]), "{body}");
    }
    within("shard 1", standin.wait_shard_ready(1, 1)).await;
    let mut shards = identified(&standin);
    shards.sort_by_key(|s| s[0].as_u64());
    assert_eq!(shards, vec![json!([0, 2]), json!([1, 2])]);

    // Every command works on every shard; DMs arrive on shard 0 (as Discord sends them).
    for shard in [0, 1] {
        let sent = standin.interact_on(
            shard,
            ask(
                "TensorFlow or PyTorch for mobile apps?",
                &Who::member(MEMBER_ID),
            ),
        );
        assert_answered(&standin.callback(&sent).await);
        let help = standin.interact_on(
            shard,
            payloads::slash("sources", vec![], &Who::member(MEMBER_ID)),
        );
        assert_eq!(standin.callback(&help).await.status, 204);
    }
    let mention = standin.post_on(
        1,
        payloads::message(
            &format!("{} TensorFlow or PyTorch for research?", bot_mention()),
            &Who::member(MEMBER_ID),
            true,
        ),
    );
    assert_answered(&standin.reply_to(mention).await);
    let dm = standin.post_on(
        0,
        payloads::message(
            "TensorFlow or PyTorch for production serving?",
            &Who::in_dm(MEMBER_ID),
            false,
        ),
    );
    assert_answered(&standin.reply_to(dm).await);

    let body = until_status(&healthz, 200).await;
    assert_eq!(body["shards"], json!({ "first": 0, "last": 1, "total": 2 }));
    let (_, metrics) = get(&format!("http://127.0.0.1:{port}/metrics"))
        .await
        .unwrap();
    for shard in ["0", "1"] {
        assert_eq!(
            sample(
                &metrics,
                &format!("versus_gateway_shard_connected{{shard=\"{shard}\"}}")
            ),
            1.0,
            "{metrics}"
        );
    }
    assert!(
        sample(&metrics, "versus_answers_total{answered=\"true\"}") >= 3.0,
        "{metrics}"
    );
    assert!(metrics.contains("versus_ready 1"), "{metrics}");

    // Shard 1 loses its connection and the gateway stays silent: 503 naming shard 1.
    standin.hold_connections(true);
    standin.gateway_fault_on(1, common::standin::GatewayFault::Drop);
    let body = until_status(&healthz, 503).await;
    assert_eq!(body["missing_shards"], json!([1]), "{body}");
    // Back: healthy again, the reconnect counted.
    standin.hold_connections(false);
    until_status(&healthz, 200).await;
    let (_, metrics) = get(&format!("http://127.0.0.1:{port}/metrics"))
        .await
        .unwrap();
    assert!(
        sample(&metrics, "versus_gateway_reconnects_total{shard=\"1\"}") >= 1.0,
        "{metrics}"
    );
    assert_eq!(
        sample(&metrics, "versus_gateway_reconnects_total{shard=\"0\"}"),
        0.0,
        "{metrics}"
    );
    let sent = standin.interact_on(
        1,
        ask("TensorFlow or PyTorch for NLP?", &Who::member(MEMBER_ID)),
    );
    assert_answered(&standin.callback(&sent).await);

    terminate(&child);
    let status = exited(&mut child).await;
    let log = log.join().unwrap();
    assert!(status.success(), "exit {status:?}; log: {}", tail(&log));
    for shard in ["shard 0 ready", "shard 1 ready"] {
        assert!(log.contains(shard), "{shard:?} logged; log: {}", tail(&log));
    }
    assert!(standin.record().unexpected.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shard_ids_1_of_2_identifies_only_shard_1_and_answers_there() {
    let standin = StandIn::start().await;
    let health = Arc::new(GatewayHealth::default());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = HealthServer::start(listener, health.clone()).unwrap();
    let settings = versus::config::Discord {
        shards: 2,
        shard_ids: Some("1-1".parse().unwrap()),
        ..common::bot::settings()
    };
    let bot = common::bot::start_reporting(&standin, common::engine(), settings, health);
    standin.wait_shard_ready(1, 1).await;
    let sent = standin.interact_on(
        1,
        ask(
            "TensorFlow or PyTorch for mobile apps?",
            &Who::member(MEMBER_ID),
        ),
    );
    assert_answered(&standin.callback(&sent).await);
    let url = format!("http://{}", server.addr);
    let body = until_status(&format!("{url}/healthz"), 200).await;
    assert_eq!(body["shards"], json!({ "first": 1, "last": 1, "total": 2 }));
    let (_, metrics) = get(&format!("{url}/metrics")).await.unwrap();
    assert_eq!(
        sample(&metrics, "versus_gateway_shard_connected{shard=\"1\"}"),
        1.0
    );
    assert!(
        !metrics.contains("shard=\"0\""),
        "shard 0 is another process's: {metrics}"
    );
    assert!(
        sample(
            &metrics,
            "versus_http_requests_total{route=\"/healthz\",status=\"200\"}"
        ) >= 1.0,
        "{metrics}"
    );
    bot.stop().await.expect("the bot stops cleanly");
    server.stop().await;
    assert_eq!(identified(&standin), vec![json!([1, 2])]);
    let r = standin.record();
    assert!(
        !r.calls.iter().any(|c| c.path.ends_with("/gateway/bot")),
        "a fixed total needs no recommendation"
    );
    assert!(r.unexpected.is_empty(), "{:#?}", r.unexpected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_4011_close_stops_the_built_binary_with_what_to_set() {
    let standin = StandIn::start_with(Options {
        refuse_identify: Some(4011),
        ..Options::default()
    })
    .await;
    let scratch = Scratch::new();
    let (mut child, log) = spawn(&scratch, &standin, &["bot"]);
    let status = stopped_within(&mut child, WAIT).await;
    if status.is_none() {
        let _ = child.kill();
    }
    let log = log.join().unwrap();
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(1),
        "log: {}",
        tail(&log)
    );
    assert!(
        log.contains("4011 (sharding required)"),
        "log: {}",
        tail(&log)
    );
    assert!(log.contains("shards"), "says what to set: {}", tail(&log));
    assert_eq!(standin.record().refusals.first(), Some(&4011));
    assert!(!log.contains(standin.token()));
}

fn register(scratch: &Scratch, standin: &StandIn) -> (bool, String, String) {
    let out = scratch
        .command(&["register"])
        .env("DISCORD_API_BASE", standin.api_base())
        .env("DISCORD_TOKEN", standin.token())
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    (
        out.status.success(),
        common::stdout(&out),
        common::stderr(&out),
    )
}

fn puts(standin: &StandIn) -> Vec<Call> {
    standin
        .record()
        .to(Endpoint::Commands)
        .into_iter()
        .filter(|c| c.method == "PUT")
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn versus_register_puts_the_table_once_and_nothing_when_unchanged() {
    let standin = StandIn::start().await;
    let scratch = Scratch::new();
    let config = scratch.dir.path().join("config.toml");
    std::fs::write(&config, format!("[discord]\ndev_guild_id = {GUILD_ID}\n")).unwrap();

    let (ok, out, err) = tokio::task::block_in_place(|| register(&scratch, &standin));
    assert!(ok, "{out}{err}");
    let n = definitions().as_array().unwrap().len();
    assert!(
        out.contains(&format!(
            "registered {n} slash commands in guild {GUILD_ID}"
        )),
        "{out}"
    );
    assert!(out.contains(&APP_ID.to_string()), "{out}");
    let sent = puts(&standin);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].path,
        format!("/api/v10/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    );
    assert_eq!(sent[0].body, definitions());
    assert_eq!(standin.record().to(Endpoint::Application).len(), 1);

    let (ok, out, err) = tokio::task::block_in_place(|| register(&scratch, &standin));
    assert!(ok, "{out}{err}");
    assert!(out.contains("unchanged"), "{out}");
    assert_eq!(puts(&standin).len(), 1, "nothing sent when unchanged");
    assert_eq!(standin.record().to(Endpoint::Application).len(), 2);

    // Globally, with the application id from the config: no lookup.
    std::fs::write(&config, format!("[discord]\napplication_id = {APP_ID}\n")).unwrap();
    let (ok, out, err) = tokio::task::block_in_place(|| register(&scratch, &standin));
    assert!(ok, "{out}{err}");
    assert!(out.contains("globally"), "{out}");
    let sent = puts(&standin);
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[1].path,
        format!("/api/v10/applications/{APP_ID}/commands")
    );
    assert_eq!(
        standin.record().to(Endpoint::Application).len(),
        2,
        "the configured id needs no lookup"
    );
    assert!(standin.record().unexpected.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn versus_register_with_a_wrong_token_fails_without_showing_it() {
    let standin = StandIn::start().await;
    let scratch = Scratch::new();
    let out = scratch
        .command(&["register"])
        .env("DISCORD_API_BASE", standin.api_base())
        .env("DISCORD_TOKEN", "not.the.token")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    assert!(err.contains("application id"), "{err}");
    assert!(!err.contains("not.the.token"), "{err}");
    assert!(puts(&standin).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http_only_deployment_registers_then_answers_signed_interactions() {
    let standin = StandIn::start().await;
    let scratch = Scratch::new();
    std::fs::write(
        scratch.dir.path().join("config.toml"),
        format!("[discord]\ndev_guild_id = {GUILD_ID}\n"),
    )
    .unwrap();
    let (ok, out, err) = tokio::task::block_in_place(|| register(&scratch, &standin));
    assert!(ok, "{out}{err}");
    let registered = standin
        .registered(&format!(
            "/api/v10/applications/{APP_ID}/guilds/{GUILD_ID}/commands"
        ))
        .expect("commands registered");
    let names: Vec<&str> = registered
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(names.contains(&"ask"), "{names:?}");

    // The registered /ask, as Discord would POST it to `versus serve`.
    let mut options = common::server::options();
    options.discord_api_base = standin.api_base().to_string();
    let server = TestServer::with_app(options, common::server::app(common::engine())).await;
    let body = common::server::command(
        "ask",
        &[("question", "TensorFlow or PyTorch for mobile apps?")],
    );
    let response = server.interact(&body).await;
    assert_eq!(response.status(), 200);
    let reply: Value = response.json().await.unwrap();
    assert_eq!(reply["type"], 4);
    assert!(
        !reply["data"]["embeds"][0]["title"]
            .as_str()
            .unwrap_or("")
            .is_empty(),
        "{reply}"
    );
    server.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statefulset_ordinal_from_the_pod_name_picks_the_replicas_shards() {
    let standin = StandIn::start().await;
    let scratch = Scratch::new();
    std::fs::write(
        scratch.dir.path().join("config.toml"),
        format!("[discord]\ndev_guild_id = {GUILD_ID}\nask_cooldown_secs = 0\n"),
    )
    .unwrap();
    let (mut child, log) = spawn_with(
        &scratch,
        &standin,
        &["bot"],
        &[
            ("VERSUS_SHARDS", "4"),
            ("VERSUS_SHARDS_PER_PROCESS", "1"),
            ("VERSUS_SHARD_ORDINAL", "versus-bot-2"),
        ],
    );
    standin.wait_shard_ready(2, 1).await;
    let sent = standin.interact_on(
        2,
        ask(
            "TensorFlow or PyTorch for mobile apps?",
            &Who::member(MEMBER_ID),
        ),
    );
    assert_answered(&standin.callback(&sent).await);
    terminate(&child);
    let status = exited(&mut child).await;
    let log = log.join().unwrap();
    assert!(status.success(), "log: {}", tail(&log));
    assert_eq!(identified(&standin), vec![json!([2, 4])]);
    assert!(log.contains("shards=2-2 of 4"), "log: {}", tail(&log));
}

#[test]
fn shard_settings_outside_the_total_are_refused_before_connecting() {
    let scratch = Scratch::new();
    for (args, says) in [
        (
            vec!["bot", "--shards", "2", "--shard-ids", "1-2"],
            "not within shards 0-1 of 2",
        ),
        (vec!["bot", "--shard-ids", "0-1"], "needs shards"),
        (
            vec!["bot", "--shards", "2", "--shard-ordinal", "versus-bot"],
            "pod name",
        ),
    ] {
        let mut cmd = scratch.command(&args);
        for name in SHARD_ENV {
            cmd.env_remove(name);
        }
        let out = cmd
            .env("DISCORD_TOKEN", "x.y.z")
            // Nothing listens here: the settings must fail before any connection is tried.
            .env("DISCORD_API_BASE", "http://127.0.0.1:9")
            .output()
            .unwrap();
        let err = common::stderr(&out);
        assert!(!out.status.success(), "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("gateway address"), "{args:?}: {err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autosharding_with_a_wrong_token_stops_at_the_recommendation_without_showing_it() {
    let standin = StandIn::start().await;
    let wrong = "not.the-right.token-Q1w2E3";
    let bot =
        common::bot::start_with_token(&standin, common::engine(), common::bot::settings(), wrong);
    let err = bot
        .stopped()
        .await
        .expect_err("GET /gateway/bot answers 401");
    assert!(matches!(err, versus::gateway::BotError::Token), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(wrong));
    let r = standin.record();
    assert!(r.identifies.is_empty(), "stopped before the gateway");
    assert!(r
        .calls
        .iter()
        .any(|c| c.path.ends_with("/gateway/bot") && c.status == 401));
}
