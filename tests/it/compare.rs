//! `compare` over the shipped knowledge, in all three places it is offered (the CLI, `/compare`
//! in Discord through the stand-in, `GET /api/compare`): a feature no row covers says so and
//! offers feature names; the articles' row labels in other wordings still find their rows.

use crate::common;

use serde_json::Value;

use common::bot;
use common::payloads::{self, string_option, Who, MEMBER_ID};
use common::server::TestServer;
use common::standin::StandIn;

/// Features no source has a row for, in several shapes: a generic word, a word no source
/// knows beside a known one, another subject altogether.
const NONSENSE: &[&str] = &[
    "nonsense feature",
    "feature",
    "best hiking boots",
    "pizza toppings",
    "mobile blorp",
    "zyzzyva",
];

/// Row labels of the articles in other words, and a word the matched label must contain.
const REWORDED: &[(&str, &str)] = &[
    ("stars on github", "github"),
    ("github star count", "github"),
    ("multi gpu training", "distributed"),
    ("ease of learning", "learning"),
    ("mobile deployment", "mobile"),
    ("serving", "serving"),
    ("javascript", "browser"),
    ("tpu support", "tpu"),
];

fn json_of(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", common::stderr(out));
    serde_json::from_str(&common::stdout(out)).expect("one JSON object")
}

#[test]
fn the_cli_says_a_nonsense_feature_matches_nothing_and_offers_features() {
    let scratch = common::Scratch::new();
    for &f in NONSENSE {
        let c = json_of(&scratch.versus(&["compare", "--json", f]));
        assert_eq!(c["rows"].as_array().map(Vec::len), Some(0), "{f}: {c}");
        assert!(c["matched"].is_null(), "{f}: {c}");
        let offered = c["suggestions"].as_array().cloned().unwrap_or_default();
        assert!(!offered.is_empty() && offered.len() <= 5, "{f}: {c}");
        let text = common::stdout(&scratch.versus(&["compare", f]));
        assert!(text.contains("No comparison row matches"), "{f}: {text}");
        assert!(text.contains("Try one of these features:"), "{f}: {text}");
        assert!(!text.contains("TensorFlow:"), "{f}: no row printed: {text}");
    }
    // The misspelt feature next to nonsense is offered by its own name.
    let c = json_of(&scratch.versus(&["compare", "--json", "blorp serving"]));
    let offered = c["suggestions"].to_string().to_lowercase();
    assert!(offered.contains("serving"), "{c}");
}

#[test]
fn the_articles_row_labels_in_other_words_still_match() {
    let scratch = common::Scratch::new();
    for &(f, label) in REWORDED {
        let c = json_of(&scratch.versus(&["compare", "--json", f]));
        assert!(!c["rows"].as_array().unwrap().is_empty(), "{f}: {c}");
        let matched = c["matched"].as_str().unwrap_or("").to_lowercase();
        assert!(matched.contains(label), "{f}: matched {matched}");
        assert_eq!(c["suggestions"], serde_json::json!([]), "{f}");
    }
}

#[tokio::test]
async fn the_api_says_a_nonsense_feature_matches_nothing() {
    let s = TestServer::answering().await;
    for &f in NONSENSE {
        let r = s
            .get(&format!("/api/compare?feature={}", f.replace(' ', "%20")))
            .await;
        assert_eq!(r.status(), 200);
        let c: Value = r.json().await.unwrap();
        assert_eq!(c["rows"], serde_json::json!([]), "{f}: {c}");
        assert!(!c["suggestions"].as_array().unwrap().is_empty(), "{f}: {c}");
    }
    let c: Value = s
        .get("/api/compare?feature=stars%20on%20github")
        .await
        .json()
        .await
        .unwrap();
    assert!(!c["rows"].as_array().unwrap().is_empty(), "{c}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_compare_of_a_nonsense_feature_says_nothing_matches() {
    let standin = StandIn::start().await;
    let bot = bot::start(&standin, common::engine(), bot::settings());
    standin.wait_ready(1).await;
    let who = Who::member(MEMBER_ID);
    for (feature, rows) in [("nonsense feature", false), ("stars on github", true)] {
        let sent = standin.interact(payloads::slash(
            "compare",
            vec![string_option("feature", feature)],
            &who,
        ));
        let call = standin.callback(&sent).await;
        let embed = &call.body["data"]["embeds"][0];
        let fields = embed["fields"].as_array().map_or(0, Vec::len);
        if rows {
            assert!(fields > 0, "{feature}: {embed}");
        } else {
            assert_eq!(embed["title"], "Nothing to compare", "{feature}: {embed}");
            assert_eq!(fields, 0, "{feature}: {embed}");
            let d = embed["description"].as_str().unwrap_or("");
            assert!(d.contains("Try one of these features:"), "{d}");
        }
    }
    bot.stop().await.expect("the bot stops cleanly");
    assert!(standin.record().unexpected.is_empty());
}
