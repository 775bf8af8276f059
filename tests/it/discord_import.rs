//! `/import` end to end: the real serenity bot against the Discord stand-in, which serves the
//! attachment itself, and `versus serve`'s `/interactions` with its follow-up and attachment on
//! a loopback recorder. An admin's import lands in faq/, is reindexed and cited; a member, an
//! oversize file (declared or actual), a foreign host and a wrong extension are refused with
//! nothing changed.

use crate::common;

use versus::startup::Services;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use common::bot::{self, Bot};
use common::payloads::{self, string_option, File, Who, MEMBER_ID};
use common::recorder::Recorder;
use common::server::{self, TestServer, FIXTURE_USER};
use common::standin::{Endpoint, Options, StandIn};
use common::Scratch;
use versus_core::engine::Engine;
use versus_discord::attachment::Attachment;
use versus_discord::command::{Args, Invocation};

const ADMIN_USER: u64 = 80351110224678912;
/// A question only the speech article answers (tests/it/import.rs asks it after a CLI import).
const SPEECH_QUESTION: &str = "Which is better for speech recognition in 2026?";
const ROBOTICS_QUESTION: &str = "Which framework is better for robotics?";

fn article(name: &str) -> Vec<u8> {
    std::fs::read(common::import_data().join(name)).unwrap()
}

/// Every file of `dir` with its contents, to show nothing changed.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

async fn started(scratch: &Scratch) -> (StandIn, Bot, Arc<Engine>) {
    let (engine, _) = Engine::open(&scratch.faq(), &scratch.index()).unwrap();
    let engine = Arc::new(engine);
    let standin = StandIn::start_with(Options::default()).await;
    let bot = bot::start(&standin, engine.clone(), bot::settings());
    standin.wait_ready(1).await;
    (standin, bot, engine)
}

async fn finish(standin: &StandIn, bot: Bot) {
    bot.stop().await.expect("the bot stops cleanly");
    let r = standin.record();
    assert!(
        r.unexpected.is_empty(),
        "unexpected calls: {:#?}",
        r.unexpected
    );
}

/// Sends `/import` as `who` and returns the reply's first embed: the `@original` edit for an
/// admin (deferred first), the callback itself for anyone else.
async fn import(standin: &StandIn, file: &File, force: Option<bool>, who: &Who) -> Value {
    let sent = standin.interact(payloads::import(file, force, who));
    let call = standin.callback(&sent).await;
    assert_eq!(call.status, 204);
    if call.body["type"] == 5 {
        assert_eq!(call.body, json!({ "type": 5, "data": { "flags": 64 } }));
        let edit = standin.edit_original(&sent).await;
        assert_eq!(edit.status, 200);
        assert_eq!(edit.body["allowed_mentions"], json!({ "parse": [] }));
        edit.body["embeds"][0].clone()
    } else {
        assert_eq!(call.body["data"]["flags"], 64, "refusals are ephemeral");
        call.body["data"]["embeds"][0].clone()
    }
}

/// The sources `question`'s answer cites, read from the answer embed the bot sent.
async fn cited(standin: &StandIn, question: &str) -> Vec<String> {
    let sent = standin.interact(payloads::slash(
        "ask",
        vec![string_option("question", question)],
        &Who::member(MEMBER_ID),
    ));
    let call = standin.callback(&sent).await;
    call.body["data"]["embeds"][0]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["value"].as_str()?.rsplit('`').nth(1).map(str::to_string))
        .collect()
}

fn field<'a>(embed: &'a Value, prefix: &str) -> &'a str {
    embed["fields"]
        .as_array()
        .and_then(|fs| {
            fs.iter()
                .find(|f| f["name"].as_str().is_some_and(|n| n.starts_with(prefix)))
        })
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {prefix:?} in {embed}"))
}

fn attachment_gets(standin: &StandIn) -> usize {
    standin.record().to(Endpoint::Attachment).len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admins_import_is_written_reindexed_and_cited() {
    let scratch = Scratch::new();
    let (standin, bot, engine) = started(&scratch).await;
    let before = engine.brain().generation.number;
    assert!(!cited(&standin, SPEECH_QUESTION)
        .await
        .contains(&"speech".to_string()));

    let bytes = article("speech.md");
    let file = File {
        id: 1100000000000000021,
        filename: "speech.md".into(),
        size: bytes.len() as u64,
        url: standin.host_attachment("speech.md", bytes),
    };
    let admin = Who::admin(ADMIN_USER);
    let e = import(&standin, &file, None, &admin).await;
    assert_eq!(e["title"], "Imported speech.md", "{e}");
    let description = e["description"].as_str().unwrap();
    assert!(description.contains("faq/speech.toml"), "{description}");
    assert!(field(&e, "Found").contains(" row"), "{e}");
    assert!(field(&e, "Reindex").contains("is live"), "{e}");
    assert!(field(&e, "Time").contains("total"), "{e}");
    field(&e, "Not placed");
    assert!(scratch.faq().join("speech.toml").exists());
    assert_eq!(engine.brain().generation.number, before + 1);
    let cites = cited(&standin, SPEECH_QUESTION).await;
    assert!(cites.contains(&"speech".to_string()), "{cites:?}");

    // Again without force: refused, naming the file relative to faq/, and nothing changes.
    let written = snapshot(&scratch.faq());
    let e = import(&standin, &file, None, &admin).await;
    let d = e["description"].as_str().unwrap();
    assert!(d.contains("faq/speech.toml already exists"), "{d}");
    assert!(d.contains("force"), "{d}");
    let scratch_path = scratch.dir.path().to_string_lossy().into_owned();
    assert!(
        !e.to_string().contains(&scratch_path),
        "no server paths: {e}"
    );
    assert_eq!(snapshot(&scratch.faq()), written);
    assert_eq!(engine.brain().generation.number, before + 1);

    // With force: replaced.
    let e = import(&standin, &file, Some(true), &admin).await;
    assert!(
        e["description"].as_str().unwrap().contains("replacing"),
        "{e}"
    );
    assert_eq!(
        attachment_gets(&standin),
        3,
        "one download per admin import"
    );
    finish(&standin, bot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_oversize_files_foreign_hosts_and_other_files_are_refused() {
    let scratch = Scratch::new();
    let (standin, bot, engine) = started(&scratch).await;
    let before = (snapshot(&scratch.faq()), engine.brain().generation.number);
    let bytes = article("robotics.html");
    let url = standin.host_attachment("robotics.html", bytes.clone());
    let good = File {
        id: 1100000000000000031,
        filename: "robotics.html".into(),
        size: bytes.len() as u64,
        url: url.clone(),
    };
    let admin = Who::admin(ADMIN_USER);

    let e = import(&standin, &good, None, &Who::member(MEMBER_ID)).await;
    assert!(
        e["description"]
            .as_str()
            .unwrap()
            .contains("Only versus admins"),
        "{e}"
    );

    let declared = File {
        size: 2 * 1024 * 1024,
        ..good.clone()
    };
    let e = import(&standin, &declared, None, &admin).await;
    assert!(e.to_string().contains("over the limit"), "{e}");

    let foreign_host = File {
        url: url.replace("127.0.0.1", "localhost"),
        ..good.clone()
    };
    let e = import(&standin, &foreign_host, None, &admin).await;
    assert!(
        e.to_string()
            .contains("not on Discord's attachment hosts or the hosts allowed"),
        "{e}"
    );
    let elsewhere = File {
        url: "https://files.example.net/robotics.html".into(),
        ..good.clone()
    };
    let e = import(&standin, &elsewhere, None, &admin).await;
    assert!(e.to_string().contains("attachment hosts"), "{e}");

    let pdf = File {
        filename: "robotics.pdf".into(),
        ..good.clone()
    };
    let e = import(&standin, &pdf, None, &admin).await;
    assert!(e.to_string().contains(".html, .htm, .md"), "{e}");
    assert_eq!(
        attachment_gets(&standin),
        0,
        "nothing was downloaded so far"
    );

    // Declared small, served large: the download stops at the limit.
    let mut big = bytes.clone();
    while big.len() <= 1024 * 1024 {
        big.extend_from_slice(&bytes);
    }
    let lying = File {
        url: standin.host_attachment("robotics.html", big),
        ..good.clone()
    };
    let e = import(&standin, &lying, None, &admin).await;
    assert!(e.to_string().contains("over the limit"), "{e}");
    assert_eq!(attachment_gets(&standin), 1);

    assert_eq!(
        (snapshot(&scratch.faq()), engine.brain().generation.number),
        before,
        "nothing changed"
    );
    finish(&standin, bot).await;
}

#[tokio::test]
async fn versus_serve_imports_an_attachment_and_finishes_with_a_follow_up() {
    let discord = Recorder::start().await;
    let scratch = Scratch::new();
    let (engine, _) = Engine::open(&scratch.faq(), &scratch.index()).unwrap();
    let engine = Arc::new(engine);
    let settings = versus::config::Discord {
        ask_cooldown_secs: 0,
        admin_user_ids: vec![FIXTURE_USER],
        ..versus::config::Discord::default()
    };
    let app = Services::builder(engine.clone(), &settings)
        .api_base(discord.base())
        .build()
        .app();
    let mut options = server::options();
    options.discord_api_base = discord.base();
    let s = TestServer::with_app(options, Arc::new(app)).await;

    let bytes = article("robotics.html");
    let url = discord.host("/attachments/1/2/robotics.html", bytes.clone());
    let mut interaction = server::command("import", &[]);
    interaction["data"]["options"] = json!([{ "type": 11, "name": "file", "value": "77" }]);
    interaction["data"]["resolved"] = json!({ "attachments": { "77": {
        "id": "77", "filename": "robotics.html", "size": bytes.len(), "url": url,
        "proxy_url": url, "content_type": "text/html; charset=utf-8"
    }}});
    let response = s.interact(&interaction).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({ "type": 5, "data": { "flags": 64 } }));

    let seen = discord.wait_for(2, Duration::from_secs(30)).await;
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("GET", "/attachments/1/2/robotics.html")
    );
    assert_eq!(seen[1].method, "PATCH");
    let e = &seen[1].body["embeds"][0];
    assert_eq!(e["title"], "Imported robotics.html", "{e}");
    assert!(scratch.faq().join("robotics.toml").exists());
    let answer = engine.ask(ROBOTICS_QUESTION);
    assert!(
        answer.citations.iter().any(|c| c.source == "robotics"),
        "{:?}",
        answer.citations
    );
    s.stop().await.unwrap();
}

#[test]
fn serenity_hands_the_resolved_attachment_to_the_parser() {
    let file = File {
        id: 1100000000000000041,
        filename: "speech.md".into(),
        size: 5120,
        url: "https://cdn.discordapp.com/attachments/1/2/speech.md?ex=1&hm=2".into(),
    };
    let payload = payloads::import(&file, Some(true), &Who::admin(ADMIN_USER));
    let interaction = serde_json::from_value(payload).expect("serenity accepts the payload");
    let (_, caller, invocation) =
        versus::gateway::handler::read_interaction(&interaction).expect("a command");
    assert_eq!(caller.user_id, ADMIN_USER);
    let want = Args::with("force", "true").with_attachment(
        "file",
        Attachment {
            filename: file.filename.clone(),
            size: file.size,
            url: file.url.clone(),
            content_type: Some("text/plain; charset=utf-8".into()),
        },
    );
    assert_eq!(invocation, Invocation::slash("import", want));
}

/// The reply to a slow interaction: deferred (ephemeral) first, then the `@original` edit.
async fn deferred_reply(standin: &StandIn, sent: &common::standin::Sent) -> Value {
    let call = standin.callback(sent).await;
    assert_eq!(call.status, 204);
    assert_eq!(call.body, json!({ "type": 5, "data": { "flags": 64 } }));
    let edit = standin.edit_original(sent).await;
    assert_eq!(edit.status, 200);
    assert_eq!(edit.body["allowed_mentions"], json!({ "parse": [] }));
    edit.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_by_url_proposes_a_topic_that_its_button_adds_so_the_subject_is_answered() {
    const GENOMICS_QUESTION: &str = "Which framework is better for genomics?";
    let scratch = Scratch::new();
    let (standin, bot, engine) = started(&scratch).await;
    let admin = Who::admin(ADMIN_USER);
    // The stand-in's origin is the one loopback origin the downloader lets through.
    let url = standin.host_attachment("genomics.md", article("genomics.md"));
    let sent = standin.interact(payloads::slash(
        "import",
        vec![string_option("url", &url)],
        &admin,
    ));
    let body = deferred_reply(&standin, &sent).await;
    let e = &body["embeds"][0];
    assert_eq!(e["title"], "Imported genomics.md", "{e}");
    assert!(field(e, "Placed").contains("genomics.md:"), "{e}");
    assert!(field(e, "New topic: genomics").contains("genomics"), "{e}");
    let button = &body["components"][0]["components"][0];
    assert_eq!(button["label"], "Add topic", "{body}");
    let custom_id = button["custom_id"].as_str().unwrap().to_string();
    let k = versus_core::knowledge::load_dir(&scratch.faq()).unwrap();
    assert_eq!(
        k.source("genomics").unwrap().origin,
        url,
        "the URL is the origin"
    );
    assert!(k.topic("genomics").is_none(), "not added before the click");
    // Not answered from the article yet: its pick (guessed "overall") is never the lead.
    let cites = cited(&standin, GENOMICS_QUESTION).await;
    assert_ne!(
        cites.first().map(String::as_str),
        Some("genomics"),
        "{cites:?}"
    );

    // A member's click is refused at once, and changes nothing.
    let topics = std::fs::read(scratch.faq().join("topics.toml")).unwrap();
    let sent = standin.interact(payloads::button(&custom_id, &Who::member(MEMBER_ID)));
    let call = standin.callback(&sent).await;
    assert!(
        call.body.to_string().contains("Only versus admins"),
        "{}",
        call.body
    );
    assert_eq!(
        std::fs::read(scratch.faq().join("topics.toml")).unwrap(),
        topics
    );

    let generation = engine.brain().generation.number;
    let sent = standin.interact(payloads::button(&custom_id, &admin));
    let body = deferred_reply(&standin, &sent).await;
    assert_eq!(body["embeds"][0]["title"], "Added topic genomics", "{body}");
    assert_eq!(engine.brain().generation.number, generation + 1);
    let k = versus_core::knowledge::load_dir(&scratch.faq()).unwrap();
    assert!(k.topic("genomics").is_some());
    let cites = cited(&standin, GENOMICS_QUESTION).await;
    assert_eq!(
        cites.first().map(String::as_str),
        Some("genomics"),
        "{cites:?}"
    );

    // A second click finds nothing left to add.
    let sent = standin.interact(payloads::button(&custom_id, &admin));
    let body = deferred_reply(&standin, &sent).await;
    assert!(body.to_string().contains("Nothing to add"), "{body}");
    finish(&standin, bot).await;
}
