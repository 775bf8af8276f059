//! `versus check` on broken copies of faq/: every problem is listed as file:line: message, and
//! the exit code says whether the directory is usable.

use crate::common;

use common::{stdout, Scratch};

#[test]
fn a_clean_faq_passes_with_counts() {
    let s = Scratch::new();
    let out = s.versus(&["check"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("5 sources"), "{text}");
    assert!(text.contains("row"), "{text}");
}

#[test]
fn every_problem_in_a_broken_faq_is_listed_with_file_and_line() {
    let s = Scratch::new();
    // Five different mistakes in three files.
    s.append(
        "002_68135ce4d2c9eef8.toml",
        "\n[[row]]\nid = \"002-row-mobile-edge\"\ntable = \"t\"\nfeature = \"Dup\"\ntopics = [\"mobile\"]\ntensorflow = \"a\"\npytorch = \"b\"\n",
    );
    s.append(
        "003_fbe32e3b5112bd98.toml",
        "\n[[pick]]\nid = \"003-new-pick\"\ntopics = [\"quantum\"]\npick = \"jax\"\nreason = \"\"\n",
    );
    s.write(
        "extra.toml",
        "source = \"999_nowhere\"\n[[story\ntext = 1\n",
    );
    let out = s.versus(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let has = |file: &str, needle: &str| {
        lines.iter().any(|l| {
            l.contains(file)
                && l.contains(needle)
                && l.split(':')
                    .nth(1)
                    .is_some_and(|n| n.parse::<usize>().is_ok())
        })
    };
    assert!(
        has(
            "002_68135ce4d2c9eef8.toml",
            "duplicate id `002-row-mobile-edge`"
        ),
        "{text}"
    );
    assert!(
        has("003_fbe32e3b5112bd98.toml", "unknown topic `quantum`"),
        "{text}"
    );
    assert!(
        has("003_fbe32e3b5112bd98.toml", "unknown framework name `jax`"),
        "{text}"
    );
    assert!(has("003_fbe32e3b5112bd98.toml", "empty `reason`"), "{text}");
    assert!(has("extra.toml", "invalid TOML"), "{text}");
}

#[test]
fn problems_point_at_the_right_line() {
    let s = Scratch::new();
    let path = s.faq().join("004_39257d8a53671d64.toml");
    let original = std::fs::read_to_string(&path).unwrap();
    let line = original.lines().count() + 3;
    s.append(
        "004_39257d8a53671d64.toml",
        "\n[[story]]\nid = \"004-story-x\"\ntopics = [\"nope\"]\ntext = \"x\"\n",
    );
    let text = stdout(&s.versus(&["check"]));
    assert!(
        text.contains(&format!(
            "004_39257d8a53671d64.toml:{}: unknown topic `nope`",
            line + 1
        )),
        "expected line {}: {text}",
        line + 1
    );
}

#[test]
fn check_takes_a_directory_argument() {
    let s = Scratch::new();
    let empty = tempfile::tempdir().unwrap();
    let out = s.versus(&["check", empty.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("missing sources.toml"), "{text}");
    assert!(text.contains("missing topics.toml"), "{text}");
}

#[test]
fn a_huge_file_and_bad_bytes_are_refused_not_read() {
    let s = Scratch::new();
    let big = "# padding\n".repeat(600_000);
    s.write("huge.toml", &big);
    std::fs::write(s.faq().join("latin1.toml"), b"source = \"caf\xe9\"\n").unwrap();
    let text = stdout(&s.versus(&["check"]));
    assert!(text.contains("huge.toml:1: file is"), "{text}");
    assert!(text.contains("latin1.toml:1: not valid UTF-8"), "{text}");
}
