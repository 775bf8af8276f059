//! The command-line contract from design.md: ask (text, --json, stdin batch), compare, sources,
//! eval, and the global options accepted before or after the command.

use crate::common;

use common::{stdout, Scratch};
use serde_json::Value;

fn json(out: &std::process::Output) -> Value {
    assert!(out.status.success(), "{}", common::stderr(out));
    serde_json::from_str(stdout(out).trim()).expect("valid JSON")
}

#[test]
fn ask_json_holds_the_contract_fields() {
    let s = Scratch::new();
    let v = json(&s.versus(&["ask", "--json", "TensorFlow or PyTorch for mobile apps?"]));
    assert_eq!(v["question"], "TensorFlow or PyTorch for mobile apps?");
    assert_eq!(v["answered"], true);
    assert_eq!(v["verdict"], "tensorflow");
    assert_eq!(v["topic"], "mobile");
    assert!(v["answer"].as_str().is_some_and(|a| !a.is_empty()));
    let citations = v["citations"].as_array().unwrap();
    assert!(!citations.is_empty());
    for c in citations {
        for key in ["source", "title", "origin", "snippet"] {
            assert!(
                c[key].as_str().is_some_and(|x| !x.is_empty()),
                "{key} in {c}"
            );
        }
        assert!(c.get("as_of").is_some());
    }
}

#[test]
fn an_unanswerable_question_has_a_null_verdict() {
    let s = Scratch::new();
    let v = json(&s.versus(&["ask", "--json", "What is the capital of France?"]));
    assert_eq!(v["answered"], false);
    assert!(v["verdict"].is_null());
    assert!(!v["known_topics"].as_array().unwrap().is_empty());
}

#[test]
fn ask_reads_one_question_per_line_from_stdin_in_order() {
    let s = Scratch::new();
    let questions = [
        "TensorFlow or PyTorch for mobile apps?",
        "Which framework should I use for deep learning research?",
        "Tell me a joke about cats",
    ];
    let out = s.versus_with_stdin(&["ask", "--json"], Some(&questions.join("\n")));
    assert!(out.status.success());
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for (line, q) in lines.iter().zip(questions) {
        assert_eq!(line["question"], q);
    }
    assert_eq!(lines[0]["verdict"], "tensorflow");
    assert_eq!(lines[1]["verdict"], "pytorch");
    assert_eq!(lines[2]["answered"], false);
}

#[test]
fn ask_for_a_person_shows_the_verdict_and_numbered_citations() {
    let s = Scratch::new();
    let out = s.versus(&[
        "ask",
        "PyTorch or TensorFlow for running models in the browser?",
    ]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("Verdict: TensorFlow"), "{text}");
    assert!(text.contains("[1] "), "{text}");
}

#[test]
fn ask_lang_words_the_answer_in_that_language_and_the_json_says_which() {
    let s = Scratch::new();
    let q = "PyTorch or TensorFlow for running models in the browser?";
    let out = s.versus(&["ask", "--lang", "pt-BR", q]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Veredito: TensorFlow"), "{text}");
    let de = json(&s.versus(&["ask", "--json", "--lang", "de", q]));
    assert_eq!(de["language"], "de");
    assert!(
        de["answer"].as_str().unwrap().starts_with("TensorFlow für"),
        "{de}"
    );
    let en = json(&s.versus(&["ask", "--json", q]));
    assert_eq!(en["language"], "en");
    assert_eq!(
        en["citations"], de["citations"],
        "quotes stay as the articles have them"
    );
    // Without --lang, the question's own language.
    let fr = json(&s.versus(&[
        "ask",
        "--json",
        "Lequel choisir pour le navigateur, TensorFlow ou PyTorch ?",
    ]));
    assert_eq!(fr["language"], "fr", "{fr}");
    let refused = s.versus(&["ask", "--lang", "tlh", q]);
    assert!(!refused.status.success());
    assert!(common::stderr(&refused).contains("en, es, fr, de or pt-BR"));
}

#[test]
fn compare_json_lists_every_sources_row() {
    let s = Scratch::new();
    let v = json(&s.versus(&["compare", "--json", "Mobile/Edge"]));
    assert_eq!(v["feature"], "Mobile/Edge");
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.len() >= 3);
    for r in rows {
        for key in [
            "source",
            "title",
            "origin",
            "feature",
            "tensorflow",
            "pytorch",
        ] {
            assert!(r[key].is_string(), "{key} in {r}");
        }
        assert!(r.get("winner").is_some());
    }
    let out = s.versus(&["compare", "Model Serving"]);
    assert!(stdout(&out).contains("TorchServe"), "{}", stdout(&out));
}

#[test]
fn sources_lists_all_five_with_dates() {
    let s = Scratch::new();
    let v = json(&s.versus(&["sources", "--json"]));
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert!(list.iter().any(|x| x["as_of"] == "2026-03-12"));
    assert!(list
        .iter()
        .all(|x| x["origin"].as_str().unwrap().ends_with(".txt")));
}

#[test]
fn global_options_work_before_and_after_the_command() {
    let s = Scratch::new();
    let faq = s.faq();
    let index = s.index();
    for args in [
        vec![
            "--faq",
            faq.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
            "sources",
        ],
        vec![
            "sources",
            "--faq",
            faq.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_versus"))
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", common::stderr(&out));
        assert_eq!(stdout(&out).lines().count(), 5);
    }
}

#[test]
fn eval_scores_and_enforces_min() {
    let s = Scratch::new();
    let file = s.dir.path().join("eval.toml");
    std::fs::write(
        &file,
        "[[case]]\nid = \"a\"\nq = \"TensorFlow or PyTorch for mobile apps?\"\nverdict = [\"tensorflow\"]\nevidence = \"lite\"\n\n[[case]]\nid = \"b\"\nq = \"TensorFlow or PyTorch for mobile apps?\"\nverdict = [\"pytorch\"]\n",
    )
    .unwrap();
    let out = s.versus(&["eval", file.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("1 of 2 passed"), "{}", stdout(&out));
    let out = s.versus(&["eval", file.to_str().unwrap(), "--min", "0.9"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_config_holding_a_token_is_refused_with_a_clear_message() {
    let s = Scratch::new();
    std::fs::write(
        s.dir.path().join("config.toml"),
        "[discord]\ntoken = \"MTIz.secret.value\"\n",
    )
    .unwrap();
    let out = s.versus(&["sources"]);
    assert!(!out.status.success());
    let err = common::stderr(&out);
    assert!(err.contains("DISCORD_TOKEN"), "{err}");
    assert!(!err.contains("MTIz.secret.value"), "{err}");
}
