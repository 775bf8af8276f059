//! `versus serve`, end to end over loopback: the signed interactions endpoint, the JSON API,
//! the admin reindex, health, metrics, limits and shutdown. Every server here is started
//! through `versus::http::serve`, the function production runs.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use common::recorder::Recorder;
use common::server::{
    self, command, fixture, now_secs, sample, sign, TestServer, ADMIN_TOKEN, FIXTURE_APP,
    FIXTURE_TOKEN,
};
use common::Scratch;
use versus_core::engine::Engine;

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {text:?} (status {status})"));
    (status, value)
}

/// A server over an engine opened from a scratch copy of faq/ (so it can reindex), with the
/// admin token set and follow-ups going to `api_base`.
async fn reindexable(scratch: &Scratch, api_base: Option<String>) -> (TestServer, Arc<Engine>) {
    let (engine, _) = Engine::open(&scratch.faq(), &scratch.index()).unwrap();
    let engine = Arc::new(engine);
    let mut options = server::options();
    options.admin_token = Some(versus::config::Secret::new(ADMIN_TOKEN));
    if let Some(base) = api_base {
        options.discord_api_base = base;
    }
    let server = TestServer::with_app(options, server::app(engine.clone())).await;
    (server, engine)
}

// ---- the interactions endpoint ----

#[tokio::test]
async fn a_signed_ping_is_answered_with_a_pong() {
    let s = TestServer::answering().await;
    let (status, body) = json_of(
        s.interact(&fixture("synthetic_ping_interaction.json"))
            .await,
    )
    .await;
    assert_eq!((status, body), (200, json!({"type": 1})));
}

#[tokio::test]
async fn a_signed_ask_is_answered_inline_with_a_public_verdict() {
    let s = TestServer::answering().await;
    let ask = command(
        "ask",
        &[("question", "TensorFlow or PyTorch for mobile apps?")],
    );
    let (status, body) = json_of(s.interact(&ask).await).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["type"], 4, "CHANNEL_MESSAGE_WITH_SOURCE: {body}");
    assert!(body["data"].get("flags").is_none(), "public: {body}");
    let title = body["data"]["embeds"][0]["title"].as_str().unwrap();
    assert!(title.contains("TensorFlow"), "{title}");
    assert_eq!(body["data"]["allowed_mentions"], json!({"parse": []}));
}

#[tokio::test]
async fn private_replies_carry_the_ephemeral_flag() {
    let s = TestServer::answering().await;
    for name in ["help", "nosuchcommand"] {
        let (status, body) = json_of(s.interact(&command(name, &[])).await).await;
        assert_eq!((status, &body["type"]), (200, &json!(4)), "{name}: {body}");
        assert_eq!(body["data"]["flags"], 64, "{name}: {body}");
    }
}

#[tokio::test]
async fn autocomplete_is_answered_with_choices() {
    let s = TestServer::answering().await;
    let mut auto = fixture("synthetic_autocomplete_interaction.serenity_ok.json");
    auto["data"]["name"] = "compare".into();
    auto["data"]["options"][0]["name"] = "feature".into();
    auto["data"]["options"][0]["value"] = "mobi".into();
    let (status, body) = json_of(s.interact(&auto).await).await;
    assert_eq!((status, &body["type"]), (200, &json!(8)), "{body}");
    let choices = body["data"]["choices"].as_array().unwrap();
    assert!(!choices.is_empty() && choices.len() <= 25, "{body}");
    assert!(
        choices.iter().any(|c| c["name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("mobile")),
        "{body}"
    );
}

#[tokio::test]
async fn a_tampered_body_is_refused() {
    let s = TestServer::answering().await;
    let body = serde_json::to_vec(&fixture("synthetic_ping_interaction.json")).unwrap();
    let signed_at = now_secs();
    let ts = signed_at.to_string();
    let sig = sign(&ts, &body);
    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    let (status, reply) = json_of(s.post_interaction(tampered, Some(&sig), Some(&ts)).await).await;
    assert_eq!(status, 401, "{reply}");
    assert_eq!(reply, json!({"error": "invalid request signature"}));
    // The same signature over another timestamp is no better. Derived from the signed one, not
    // from the clock again: a second ticking in between would make "now - 1" the signed one.
    let other = (signed_at - 1).to_string();
    let r = s.post_interaction(body, Some(&sig), Some(&other)).await;
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn a_stale_or_future_timestamp_is_refused_even_when_signed() {
    let s = TestServer::answering().await;
    let body = serde_json::to_vec(&fixture("synthetic_ping_interaction.json")).unwrap();
    // Far outside the 300 s window, so a second or two ticking before the server reads the
    // timestamp cannot bring it back inside (`now + 301` did, after one second).
    let now = now_secs();
    for ts in [now - 3_600, now + 3_600, 0] {
        let ts = ts.to_string();
        let r = s
            .post_interaction(body.clone(), Some(&sign(&ts, &body)), Some(&ts))
            .await;
        assert_eq!(r.status(), 401, "timestamp {ts}");
    }
}

#[tokio::test]
async fn requests_without_signature_headers_are_refused() {
    let s = TestServer::answering().await;
    let body = serde_json::to_vec(&fixture("synthetic_ping_interaction.json")).unwrap();
    let ts = now_secs().to_string();
    let sig = sign(&ts, &body);
    for (sig, ts) in [
        (None, None),
        (Some(sig.as_str()), None),
        (None, Some(ts.as_str())),
    ] {
        let r = s.post_interaction(body.clone(), sig, ts).await;
        assert_eq!(r.status(), 401, "signature {sig:?}, timestamp {ts:?}");
    }
}

#[tokio::test]
async fn signed_nonsense_is_a_400_with_a_short_reason() {
    let s = TestServer::answering().await;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not JSON", b"{\"type\":".to_vec(), "malformed JSON"),
        ("not UTF-8", vec![0xff, 0xfe, 0x00], "malformed JSON"),
        (
            "button click without its fields",
            serde_json::to_vec(&json!({"type": 3, "id": "1"})).unwrap(),
            "missing field `application_id`",
        ),
        (
            "type 99",
            serde_json::to_vec(&json!({"type": 99})).unwrap(),
            "unsupported interaction type 99",
        ),
    ];
    for (what, body, want) in cases {
        let ts = now_secs().to_string();
        let sig = sign(&ts, &body);
        let (status, reply) = json_of(s.post_interaction(body, Some(&sig), Some(&ts)).await).await;
        assert_eq!(status, 400, "{what}: {reply}");
        let error = reply["error"].as_str().unwrap();
        assert!(
            error.starts_with(want) && error.len() < 200,
            "{what}: {error}"
        );
    }
}

#[tokio::test]
async fn interactions_are_off_without_a_public_key() {
    let mut options = server::options();
    options.public_key = None;
    let s = TestServer::with_app(options, server::app(common::engine())).await;
    let r = s
        .interact(&fixture("synthetic_ping_interaction.json"))
        .await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn a_reindex_interaction_is_deferred_then_finished_by_a_follow_up() {
    let discord = Recorder::start().await;
    let scratch = Scratch::new();
    let (s, engine) = reindexable(&scratch, Some(discord.base())).await;
    let before = engine.brain().generation.number;

    let (status, body) = json_of(s.interact(&command("reindex", &[])).await).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"type": 5, "data": {"flags": 64}}),
        "deferred, ephemeral"
    );

    let seen = discord.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(seen[0].method, "PATCH");
    assert_eq!(
        seen[0].path,
        format!("/api/v10/webhooks/{FIXTURE_APP}/{FIXTURE_TOKEN}/messages/@original")
    );
    assert_eq!(
        seen[0].body["embeds"][0]["title"], "Reindexed",
        "{:?}",
        seen[0].body
    );
    assert_eq!(seen[0].body["allowed_mentions"], json!({"parse": []}));
    assert_eq!(engine.brain().generation.number, before + 1);
}

#[tokio::test]
async fn a_reindex_interaction_from_a_non_admin_is_refused_in_the_follow_up() {
    let discord = Recorder::start().await;
    let scratch = Scratch::new();
    let (s, engine) = reindexable(&scratch, Some(discord.base())).await;
    let before = engine.brain().generation.number;
    let mut reindex = command("reindex", &[]);
    reindex["member"]["user"]["id"] = "12345".into();
    reindex["member"]["roles"] = json!([]);
    let (status, _) = json_of(s.interact(&reindex).await).await;
    assert_eq!(status, 200);
    let seen = discord.wait_for(1, Duration::from_secs(20)).await;
    let text = seen[0].body.to_string();
    assert!(text.contains("Only versus admins"), "{text}");
    assert_eq!(engine.brain().generation.number, before);
}

#[tokio::test]
async fn a_rate_limited_follow_up_is_retried() {
    let discord = Recorder::start().await;
    discord.fail_next(
        429,
        json!({"message": "You are being rate limited.", "retry_after": 0.05, "global": false}),
    );
    let scratch = Scratch::new();
    let (s, _) = reindexable(&scratch, Some(discord.base())).await;
    let (status, _) = json_of(s.interact(&command("reindex", &[])).await).await;
    assert_eq!(status, 200);
    let seen = discord.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(seen[0].path, seen[1].path);
    assert_eq!(seen[1].body["embeds"][0]["title"], "Reindexed");
}

// ---- the JSON API ----

#[tokio::test]
async fn the_json_api_answers_exactly_like_the_cli() {
    let scratch = Scratch::new();
    let (s, _) = reindexable(&scratch, None).await;
    let question = "Which framework should I use for deep learning research?";
    let cli = scratch.versus(&["ask", "--json", question]);
    assert!(cli.status.success(), "{}", common::stderr(&cli));
    let api = s
        .post("/api/ask", &json!({ "question": question }).to_string())
        .await;
    assert_eq!(api.status(), 200);
    assert_eq!(
        api.headers()["content-type"],
        "application/json",
        "content type"
    );
    // The CLI's object, with the answer's id first (what `follow_up_of` names).
    let api = api.text().await.unwrap();
    let cli = common::stdout(&cli);
    let id = api
        .strip_prefix("{\"id\":\"")
        .and_then(|rest| rest.get(..16))
        .unwrap_or_else(|| panic!("no id first: {api}"));
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    assert_eq!(api, format!("{{\"id\":\"{id}\",{}", &cli.trim_end()[1..]));

    let cli = scratch.versus(&["compare", "--json", "Mobile/Edge"]);
    let api = s.get("/api/compare?feature=Mobile%2FEdge").await;
    assert_eq!(api.status(), 200);
    assert_eq!(api.text().await.unwrap(), common::stdout(&cli).trim_end());

    let cli = scratch.versus(&["sources", "--json"]);
    let api = s.get("/api/sources").await;
    assert_eq!(api.status(), 200);
    assert_eq!(api.text().await.unwrap(), common::stdout(&cli).trim_end());
}

#[tokio::test]
async fn an_unanswerable_question_says_so_in_json() {
    let s = TestServer::answering().await;
    let (status, body) = json_of(
        s.post(
            "/api/ask",
            r#"{"question": "what is the best pizza topping?"}"#,
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["answered"], false, "{body}");
    assert_eq!(body["verdict"], Value::Null);
}

#[tokio::test]
async fn api_mistakes_get_short_json_errors() {
    let s = TestServer::answering().await;
    let cases: Vec<(reqwest::Response, u16, &str)> = vec![
        (
            s.post("/api/ask", "{\"question\": ").await,
            400,
            "malformed JSON",
        ),
        (
            s.post("/api/ask", "{\"q\": \"x\"}").await,
            400,
            "malformed JSON: missing field `question`",
        ),
        (
            s.post("/api/ask", "{\"question\": 5}").await,
            400,
            "malformed JSON: invalid type",
        ),
        (
            s.get("/api/compare").await,
            400,
            "missing query parameter `feature`",
        ),
        (s.get("/nope").await, 404, "not found"),
        (s.post("/api/reindex", "").await, 404, "not found"),
    ];
    for (response, want_status, want) in cases {
        let url = response.url().to_string();
        let (status, body) = json_of(response).await;
        assert_eq!(status, want_status, "{url}: {body}");
        let error = body["error"].as_str().unwrap();
        assert!(
            error.starts_with(want) && error.len() < 200,
            "{url}: {error}"
        );
    }
    let wrong_method = s.get("/api/ask").await;
    assert_eq!(wrong_method.headers()["allow"], "POST");
    let (status, body) = json_of(wrong_method).await;
    assert_eq!(
        (status, body),
        (405, json!({"error": "method not allowed"}))
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let mut options = server::options();
    options.max_body_bytes = 1024;
    let s = TestServer::with_app(options, server::app(common::engine())).await;
    let question = "a".repeat(2000);
    let (status, body) = json_of(
        s.post("/api/ask", &json!({ "question": question }).to_string())
            .await,
    )
    .await;
    assert_eq!(
        (status, body),
        (413, json!({"error": "request body too large"}))
    );
    let big = vec![b' '; 2000];
    let ts = now_secs().to_string();
    let sig = sign(&ts, &big);
    let r = s.post_interaction(big, Some(&sig), Some(&ts)).await;
    assert_eq!(r.status(), 413);
    // Under the limit still works.
    let r = s
        .post("/api/ask", r#"{"question": "tf or torch for tpus"}"#)
        .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn hostile_input_gets_a_4xx_and_the_server_keeps_answering() {
    let s = TestServer::answering().await;
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let bodies = [
        deep.clone(),
        format!("{{\"question\": {deep}}}"),
        "\u{0}\u{1}\u{2}".to_string(),
        format!("{{\"question\": \"{}\"}}", "\\ud800"),
        "null".to_string(),
        "[]".to_string(),
    ];
    for body in &bodies {
        let r = s.post("/api/ask", body).await;
        assert_eq!(r.status(), 400, "{:.40}", body);
        let r = s
            .post_interaction(body.clone().into_bytes(), Some("00"), Some("1"))
            .await;
        assert_eq!(r.status(), 401);
    }
    // Questions of every odd shape are answered, not crashed on.
    let odd = [
        String::new(),
        " ".repeat(50),
        "🔥".repeat(3000),
        "h\u{202E}ttps://x <@123> @everyone tf?".to_string(),
        "\u{0}pytorch\u{7}".to_string(),
        "<".repeat(500),
    ];
    for q in &odd {
        let r = s
            .post("/api/ask", &json!({ "question": q }).to_string())
            .await;
        assert_eq!(r.status(), 200, "{:.40}", q);
        let r = s
            .get(&format!("/api/compare?feature={}", urlencode(q)))
            .await;
        assert_eq!(r.status(), 200, "{:.40}", q);
    }
    assert_eq!(s.get("/healthz").await.status(), 200);
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

// ---- reindex over HTTP ----

#[tokio::test]
async fn reindex_needs_the_bearer_token_and_never_echoes_it() {
    let scratch = Scratch::new();
    let (s, engine) = reindexable(&scratch, None).await;
    let before = engine.brain().generation.number;
    let url = s.url("/api/reindex");
    let attempts = [
        None,
        Some("Bearer wrong".to_string()),
        Some(format!("Bearer {ADMIN_TOKEN}x")),
        Some(format!("Basic {ADMIN_TOKEN}")),
    ];
    for auth in attempts {
        let mut request = s.client.post(&url);
        if let Some(a) = &auth {
            request = request.header("authorization", a);
        }
        let r = request.send().await.unwrap();
        assert_eq!(r.status(), 401, "{auth:?}");
        assert_eq!(r.headers()["www-authenticate"], "Bearer");
        let text = r.text().await.unwrap();
        assert!(!text.contains(ADMIN_TOKEN), "{text}");
    }
    assert_eq!(engine.brain().generation.number, before);

    let r = s
        .client
        .post(&url)
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(r).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["generation"], before + 1);
    assert!(body["entries"].as_u64().unwrap() > 100, "{body}");
    assert_eq!(body["sources"], 5);
    assert!(body["counts"]["row"].as_u64().unwrap() > 0, "{body}");
    assert!(body["elapsed_ms"].as_f64().unwrap() > 0.0, "{body}");
    assert_eq!(engine.brain().generation.number, before + 1);
}

#[tokio::test]
async fn a_second_reindex_while_one_runs_is_a_409() {
    let scratch = Scratch::new();
    let (s, engine) = reindexable(&scratch, None).await;
    let before = engine.brain().generation.number;
    let reindex = || {
        s.client
            .post(s.url("/api/reindex"))
            .bearer_auth(ADMIN_TOKEN)
            .send()
    };
    let first = tokio::spawn(reindex());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !building(&scratch) && !first.is_finished() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the reindex never started"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let (second_status, second) = json_of(reindex().await.unwrap()).await;
    let (first_status, _) = json_of(first.await.unwrap().unwrap()).await;
    assert_eq!(first_status, 200);
    if second_status == 409 {
        assert_eq!(second, json!({"error": "a reindex is already running"}));
        assert_eq!(engine.brain().generation.number, before + 1);
    } else {
        // The first had just finished when the second arrived: both ran, one after the other.
        assert_eq!(second_status, 200, "{second}");
        assert_eq!(engine.brain().generation.number, before + 2);
    }
}

#[tokio::test]
async fn reindex_is_off_without_an_admin_token() {
    let s = TestServer::answering().await;
    let r = s
        .client
        .post(s.url("/api/reindex"))
        .bearer_auth("anything")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn a_broken_faq_is_refused_with_its_problems_while_the_old_index_answers() {
    let scratch = Scratch::new();
    let (s, engine) = reindexable(&scratch, None).await;
    let before = engine.brain().generation.number;
    scratch.append(
        "sources.toml",
        "\n[[source]]\nid = \"broken\"\nthis is not toml\n",
    );

    let r = s
        .client
        .post(s.url("/api/reindex"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(r).await;
    assert_eq!(status, 422, "{body}");
    let problems = body["problems"].as_array().unwrap();
    assert!(!problems.is_empty(), "{body}");
    for p in problems {
        let p = p.as_str().unwrap();
        let (_, rest) = p.split_once(".toml:").expect("file:line: message");
        let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
        assert!(line.parse::<usize>().unwrap() > 0, "{p}");
    }
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().contains("sources.toml:")),
        "{body}"
    );
    assert!(body["error"].as_str().unwrap().contains("keeps answering"));

    assert_eq!(engine.brain().generation.number, before);
    let (status, answer) = json_of(
        s.post(
            "/api/ask",
            r#"{"question": "TensorFlow or PyTorch for mobile apps?"}"#,
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(answer["verdict"], "tensorflow", "{answer}");
    assert_eq!(answer["generation"], before);
    let metrics = s.metrics().await;
    assert_eq!(sample(&metrics, "versus_reindex_failures_total"), 1.0);
    assert_eq!(
        sample(&metrics, "versus_reindex_total{outcome=\"invalid\"}"),
        1.0
    );
}

// ---- health, metrics, lifecycle ----

#[tokio::test]
async fn health_is_503_until_an_index_is_loaded() {
    let s = TestServer::start(server::options()).await;
    let (status, body) = json_of(s.get("/healthz").await).await;
    assert_eq!(
        (status, body),
        (503, json!({"status": "loading", "store": "off"}))
    );
    let r = s.post("/api/ask", r#"{"question": "tf?"}"#).await;
    assert_eq!(r.status(), 503);
    let r = s.interact(&command("ask", &[("question", "tf?")])).await;
    assert_eq!(r.status(), 503);
    // A PING needs no index: Discord checks the endpoint when it is saved.
    let r = s
        .interact(&fixture("synthetic_ping_interaction.json"))
        .await;
    assert_eq!(r.status(), 200);
    assert!(s.metrics().await.contains("versus_ready 0\n"));

    let engine = common::engine();
    assert!(s.state.install(server::app(engine.clone())));
    let (status, body) = json_of(s.get("/healthz").await).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": "ok", "generation": engine.brain().generation.number, "store": "off"})
    );
    assert!(s.metrics().await.contains("versus_ready 1\n"));
}

#[tokio::test]
async fn metrics_move_with_traffic() {
    let scratch = Scratch::new();
    let (s, engine) = reindexable(&scratch, None).await;
    let before = s.metrics().await;
    let r = s.get("/metrics").await;
    assert_eq!(
        r.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );

    s.post(
        "/api/ask",
        r#"{"question": "TensorFlow or PyTorch for mobile apps?"}"#,
    )
    .await;
    s.post(
        "/api/ask",
        r#"{"question": "what is the best pizza topping?"}"#,
    )
    .await;
    s.post("/api/ask", "{").await;
    s.interact(&command(
        "ask",
        &[("question", "PyTorch or TensorFlow for research?")],
    ))
    .await;
    s.client
        .post(s.url("/api/reindex"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    let after = s.metrics().await;

    let delta = |series: &str| sample(&after, series) - sample(&before, series);
    assert_eq!(
        delta("versus_http_requests_total{route=\"/api/ask\",status=\"200\"}"),
        2.0
    );
    assert_eq!(
        delta("versus_http_requests_total{route=\"/api/ask\",status=\"400\"}"),
        1.0
    );
    assert_eq!(
        delta("versus_http_requests_total{route=\"/interactions\",status=\"200\"}"),
        1.0
    );
    assert_eq!(
        delta("versus_http_requests_total{route=\"/api/reindex\",status=\"200\"}"),
        1.0
    );
    assert_eq!(
        delta("versus_http_requests_total{route=\"/metrics\",status=\"200\"}"),
        2.0
    );
    assert_eq!(delta("versus_answer_duration_seconds_count"), 3.0);
    assert_eq!(
        delta("versus_answer_duration_seconds_bucket{le=\"+Inf\"}"),
        3.0
    );
    assert!(delta("versus_answer_duration_seconds_sum") > 0.0);
    assert_eq!(delta("versus_answers_total{answered=\"true\"}"), 2.0);
    assert_eq!(delta("versus_answers_total{answered=\"false\"}"), 1.0);
    assert_eq!(delta("versus_verdicts_total{verdict=\"tensorflow\"}"), 1.0);
    assert_eq!(delta("versus_verdicts_total{verdict=\"pytorch\"}"), 1.0);
    assert_eq!(delta("versus_reindex_total{outcome=\"ok\"}"), 1.0);
    assert_eq!(delta("versus_reindex_duration_seconds_count"), 1.0);
    assert_eq!(
        sample(&after, "versus_index_generation"),
        engine.brain().generation.number as f64
    );
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish() {
    let scratch = Scratch::new();
    let (mut s, engine) = reindexable(&scratch, None).await;
    let before = engine.brain().generation.number;
    // A reindex takes long enough (a build on a blocking thread) to still be running when
    // shutdown begins.
    let request = s
        .client
        .post(s.url("/api/reindex"))
        .bearer_auth(ADMIN_TOKEN)
        .send();
    let in_flight = tokio::spawn(request);
    // Begin shutdown once the build is under way (its scratch directory exists).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !building(&scratch) && !in_flight.is_finished() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the reindex never started"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    s.begin_stop();
    let response = in_flight.await.unwrap().unwrap();
    assert_eq!(response.status(), 200);
    s.stop().await.unwrap();
    assert_eq!(engine.brain().generation.number, before + 1);
}

fn building(scratch: &Scratch) -> bool {
    std::fs::read_dir(scratch.index())
        .map(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with(".building"))
        })
        .unwrap_or(false)
}

#[tokio::test]
async fn shutdown_waits_for_an_owed_follow_up() {
    let discord = Recorder::start().await;
    let scratch = Scratch::new();
    let (mut s, _) = reindexable(&scratch, Some(discord.base())).await;
    let (status, _) = json_of(s.interact(&command("reindex", &[])).await).await;
    assert_eq!(status, 200);
    s.begin_stop();
    s.stop().await.unwrap();
    // serve() returned: the follow-up must already have been delivered.
    let seen = discord.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].body["embeds"][0]["title"], "Reindexed");
}

#[test]
fn the_built_binary_serves_health_and_answers_then_stops_on_sigterm() {
    use std::process::{Command, Stdio};
    let scratch = Scratch::new();
    let (mut serve, listen) = scratch.serve_command();
    let mut child = serve
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .expect("versus serve starts");
    let guard = KillOnDrop(child.id());

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let base = format!("http://{listen}");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            match client.get(format!("{base}/healthz")).send().await {
                Ok(r) if r.status() == 200 => break,
                Ok(r) => assert_eq!(r.status(), 503, "only 503 while loading"),
                Err(_) => {}
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "not healthy within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let r = client
            .post(format!("{base}/api/ask"))
            .body(r#"{"question": "PyTorch or TensorFlow for running models in the browser?"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let answer: Value = r.json().await.unwrap();
        assert_eq!(answer["verdict"], "tensorflow", "{answer}");
        let r = client
            .post(format!("{base}/interactions"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "no public key: interactions off");
    });

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = wait_with_timeout(&mut child, Duration::from_secs(20));
    drop(guard);
    let log = common::stderr_of(&mut child);
    assert!(status.success(), "exit {status:?}; log:\n{log}");
    assert!(
        log.contains(&format!("listening on http://{listen}")),
        "{log}"
    );
    assert!(log.contains("shutting down"), "{log}");
}

struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &self.0.to_string()])
                .status();
        }
    }
}

fn wait_with_timeout(
    child: &mut std::process::Child,
    timeout: Duration,
) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("versus serve did not exit within {timeout:?} of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever text arrives as a question, the engine answers instead of panicking.
    #[test]
    fn any_question_is_answered(q in "\\PC{0,300}") {
        let engine = common::engine();
        let _ = engine.ask(&q);
        let _ = engine.compare(&q);
        let _ = engine.suggest(&q, 25);
    }
}

#[test]
fn the_built_binary_exits_with_the_problems_when_there_is_nothing_to_serve() {
    let scratch = Scratch::new();
    scratch.append("sources.toml", "\nthis is not toml\n");
    let out = scratch.versus(&["serve", "--listen", "127.0.0.1:0"]);
    assert!(!out.status.success());
    let err = common::stderr(&out);
    assert!(err.contains("sources.toml:"), "{err}");
    assert!(err.contains("no earlier index"), "{err}");
}
