//! `POST /interactions`: Discord's HTTP interactions endpoint. Checks the signature before
//! anything reads the body as JSON, turns the interaction into a [`Caller`] and an
//! [`Invocation`], answers through the same [`commands`] layer as the gateway bot, and shapes
//! the reply as an interaction callback. Slow commands are deferred and finished by a follow-up.
//!
//! Parsing and callback shapes are pure functions over bytes and values, tested on fixtures.

use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Deserializer, Serialize};

use super::{body_error, error, followup, guarded, not_found, signature, State};
use crate::commands::{self, Caller, Invocation, Reply};
use crate::render::discord::{Choice, Message};

/// Discord's message flag for "only the caller sees this".
pub const EPHEMERAL: u64 = 1 << 6;

/// Interaction types (Discord's `type`).
const PING: u64 = 1;
const APPLICATION_COMMAND: u64 = 2;
const AUTOCOMPLETE: u64 = 4;

/// Callback types.
const PONG: u8 = 1;
const CHANNEL_MESSAGE_WITH_SOURCE: u8 = 4;
const DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: u8 = 5;
const AUTOCOMPLETE_RESULT: u8 = 8;

/// What an interaction asks for.
#[derive(Debug, Clone)]
pub enum Interaction {
    /// Discord checking the endpoint is alive.
    Ping,
    /// A slash command or an autocomplete request.
    Command {
        /// Where a follow-up goes.
        reply_to: ReplyTo,
        /// Who is asking.
        caller: Caller,
        /// What they ask.
        invocation: Invocation,
    },
}

/// The application and interaction token a follow-up message is sent with.
#[derive(Clone, PartialEq, Eq)]
pub struct ReplyTo {
    /// The application id.
    pub application_id: u64,
    /// The interaction token (valid 15 minutes; kept out of logs).
    pub token: String,
}

impl std::fmt::Debug for ReplyTo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplyTo")
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

/// Parses a (signature-checked) interaction body.
pub fn parse(body: &[u8]) -> Result<Interaction, ParseError> {
    let raw: RawInteraction =
        serde_json::from_slice(body).map_err(|e| ParseError::Json(short_json_error(&e)))?;
    match raw.kind {
        PING => Ok(Interaction::Ping),
        APPLICATION_COMMAND | AUTOCOMPLETE => {
            let application_id = raw
                .application_id
                .ok_or(ParseError::Missing("application_id"))?
                .0;
            let token = raw.token.ok_or(ParseError::Missing("token"))?;
            if token.is_empty()
                || token.len() > 1000
                || !token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            {
                return Err(ParseError::BadToken);
            }
            let data = raw.data.ok_or(ParseError::Missing("data"))?;
            let invocation = if raw.kind == AUTOCOMPLETE {
                Invocation::Autocomplete {
                    partial: focused(&data.options).unwrap_or_default(),
                    command: data.name,
                }
            } else {
                invocation(data)
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
            };
            Ok(Interaction::Command {
                reply_to: ReplyTo {
                    application_id,
                    token,
                },
                caller,
                invocation,
            })
        }
        other => Err(ParseError::UnknownType(other)),
    }
}

/// serde_json's message, cut short: it may quote the client's input.
fn short_json_error(e: &serde_json::Error) -> String {
    e.to_string().chars().take(160).collect()
}

fn invocation(data: RawData) -> Invocation {
    let option = |name: &str| {
        data.options
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.text())
            .unwrap_or_default()
    };
    match data.name.as_str() {
        "ask" => Invocation::Ask {
            question: option("question"),
        },
        "compare" => Invocation::Compare {
            feature: option("feature"),
        },
        "sources" => Invocation::Sources,
        "help" => Invocation::Help,
        "reindex" => Invocation::Reindex,
        _ => Invocation::Unknown { name: data.name },
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

/// The callback answering an interaction with a reply: a message (type 4, flags 64 when
/// ephemeral) or autocomplete choices (type 8).
pub fn callback(reply: &Reply) -> Callback<'_> {
    match reply {
        Reply::Message { message, ephemeral } => Callback {
            kind: CHANNEL_MESSAGE_WITH_SOURCE,
            data: Some(CallbackData::Message {
                message,
                flags: ephemeral.then_some(EPHEMERAL),
            }),
        },
        Reply::Choices(choices) => Callback {
            kind: AUTOCOMPLETE_RESULT,
            data: Some(CallbackData::Choices { choices }),
        },
    }
}

/// The callback to a PING.
pub fn pong() -> Callback<'static> {
    Callback {
        kind: PONG,
        data: None,
    }
}

/// The callback deferring a slow command (type 5). Discord fixes a reply's visibility when it
/// is deferred, so the slow commands (reindex) answer privately.
pub fn deferred() -> Callback<'static> {
    Callback {
        kind: DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
        data: Some(CallbackData::Flags { flags: EPHEMERAL }),
    }
}

/// An interaction callback, serialized as Discord expects it.
#[derive(Debug, Serialize)]
pub struct Callback<'a> {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<CallbackData<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum CallbackData<'a> {
    Message {
        #[serde(flatten)]
        message: &'a Message,
        #[serde(skip_serializing_if = "Option::is_none")]
        flags: Option<u64>,
    },
    Choices {
        choices: &'a [Choice],
    },
    Flags {
        flags: u64,
    },
}

/// The handler of `POST /interactions`.
pub(super) async fn endpoint(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(key) = &state.options.public_key else {
        return not_found();
    };
    let body = match body {
        Ok(b) => b,
        Err(r) => return body_error(r),
    };
    if let Err(refusal) = signature::verify(
        key,
        headers
            .get(signature::SIGNATURE_HEADER)
            .map(|v| v.as_bytes()),
        headers
            .get(signature::TIMESTAMP_HEADER)
            .map(|v| v.as_bytes()),
        &body,
        state.options.signature_window,
        SystemTime::now(),
    ) {
        tracing::debug!(reason = %refusal, "interaction refused");
        return error(StatusCode::UNAUTHORIZED, "invalid request signature");
    }
    let interaction = match parse(&body) {
        Ok(i) => i,
        Err(e) => {
            tracing::debug!(error = %e, "interaction not understood");
            return error(StatusCode::BAD_REQUEST, &e.to_string());
        }
    };
    let (reply_to, caller, invocation) = match interaction {
        Interaction::Ping => return Json(pong()).into_response(),
        Interaction::Command {
            reply_to,
            caller,
            invocation,
        } => (reply_to, caller, invocation),
    };
    let Some(app) = state.app().cloned() else {
        return super::loading();
    };
    tracing::debug!(command = invocation.name(), "interaction");
    if invocation.is_slow() {
        let task_state = state.clone();
        state.followups.spawn(async move {
            followup::finish(task_state, app, reply_to, caller, invocation).await;
        });
        return Json(deferred()).into_response();
    }
    match guarded(|| commands::handle_observed(&app, &caller, invocation, &state.metrics)) {
        Ok(reply) => Json(callback(&reply)).into_response(),
        Err(panicked) => panicked.into_response(),
    }
}

// The wire shapes: only what versus reads, all optional where Discord may leave it out, so that
// unknown or missing fields never turn into errors.

#[derive(Deserialize)]
struct RawInteraction {
    #[serde(rename = "type")]
    kind: u64,
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
}

#[derive(Deserialize)]
struct RawData {
    #[serde(default)]
    name: String,
    #[serde(default)]
    options: Vec<RawOption>,
}

#[derive(Deserialize)]
struct RawOption {
    #[serde(default)]
    name: String,
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
        "../../tests/data/discord/synthetic_slash_command_interaction.serenity_ok.json"
    );
    const AUTOCOMPLETE_FIXTURE: &str = include_str!(
        "../../tests/data/discord/synthetic_autocomplete_interaction.serenity_ok.json"
    );
    const PING_FIXTURE: &str =
        include_str!("../../tests/data/discord/synthetic_ping_interaction.json");

    fn with(fixture: &str, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
        let mut v: Value = serde_json::from_str(fixture).unwrap();
        edit(&mut v);
        serde_json::to_vec(&v).unwrap()
    }

    #[test]
    fn a_ping_is_a_ping() {
        assert!(matches!(
            parse(PING_FIXTURE.as_bytes()),
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
        }) = parse(&body)
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
            Invocation::Ask {
                question: "tf or torch for mobile?".into()
            }
        );
    }

    #[test]
    fn commands_map_to_invocations() {
        let cases = [
            (
                "compare",
                json!([{"name": "feature", "value": "Mobile"}]),
                Invocation::Compare {
                    feature: "Mobile".into(),
                },
            ),
            ("sources", json!([]), Invocation::Sources),
            ("help", json!([]), Invocation::Help),
            ("reindex", json!([]), Invocation::Reindex),
            (
                "ask",
                json!([]),
                Invocation::Ask {
                    question: String::new(),
                },
            ),
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
            match parse(&body) {
                Ok(Interaction::Command { invocation, .. }) => {
                    assert_eq!(invocation, want, "{name}")
                }
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn autocomplete_reads_the_focused_option() {
        let Ok(Interaction::Command { invocation, .. }) = parse(AUTOCOMPLETE_FIXTURE.as_bytes())
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
        let Ok(Interaction::Command { caller, .. }) = parse(&body) else {
            panic!("not a command");
        };
        assert_eq!((caller.user_id, caller.guild_id), (42, None));
        assert!(caller.role_ids.is_empty());
    }

    #[test]
    fn bad_bodies_say_why_in_short() {
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("not json", b"{".to_vec(), "malformed JSON"),
            ("no type", b"{}".to_vec(), "malformed JSON"),
            (
                "component",
                with(SLASH, |v| v["type"] = json!(3)),
                "unsupported interaction type 3",
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
            let e = match parse(&body) {
                Err(e) => e.to_string(),
                Ok(i) => panic!("{what}: accepted as {i:?}"),
            };
            assert!(e.starts_with(want), "{what}: {e}");
            assert!(e.len() <= 200, "{what}: {e}");
        }
    }

    #[test]
    fn callbacks_have_discords_shape() {
        let message = Message::text("hi");
        let public = Reply::Message {
            message: message.clone(),
            ephemeral: false,
        };
        let private = Reply::Message {
            message,
            ephemeral: true,
        };
        let choices = Reply::Choices(vec![Choice {
            name: "Mobile".into(),
            value: "Mobile".into(),
        }]);
        let v = |c: Callback| serde_json::to_value(c).unwrap();
        assert_eq!(
            v(callback(&public)),
            json!({"type": 4, "data": {"content": "hi", "embeds": [], "allowed_mentions": {"parse": []}}})
        );
        assert_eq!(v(callback(&private))["data"]["flags"], json!(64));
        assert_eq!(
            v(callback(&choices)),
            json!({"type": 8, "data": {"choices": [{"name": "Mobile", "value": "Mobile"}]}})
        );
        assert_eq!(v(pong()), json!({"type": 1}));
        assert_eq!(v(deferred()), json!({"type": 5, "data": {"flags": 64}}));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_parse_or_are_refused(body in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = parse(&body);
        }

        #[test]
        fn any_option_values_parse_or_are_refused(name in ".{0,20}", value in proptest::prelude::any::<Option<i64>>(), text in ".{0,40}") {
            let body = with(SLASH, |v| {
                v["data"]["name"] = json!(name);
                v["data"]["options"] = json!([{"name": "question", "value": value}, {"name": "feature", "value": text, "focused": true}]);
            });
            let _ = parse(&body);
        }
    }
}
