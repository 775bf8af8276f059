//! Property tests standing in for fuzzing in CI: loading any faq/ content reports problems and
//! never panics. Longer runs: `PROPTEST_CASES=100000 cargo test --release --test fuzz`.

mod common;

use proptest::prelude::*;
use versus::knowledge;

fn faq_with(extra: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["sources.toml", "topics.toml"] {
        std::fs::copy(common::repo_faq().join(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("fuzz.toml"), extra).unwrap();
    dir
}

fn toml_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("source = \"002_68135ce4d2c9eef8\"\n".to_string()),
        Just("[[row]]\n".to_string()),
        Just("[[faq]]\n".to_string()),
        Just("[[pick]]\n".to_string()),
        Just("[[story]]\n".to_string()),
        Just("[row]\n".to_string()),
        Just("row = 1\n".to_string()),
        "[a-z_]{1,12}".prop_map(|k| format!("{k} = \"v\"\n")),
        Just("id = \"x-1\"\n".to_string()),
        Just("id = \"\"\n".to_string()),
        Just("id = 12\n".to_string()),
        Just("topics = [\"mobile\"]\n".to_string()),
        Just("topics = []\n".to_string()),
        Just("topics = [1, \"nope\"]\n".to_string()),
        Just("pick = \"tensorflow\"\n".to_string()),
        Just("winner = \"maybe\"\n".to_string()),
        Just("as_of = \"May\"\n".to_string()),
        Just("reason = \"\"\"multi\nline\"\"\"\n".to_string()),
        Just("text = 'lit'\n".to_string()),
        Just("feature = \"F\"\ntable = \"T\"\n".to_string()),
        Just("tensorflow = \"a\"\npytorch = \"b\"\n".to_string()),
        "\\PC{0,40}",
        Just("\"unterminated\n".to_string()),
        Just("x = [[[\n".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_in_a_faq_file_give_problems_or_knowledge_never_a_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..2000)
    ) {
        let dir = faq_with(&bytes);
        if let Err(problems) = knowledge::load_dir(dir.path()) {
            prop_assert!(!problems.is_empty());
            prop_assert!(problems.iter().all(|p| p.line >= 1 && !p.message.is_empty()));
        }
    }

    #[test]
    fn any_mix_of_toml_pieces_gives_problems_or_knowledge_never_a_panic(
        pieces in proptest::collection::vec(toml_piece(), 0..40)
    ) {
        let text = pieces.concat();
        let dir = faq_with(text.as_bytes());
        let lines = text.lines().count().max(1);
        match knowledge::load_dir(dir.path()) {
            Ok(k) => prop_assert!(k.sources.len() == 5),
            Err(problems) => {
                for p in &problems {
                    prop_assert!(p.line >= 1);
                    if p.file.ends_with("fuzz.toml") {
                        prop_assert!(p.line <= lines + 1, "line {} of {}: {}", p.line, lines, p);
                    }
                }
            }
        }
    }
}
