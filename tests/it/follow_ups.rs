//! Follow-ups end to end: the gateway bot against the Discord stand-in continues a user's
//! question in the same channel within `follow_up_secs`, and `POST /api/ask` continues the
//! answer its `follow_up_of` names; a help request is pointed to `help_channel_id`.

use crate::common;

use std::time::Duration;

use serde_json::{json, Value};

use common::bot::{self, Bot};
use common::payloads::{self, bot_mention, string_option, Who, MEMBER_ID};
use common::server::{self, TestServer};
use common::standin::{Call, StandIn};
use versus::startup::Services;

const OTHER_USER: u64 = 80351110224678912;
const HELP_CHANNEL: u64 = 112233445566778899;
const PRIOR: &str = "TensorFlow or PyTorch for research?";

async fn started(settings: versus::config::Discord) -> (StandIn, Bot) {
    let standin = StandIn::start().await;
    let bot = bot::start(&standin, common::engine(), settings);
    standin.wait_ready(1).await;
    (standin, bot)
}

async fn finish(standin: &StandIn, bot: Bot) {
    bot.stop().await.expect("the bot stops cleanly");
    assert!(standin.record().unexpected.is_empty());
}

/// `/ask question` from `who` (in `channel`, when given), answered: the callback.
async fn ask_in(standin: &StandIn, question: &str, who: &Who, channel: Option<u64>) -> Call {
    let mut payload = payloads::slash("ask", vec![string_option("question", question)], who);
    if let Some(c) = channel {
        payload["channel_id"] = json!(c.to_string());
    }
    let sent = standin.interact(payload);
    standin.callback(&sent).await
}

async fn ask(standin: &StandIn, question: &str, who: &Who) -> Call {
    ask_in(standin, question, who, None).await
}

fn title(call: &Call) -> String {
    call.body["data"]["embeds"][0]["title"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn description(call: &Call) -> String {
    call.body["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Whether a reply is a verdict on `topic` (its label in the title).
fn verdict_on(call: &Call, framework: &str, topic: &str) -> bool {
    let t = title(call);
    t.starts_with(framework) && t.contains(topic)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_users_next_question_in_the_channel_continues_theirs_and_nobody_elses() {
    let (standin, bot) = started(bot::settings()).await;
    let member = Who::member(MEMBER_ID);
    let first = ask(&standin, PRIOR, &member).await;
    assert!(
        verdict_on(&first, "PyTorch", "research"),
        "{}",
        title(&first)
    );

    // Another user's "why?" has nothing to continue: it is no question of its own.
    let other = ask(&standin, "why?", &Who::member(OTHER_USER)).await;
    assert!(!title(&other).contains("research"), "{}", title(&other));
    assert!(!title(&other).starts_with("PyTorch"), "{}", title(&other));

    // The same user elsewhere neither.
    let elsewhere = ask_in(&standin, "why?", &member, Some(987654321987654321)).await;
    assert!(
        !title(&elsewhere).contains("research"),
        "{}",
        title(&elsewhere)
    );

    // In the same channel, "why?" continues the research question; a topic alone asks the
    // same choice for that topic (which the shipped knowledge also answers alone: "why?" is
    // what shows the continuation).
    let why = ask(&standin, "why?", &member).await;
    assert!(verdict_on(&why, "PyTorch", "research"), "{}", title(&why));
    for q in ["and for mobile?", "ok but what about for mobile"] {
        let mobile = ask(&standin, q, &member).await;
        assert!(
            verdict_on(&mobile, "TensorFlow", "mobile"),
            "{q}: {}",
            title(&mobile)
        );
        assert_eq!(
            mobile.body["data"]["allowed_mentions"],
            json!({ "parse": [] })
        );
    }
    finish(&standin, bot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_continues_the_users_mention_in_that_channel_not_in_their_dms() {
    let (standin, bot) = started(bot::settings()).await;
    let member = Who::member(MEMBER_ID);
    let mention = |q: &str| payloads::message(&format!("{} {q}", bot_mention()), &member, true);
    let reply_title = |call: &Call| {
        call.body["embeds"][0]["title"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let first = standin.reply_to(standin.post(mention(PRIOR))).await;
    assert!(
        reply_title(&first).contains("research"),
        "{}",
        reply_title(&first)
    );
    // The same user in a DM is in another channel: nothing to continue there.
    let dm = standin
        .reply_to(standin.post(payloads::message("why?", &Who::in_dm(MEMBER_ID), false)))
        .await;
    assert!(
        !reply_title(&dm).contains("research"),
        "{}",
        reply_title(&dm)
    );
    let why = standin.reply_to(standin.post(mention("why?"))).await;
    let t = reply_title(&why);
    assert!(t.starts_with("PyTorch") && t.contains("research"), "{t}");
    finish(&standin, bot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_follow_up_secs_a_question_stands_alone() {
    let settings = versus::config::Discord {
        follow_up_secs: 1,
        ..bot::settings()
    };
    let (standin, bot) = started(settings).await;
    let member = Who::member(MEMBER_ID);
    let first = ask(&standin, PRIOR, &member).await;
    assert!(
        verdict_on(&first, "PyTorch", "research"),
        "{}",
        title(&first)
    );
    // The window is one second: past it (a real wait of just over it, no clock tricks).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let why = ask(&standin, "why?", &member).await;
    assert!(!title(&why).contains("research"), "{}", title(&why));
    finish(&standin, bot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declined_help_request_names_the_help_channel_and_pings_nobody() {
    let help = "how do I install tensorflow with cuda on ubuntu?";
    let settings = versus::config::Discord {
        help_channel_id: std::num::NonZeroU64::new(HELP_CHANNEL),
        ..bot::settings()
    };
    let (standin, bot) = started(settings).await;
    let member = Who::member(MEMBER_ID);
    let declined = ask(&standin, help, &member).await;
    let d = description(&declined);
    assert!(d.contains(&format!("<#{HELP_CHANNEL}>")), "{d}");
    assert_eq!(
        declined.body["data"]["allowed_mentions"],
        json!({ "parse": [] })
    );
    // An answered question names no channel.
    let answered = ask(&standin, PRIOR, &member).await;
    assert!(
        !description(&answered).contains("<#"),
        "{}",
        description(&answered)
    );
    finish(&standin, bot).await;

    // Without the setting, the decline names none either.
    let (standin, bot) = started(bot::settings()).await;
    let declined = ask(&standin, help, &member).await;
    assert!(
        title(&declined).contains("don't have an answer"),
        "{}",
        title(&declined)
    );
    assert!(
        !description(&declined).contains("<#"),
        "{}",
        description(&declined)
    );
    finish(&standin, bot).await;
}

// ---- the JSON API ----

async fn api_ask(s: &TestServer, body: Value) -> Value {
    let r = s.post("/api/ask", &body.to_string()).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn api_server_with(follow_up_secs: u64) -> versus_discord::command::App {
    let discord = versus::config::Discord {
        ask_cooldown_secs: 0,
        follow_up_secs,
        ..versus::config::Discord::default()
    };
    Services::builder(common::engine(), &discord).build().app()
}

#[tokio::test]
async fn the_api_returns_an_id_and_follow_up_of_continues_that_answer() {
    let s =
        TestServer::with_app(server::options(), std::sync::Arc::new(api_server_with(600))).await;
    let first = api_ask(&s, json!({ "question": PRIOR })).await;
    let id = first["id"].as_str().expect("an id").to_string();
    assert_eq!(id.len(), 16, "{id}");
    assert_eq!(first["verdict"], "pytorch", "{first}");

    let why = api_ask(&s, json!({ "question": "why?", "follow_up_of": id })).await;
    assert_eq!(
        (&why["verdict"], &why["topic"]),
        (&json!("pytorch"), &json!("research")),
        "{why}"
    );
    assert_eq!(why["question"], "why?");
    assert_ne!(why["id"], first["id"]);
    let mobile = api_ask(
        &s,
        json!({ "question": "and for mobile?", "follow_up_of": id }),
    )
    .await;
    assert_eq!(
        (&mobile["verdict"], &mobile["topic"]),
        (&json!("tensorflow"), &json!("mobile")),
        "{mobile}"
    );

    // "why?" names nothing of its own, so what follows it is still about research.
    let then = api_ask(
        &s,
        json!({ "question": "which one then?", "follow_up_of": why["id"] }),
    )
    .await;
    assert_eq!(
        (&then["verdict"], &then["topic"]),
        (&json!("pytorch"), &json!("research")),
        "{then}"
    );

    // A help request is still declined, whatever it follows.
    let help = api_ask(
        &s,
        json!({ "question": "how do I install it on ubuntu?", "follow_up_of": id }),
    )
    .await;
    assert!(help["verdict"].is_null(), "{help}");
    assert!(
        help["frame"].as_str().unwrap().starts_with("help_"),
        "{help}"
    );

    // Without it, or with an id the API never gave, "why?" stands alone.
    for body in [
        json!({ "question": "why?" }),
        json!({ "question": "why?", "follow_up_of": "00000000000000ff" }),
        json!({ "question": "why?", "follow_up_of": "not an id" }),
        json!({ "question": "why?", "follow_up_of": null }),
    ] {
        let alone = api_ask(&s, body.clone()).await;
        assert!(alone["verdict"].is_null(), "{body}: {alone}");
    }
}

#[tokio::test]
async fn past_follow_up_secs_the_api_asks_afresh() {
    let s = TestServer::with_app(server::options(), std::sync::Arc::new(api_server_with(1))).await;
    let first = api_ask(&s, json!({ "question": PRIOR })).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let why = api_ask(
        &s,
        json!({ "question": "why?", "follow_up_of": first["id"] }),
    )
    .await;
    assert!(why["verdict"].is_null(), "{why}");
}

#[tokio::test]
async fn the_interactions_endpoint_continues_a_users_question_too() {
    let s = TestServer::answering().await;
    let ask = |q: &str| server::command("ask", &[("question", q)]);
    let title = |body: &Value| {
        body["data"]["embeds"][0]["title"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let first: Value = s.interact(&ask(PRIOR)).await.json().await.unwrap();
    assert!(title(&first).contains("research"), "{first}");
    let why: Value = s.interact(&ask("why?")).await.json().await.unwrap();
    assert!(
        title(&why).starts_with("PyTorch") && title(&why).contains("research"),
        "{why}"
    );
}
