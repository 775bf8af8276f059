//! Discord's interaction JSON read into the command layer's terms: a PING, or a command,
//! autocomplete or button click as a [`Caller`] and an [`Invocation`] with the [`InteractionRef`] its reply goes
//! to. Both transports go through [`parse`]: `/interactions` with the (signature-checked) body,
//! the gateway bot with the interaction serenity delivered, written back as JSON.
//!
//! Pure functions over bytes, tested on Discord's documented fixtures.

use std::collections::HashMap;

use serde::{Deserialize, Deserializer};

use crate::attachment::Attachment;
use crate::command::{Args, Caller, Invocation, OptionKind, Via};
use crate::components;
use crate::wire::InteractionType;
use versus_core::l10n::Locale;

/// The longest interaction token accepted (Discord's are a few hundred characters).
const MAX_TOKEN_LEN: usize = 1000;

/// What an interaction asks for.
#[derive(Debug, Clone)]
pub enum Interaction {
    /// Discord checking the endpoint is alive.
    Ping,
    /// A slash command or an autocomplete request.
    Command {
        /// Where a follow-up goes.
        reply_to: InteractionRef,
        /// Who is asking.
        caller: Caller,
        /// What they ask.
        invocation: Invocation,
    },
}

/// Where the reply to an interaction goes: its id (for the callback), and the application
/// and interaction token (for follow-ups and edits of `@original`).
#[derive(Clone, PartialEq, Eq)]
pub struct InteractionRef {
    /// The interaction id.
    pub id: u64,
    /// The application id.
    pub application_id: u64,
    /// The interaction token (valid 15 minutes; kept out of logs).
    pub token: String,
}

impl std::fmt::Debug for InteractionRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InteractionRef")
            .field("id", &self.id)
            .field("application_id", &self.application_id)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// Why an interaction body was refused (400). The texts are short and safe to show.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    /// Not JSON, or not the shape of an interaction.
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A `type` versus does not handle.
    #[error("unsupported interaction type {0}")]
    UnknownType(u64),
    /// A command without the fields a reply needs.
    #[error("missing field `{0}`")]
    Missing(&'static str),
    /// A token with characters Discord never uses (it goes into a URL path).
    #[error("invalid interaction token")]
    BadToken,
}

/// Parses a (signature-checked) interaction body that arrived `via` a transport.
pub fn parse(body: &[u8], via: Via) -> Result<Interaction, ParseError> {
    let raw: RawInteraction =
        serde_json::from_slice(body).map_err(|e| ParseError::Json(short_json_error(&e)))?;
    let kind = InteractionType::from_code(raw.kind);
    match kind {
        Some(InteractionType::Ping) => Ok(Interaction::Ping),
        Some(
            InteractionType::ApplicationCommand
            | InteractionType::Autocomplete
            | InteractionType::MessageComponent,
        ) => {
            let application_id = raw
                .application_id
                .ok_or(ParseError::Missing("application_id"))?
                .0;
            let token = raw.token.ok_or(ParseError::Missing("token"))?;
            if token.is_empty()
                || token.len() > MAX_TOKEN_LEN
                || !token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            {
                return Err(ParseError::BadToken);
            }
            let data = raw.data.ok_or(ParseError::Missing("data"))?;
            let invocation = match kind {
                Some(InteractionType::Autocomplete) => Invocation::Autocomplete {
                    partial: focused(&data.options).unwrap_or_default(),
                    command: data.name,
                },
                Some(InteractionType::MessageComponent) => component(&data),
                _ => invocation(data),
            };
            let (user, roles) = match raw.member {
                Some(m) => (m.user, m.roles),
                None => (raw.user, Vec::new()),
            };
            let caller = Caller {
                user_id: user.map(|u| u.id.0).unwrap_or(0),
                guild_id: raw.guild_id.map(|g| g.0),
                channel_id: raw.channel_id.or(raw.channel.map(|c| c.id)).map(|c| c.0),
                role_ids: roles.into_iter().map(|r| r.0).collect(),
                // Discord sends the user's locale on every interaction but a PING; one versus
                // does not speak gets English.
                locale: raw
                    .locale
                    .as_deref()
                    .map(|l| Locale::from_tag(l).unwrap_or_default()),
                via,
            };
            Ok(Interaction::Command {
                reply_to: InteractionRef {
                    id: raw.id.map_or(0, |i| i.0),
                    application_id,
                    token,
                },
                caller,
                invocation,
            })
        }
        _ => Err(ParseError::UnknownType(raw.kind)),
    }
}

/// serde_json's message, cut short: it may quote the client's input.
fn short_json_error(e: &serde_json::Error) -> String {
    e.to_string().chars().take(160).collect()
}

fn invocation(data: RawData) -> Invocation {
    let is = |o: &RawOption, kind: OptionKind| o.kind == Some(u64::from(kind.code()));
    let (files, values): (Vec<&RawOption>, Vec<&RawOption>) = data
        .options
        .iter()
        .partition(|o| is(o, OptionKind::Attachment));
    let (integers, values): (Vec<&RawOption>, Vec<&RawOption>) =
        values.into_iter().partition(|o| is(o, OptionKind::Integer));
    let mut args = Args::new(values.iter().map(|o| (o.name.clone(), o.text())).collect());
    for o in integers {
        // A value that is no whole number is left out: the command treats it as not given.
        if let Some(n) = o.value.as_ref().and_then(serde_json::Value::as_i64) {
            args = args.with_integer(&o.name, n);
        }
    }
    let mut resolved = data.resolved.unwrap_or_default().attachments;
    for o in files {
        // An id Discord did not resolve leaves the option empty: the command says what is missing.
        if let Some(a) = resolved.remove(&o.text()) {
            args = args.with_attachment(
                &o.name,
                Attachment {
                    filename: a.filename,
                    size: a.size,
                    url: a.url,
                    content_type: a.content_type,
                },
            );
        }
    }
    Invocation::slash(&data.name, args)
}

/// A button click: feedback when the `custom_id` is one of versus's buttons.
fn component(data: &RawData) -> Invocation {
    match data
        .custom_id
        .as_deref()
        .and_then(components::parse_custom_id)
    {
        Some((vote, answer)) => Invocation::Feedback { answer, vote },
        None => match data
            .custom_id
            .as_deref()
            .and_then(components::parse_accept_topics)
        {
            Some(source) => Invocation::AcceptTopics { source },
            None => Invocation::Unknown {
                name: "button".to_string(),
            },
        },
    }
}

/// The value of the option being typed, looking into subcommands too.
fn focused(options: &[RawOption]) -> Option<String> {
    options.iter().find_map(|o| {
        if o.focused {
            Some(o.text())
        } else {
            focused(&o.options)
        }
    })
}

// The wire shapes: only what versus reads, all optional where Discord may leave it out, so that
// unknown or missing fields never turn into errors.

#[derive(Deserialize)]
struct RawInteraction {
    #[serde(rename = "type")]
    kind: u64,
    #[serde(default)]
    id: Option<Snowflake>,
    #[serde(default)]
    application_id: Option<Snowflake>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    data: Option<RawData>,
    #[serde(default)]
    guild_id: Option<Snowflake>,
    #[serde(default)]
    channel_id: Option<Snowflake>,
    #[serde(default)]
    channel: Option<RawChannel>,
    #[serde(default)]
    member: Option<RawMember>,
    #[serde(default)]
    user: Option<RawUser>,
    #[serde(default)]
    locale: Option<String>,
}

#[derive(Deserialize)]
struct RawData {
    #[serde(default)]
    name: String,
    #[serde(default)]
    options: Vec<RawOption>,
    #[serde(default)]
    resolved: Option<RawResolved>,
    #[serde(default)]
    custom_id: Option<String>,
}

#[derive(Deserialize, Default)]
struct RawResolved {
    #[serde(default)]
    attachments: HashMap<String, RawAttachment>,
}

#[derive(Deserialize)]
struct RawAttachment {
    #[serde(default)]
    filename: String,
    #[serde(default)]
    size: u64,
    #[serde(default)]
    url: String,
    #[serde(default)]
    content_type: Option<String>,
}

#[derive(Deserialize)]
struct RawOption {
    #[serde(default)]
    name: String,
    #[serde(rename = "type", default)]
    kind: Option<u64>,
    #[serde(default)]
    value: Option<serde_json::Value>,
    #[serde(default)]
    focused: bool,
    #[serde(default)]
    options: Vec<RawOption>,
}

impl RawOption {
    /// The value as text: strings as they are, numbers and booleans spelled out.
    fn text(&self) -> String {
        match &self.value {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => v.to_string(),
            _ => String::new(),
        }
    }
}

#[derive(Deserialize)]
struct RawMember {
    #[serde(default)]
    user: Option<RawUser>,
    #[serde(default)]
    roles: Vec<Snowflake>,
}

#[derive(Deserialize)]
struct RawUser {
    id: Snowflake,
}

#[derive(Deserialize)]
struct RawChannel {
    id: Snowflake,
}

/// A Discord id: a string of digits on the wire (numbers accepted too).
#[derive(Debug, Clone, Copy)]
struct Snowflake(u64);

impl<'de> Deserialize<'de> for Snowflake {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Snowflake, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Text(String),
            Number(u64),
        }
        match Wire::deserialize(d)? {
            Wire::Text(s) => s
                .parse()
                .map(Snowflake)
                .map_err(|_| serde::de::Error::custom("an id must be a string of digits")),
            Wire::Number(n) => Ok(Snowflake(n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const SLASH: &str = include_str!(
        "../../../tests/data/discord/synthetic_slash_command_interaction.serenity_ok.json"
    );
    const AUTOCOMPLETE_FIXTURE: &str = include_str!(
        "../../../tests/data/discord/synthetic_autocomplete_interaction.serenity_ok.json"
    );
    const PING_FIXTURE: &str =
        include_str!("../../../tests/data/discord/synthetic_ping_interaction.json");

    fn with(fixture: &str, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
        let mut v: Value = serde_json::from_str(fixture).unwrap();
        edit(&mut v);
        serde_json::to_vec(&v).unwrap()
    }

    #[test]
    fn a_ping_is_a_ping() {
        assert!(matches!(
            parse(PING_FIXTURE.as_bytes(), Via::Webhook),
            Ok(Interaction::Ping)
        ));
    }

    #[test]
    fn a_slash_command_gives_the_caller_and_the_invocation() {
        let body = with(SLASH, |v| {
            v["data"]["name"] = json!("ask");
            v["data"]["options"] =
                json!([{"type": 3, "name": "question", "value": "tf or torch for mobile?"}]);
        });
        let Ok(Interaction::Command {
            reply_to,
            caller,
            invocation,
        }) = parse(&body, Via::Webhook)
        else {
            panic!("not a command");
        };
        assert_eq!(reply_to.application_id, 111111111111111111);
        assert_eq!(reply_to.token, "A_UNIQUE_TOKEN");
        assert_eq!(caller.user_id, 53908232506183680);
        assert_eq!(caller.guild_id, Some(290926798626357999));
        assert_eq!(caller.channel_id, Some(645027906669510667));
        assert_eq!(caller.role_ids, vec![539082325061836999]);
        assert_eq!(
            invocation,
            Invocation::slash("ask", Args::with("question", "tf or torch for mobile?"))
        );
    }

    #[test]
    fn commands_map_to_invocations() {
        let cases = [
            (
                "compare",
                json!([{"name": "feature", "value": "Mobile"}]),
                Invocation::slash("compare", Args::with("feature", "Mobile")),
            ),
            (
                "sources",
                json!([]),
                Invocation::slash("sources", Args::default()),
            ),
            (
                "help",
                json!([]),
                Invocation::slash("help", Args::default()),
            ),
            (
                "reindex",
                json!([]),
                Invocation::slash("reindex", Args::default()),
            ),
            ("ask", json!([]), Invocation::slash("ask", Args::default())),
            (
                "cardsearch",
                json!([]),
                Invocation::Unknown {
                    name: "cardsearch".into(),
                },
            ),
        ];
        for (name, options, want) in cases {
            let body = with(SLASH, |v| {
                v["data"]["name"] = json!(name);
                v["data"]["options"] = options;
            });
            match parse(&body, Via::Webhook) {
                Ok(Interaction::Command { invocation, .. }) => {
                    assert_eq!(invocation, want, "{name}")
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn an_attachment_option_is_read_from_resolved_attachments() {
        let body = with(SLASH, |v| {
            v["data"]["name"] = json!("import");
            v["data"]["options"] = json!([
                {"type": 11, "name": "file", "value": "1100000000000000011"},
                {"type": 5, "name": "force", "value": true},
            ]);
            v["data"]["resolved"] = json!({"attachments": {"1100000000000000011": {
                "id": "1100000000000000011", "filename": "speech.md", "size": 5120,
                "url": "https://cdn.discordapp.com/attachments/1/2/speech.md",
                "proxy_url": "https://media.discordapp.net/attachments/1/2/speech.md",
                "content_type": "text/markdown; charset=utf-8"
            }}});
        });
        let Ok(Interaction::Command { invocation, .. }) = parse(&body, Via::Webhook) else {
            panic!("not a command");
        };
        let want = Args::with("force", "true").with_attachment(
            "file",
            Attachment {
                filename: "speech.md".into(),
                size: 5120,
                url: "https://cdn.discordapp.com/attachments/1/2/speech.md".into(),
                content_type: Some("text/markdown; charset=utf-8".into()),
            },
        );
        assert_eq!(invocation, Invocation::slash("import", want));

        // An id missing from `resolved` leaves the option out, for the command to report.
        let body = with(SLASH, |v| {
            v["data"]["name"] = json!("import");
            v["data"]["options"] = json!([{"type": 11, "name": "file", "value": "42"}]);
        });
        let Ok(Interaction::Command { invocation, .. }) = parse(&body, Via::Webhook) else {
            panic!("not a command");
        };
        assert_eq!(invocation, Invocation::slash("import", Args::default()));
    }

    #[test]
    fn a_feedback_click_names_the_answer_and_the_vote() {
        let click = |custom_id: &str| {
            with(SLASH, |v| {
                v["type"] = json!(3);
                v["data"] = json!({"component_type": 2, "custom_id": custom_id});
            })
        };
        let Ok(Interaction::Command {
            caller, invocation, ..
        }) = parse(&click("vote:down:0123456789abcdef"), Via::Webhook)
        else {
            panic!("not parsed");
        };
        assert_eq!(caller.user_id, 53908232506183680);
        assert_eq!(
            invocation,
            Invocation::Feedback {
                answer: components::AnswerKey::parse("0123456789abcdef").unwrap(),
                vote: components::ButtonVote::Down,
            }
        );
        let Ok(Interaction::Command { invocation, .. }) =
            parse(&click("someone-elses:button"), Via::Webhook)
        else {
            panic!("not parsed");
        };
        assert_eq!(
            invocation,
            Invocation::Unknown {
                name: "button".into()
            }
        );
    }

    #[test]
    fn autocomplete_reads_the_focused_option() {
        let Ok(Interaction::Command { invocation, .. }) =
            parse(AUTOCOMPLETE_FIXTURE.as_bytes(), Via::Webhook)
        else {
            panic!("not a command");
        };
        assert_eq!(
            invocation,
            Invocation::Autocomplete {
                command: "cardsearch".into(),
                partial: "The Git".into()
            }
        );
    }

    #[test]
    fn a_dm_takes_the_user_from_the_top_level() {
        let body = with(SLASH, |v| {
            let o = v.as_object_mut().unwrap();
            o.remove("member");
            o.remove("guild_id");
            o.insert("user".into(), json!({"id": "42", "username": "x"}));
        });
        let Ok(Interaction::Command { caller, .. }) = parse(&body, Via::Webhook) else {
            panic!("not a command");
        };
        assert_eq!((caller.user_id, caller.guild_id), (42, None));
        assert!(caller.role_ids.is_empty());
    }

    #[test]
    fn the_caller_carries_the_transport_it_came_by() {
        for via in [Via::Gateway, Via::Webhook] {
            let Ok(Interaction::Command { caller, .. }) = parse(SLASH.as_bytes(), via) else {
                panic!("not a command");
            };
            assert_eq!(caller.via, via);
        }
    }

    #[test]
    fn bad_bodies_say_why_in_short() {
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("not json", b"{".to_vec(), "malformed JSON"),
            ("no type", b"{}".to_vec(), "malformed JSON"),
            (
                "modal submit",
                with(SLASH, |v| v["type"] = json!(5)),
                "unsupported interaction type 5",
            ),
            (
                "no token",
                with(SLASH, |v| {
                    v.as_object_mut().unwrap().remove("token");
                }),
                "missing field `token`",
            ),
            (
                "token with a slash",
                with(SLASH, |v| v["token"] = json!("a/../b")),
                "invalid interaction token",
            ),
            (
                "id not digits",
                with(SLASH, |v| v["application_id"] = json!("abc")),
                "malformed JSON",
            ),
        ];
        for (what, body, want) in cases {
            let e = match parse(&body, Via::Webhook) {
                Err(e) => e.to_string(),
                Ok(i) => panic!("{what}: accepted as {i:?}"),
            };
            assert!(e.starts_with(want), "{what}: {e}");
            assert!(e.len() <= 200, "{what}: {e}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_parse_or_are_refused(body in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = parse(&body, Via::Webhook);
        }

        #[test]
        fn any_option_values_parse_or_are_refused(name in ".{0,20}", value in proptest::prelude::any::<Option<i64>>(), text in ".{0,40}") {
            let body = with(SLASH, |v| {
                v["data"]["name"] = json!(name);
                v["data"]["options"] = json!([{"name": "question", "value": value}, {"name": "feature", "value": text, "focused": true}]);
            });
            let _ = parse(&body, Via::Webhook);
        }
    }
}
