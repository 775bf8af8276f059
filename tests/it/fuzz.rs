//! Property tests standing in for fuzzing in CI: loading any faq/ content reports problems and
//! never panics; any Discord message text is parsed and answered without a panic, and the
//! question it yields is bounded. Longer runs:
//! `PROPTEST_CASES=100000 cargo test --release --test it fuzz::`.

use crate::common;

use proptest::prelude::*;
use versus_core::engine::text::{self, MAX_QUESTION_CHARS};
use versus_core::knowledge;
use versus_discord::command::Invocation;
use versus_discord::message::{message_request, strip_mention, Incoming, Listening};

/// The bot's user id in the message properties.
const BOT: u64 = 111111111111111111;

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

/// A piece of a Discord message: mentions of the bot and others, zero-width and right-to-left
/// marks, emoji (some joined by zero-width joiners), code fences, the words the bot looks for,
/// and anything printable.
fn message_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(format!("<@{BOT}>")),
        Just(format!("<@!{BOT}>")),
        Just(format!("<@{BOT}")),
        Just("<@123> <@!456> <@&789> <#1011> @everyone @here".to_string()),
        Just("\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}".to_string()),
        Just("\u{202E}\u{200F}\u{202B}\u{2067}\u{061C}".to_string()),
        Just("🔥👨‍👩‍👧‍👦🏳️‍🌈🇩🇪".to_string()),
        Just("```rust\nfn main() {}\n```".to_string()),
        Just("```".to_string()),
        Just("`tf.keras`".to_string()),
        Just("TensorFlow".to_string()),
        Just("pytorch".to_string()),
        Just(" or ".to_string()),
        Just("?".to_string()),
        Just("which".to_string()),
        Just("\n\t  ".to_string()),
        "\\PC{0,200}",
        "\\PC{0,2000}",
    ]
}

/// Up to 4000 characters of message pieces (Discord's limit for Nitro users).
fn message_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(message_piece(), 0..40)
        .prop_map(|pieces| pieces.concat().chars().take(4000).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_message_text_is_parsed_and_answered_with_a_bounded_question(
        content in message_text(),
        in_guild in any::<bool>(),
        mentioned in any::<bool>(),
        auto_answer in any::<bool>(),
    ) {
        let (plain, nick) = (format!("<@{BOT}>"), format!("<@!{BOT}>"));
        let stripped = strip_mention(&content, BOT);
        prop_assert!(!stripped.contains(&plain) && !stripped.contains(&nick));
        prop_assert!(stripped.chars().count() <= content.chars().count());
        let _ = common::engine().reads_like_question(&content);

        let incoming = Incoming {
            author_id: 7,
            author_is_bot: false,
            guild_id: in_guild.then_some(1),
            channel_id: 2,
            role_ids: Vec::new(),
            content: &content,
            mentioned_user_ids: if mentioned { vec![BOT] } else { Vec::new() },
        };
        let listening = Listening {
            auto_answer_channel_ids: if auto_answer { vec![2] } else { Vec::new() },
            message_content_intent: auto_answer,
        };
        let asks = |text: &str| common::engine().reads_like_question(text);
        let Some((caller, invocation, _)) = message_request(&incoming, BOT, &listening, asks) else {
            // Only a guild message that neither mentions the bot nor is auto-answered is left.
            prop_assert!(in_guild && !mentioned && !content.contains(&plain));
            return Ok(());
        };
        prop_assert_eq!(caller.user_id, 7);
        let Invocation::Mention { text: question } = invocation else {
            return Err(TestCaseError::fail("a message is always a mention invocation"));
        };
        prop_assert_eq!(&question, &stripped);
        prop_assert!(text::clean(&question).chars().count() <= MAX_QUESTION_CHARS);
        let answer = common::engine().ask(&question);
        prop_assert_eq!(answer.answered, !answer.citations.is_empty());
    }
}
