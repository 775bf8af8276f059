//! No question, however hostile, makes the engine fail or the CLI print anything but an answer.

use crate::common;

use proptest::prelude::*;

fn nasty() -> Vec<String> {
    let mut q: Vec<String> = [
        "",
        " ",
        "\0\0\0",
        "-pytorch",
        "tensorflow -pytorch",
        "\"mobile",
        "TensorFlow OR PyTorch \"for\" (mobile",
        "title:mobile AND body:*",
        "a:b:c:d [1 TO 5] {x} ~2 ^3 \\ /regex/",
        "@everyone which is better",
        "@here <@123> <@!456> <@&789> <#1011> pytorch or tensorflow?",
        "<a:party:12345> <:tf:999> </ask:1> <t:1700000000:R>",
        "```rust\nfn main() {}\n``` tensorflow or pytorch",
        "**bold** __under__ ~~strike~~ ||spoiler|| > quote # heading",
        "https://example.com/?q=tensorflow+or+pytorch www.example.org",
        "pyt\u{200B}orch or tensor\u{200D}flow for mo\u{2060}bile",
        "\u{202E}hcrotyp ro wolfrosnet\u{202C}",
        "\u{FEFF}\u{00AD}mobile",
        "التعلم العميق tensorflow أو pytorch",
        "テンソルフローかパイトーチか",
        "¿TensorFlow o PyTorch para móviles?",
        "Ｔｅｎｓｏｒｆｌｏｗ　ｏｒ　ｐｙｔｏｒｃｈ",
        "ﬁne-tuning ﬂows",
        "e\u{301}\u{301}\u{301}\u{301}\u{301}\u{301}",
        "Z̷̡̧̛̛͓̘̪̯̥̙͎̮̫̞̻̥̰͔̤͎̪̫̠̜̙͇̦̖̱̫̓̿̓̀̈́̑̓͋͂̿̍̀͒̄́̾͗̓̆̚͘͘̕͝͝a̸l̸g̸o̸",
        "\r\n\r\n\t\t",
        "DROP TABLE faq; -- tensorflow",
        "%s%s%s%n {0} {{}} ${jndi:ldap://x}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    q.push("🔥".repeat(4000));
    q.push("a".repeat(4000));
    q.push("tensorflow ".repeat(400));
    q.push("pytorch or tensorflow for mobile? ".repeat(120));
    q.push("x".repeat(100_000));
    q.push("é".repeat(4000));
    q
}

#[test]
fn the_engine_answers_every_nasty_question_without_failing() {
    let engine = common::engine();
    for q in nasty() {
        let a = engine.ask(&q);
        assert_eq!(a.question, q);
        if a.answered {
            assert!(!a.citations.is_empty(), "answered with no citations: {q:?}");
        } else {
            assert!(
                !a.known_topics.is_empty(),
                "unanswered without topics: {q:?}"
            );
            assert!(a.verdict.is_none());
        }
        for c in &a.citations {
            assert!(!c.snippet.is_empty() && !c.source.is_empty());
        }
    }
}

#[test]
fn query_syntax_is_not_interpreted() {
    let engine = common::engine();
    // "-pytorch" must not exclude PyTorch, and an open quote must not empty the results.
    let a = engine.ask("TensorFlow OR PyTorch \"for\" (mobile");
    assert_eq!(a.verdict.map(|v| v.as_str()), Some("tensorflow"));
    let a = engine.ask("-pytorch for research");
    assert_eq!(a.verdict.map(|v| v.as_str()), Some("pytorch"));
}

#[test]
fn mentions_are_not_part_of_the_question() {
    let engine = common::engine();
    let a = engine.ask("@everyone <@&42> pytorch or tensorflow for research");
    assert_eq!(a.verdict.map(|v| v.as_str()), Some("pytorch"));
    assert_eq!(a.topic.as_deref(), Some("research"));
}

#[test]
fn the_cli_prints_an_answer_for_every_nasty_question() {
    let s = common::Scratch::new();
    let batch: String = nasty()
        .iter()
        .map(|q| q.replace(['\n', '\r'], " "))
        .collect::<Vec<_>>()
        .join("\n");
    let out = s.versus_with_stdin(&["ask", "--json"], Some(&batch));
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), nasty().len());
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        assert!(v["answered"].is_boolean());
    }
    for q in ["-pytorch", "\"", "@everyone", &"🔥".repeat(4000)] {
        let out = s.versus(&["ask", q]);
        assert!(out.status.success(), "{q:?}: {}", common::stderr(&out));
        assert!(!common::stdout(&out).trim().is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_text_up_to_4000_chars_gets_an_answer(q in "\\PC{0,4000}") {
        let a = common::engine().ask(&q);
        prop_assert_eq!(a.answered, !a.citations.is_empty());
    }

    #[test]
    fn any_mix_of_known_words_and_syntax_gets_an_answer(
        words in proptest::collection::vec(
            prop_oneof![
                Just("tensorflow"), Just("pytorch"), Just("or"), Just("vs"), Just("mobile"),
                Just("\""), Just("-"), Just("("), Just("*"), Just("AND"), Just("@everyone"),
                Just("<@1>"), Just("🔥"), Just("which"), Just("tpu"), Just("résearch"),
            ],
            0..60,
        )
    ) {
        let q = words.join(" ");
        let a = common::engine().ask(&q);
        prop_assert_eq!(a.answered, !a.citations.is_empty());
        prop_assert!(a.citations.len() <= versus_core::engine::MAX_CITATIONS);
    }
}
