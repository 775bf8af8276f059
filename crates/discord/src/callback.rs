//! The bodies versus sends to Discord, for both transports: interaction callbacks (typed by
//! [`CallbackKind`]), the edit of a deferred reply, and channel messages. Built from the command
//! layer's plain [`Reply`] and [`Message`] values; serialized straight from borrowed data, so an
//! answer is written once, whether into an HTTP response or a REST request.
//!
//! Every message body carries `allowed_mentions: {"parse": []}` (from [`Message`]), so nothing a
//! user typed — `@everyone`, `@here`, a role — can ever ping anyone.

use serde::Serialize;
use serde_json::{json, Value};

use crate::command::Reply;
use crate::view::{Choice, Message};
use crate::wire::wire_code;

/// Message flag: only the caller sees it.
pub const FLAG_EPHEMERAL: u64 = 1 << 6;

/// Discord's interaction callback types versus uses.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackKind {
    /// The answer to a PING.
    Pong = 1,
    /// A message in reply.
    Message = 4,
    /// "Thinking…"; the message follows by editing `@original`.
    Deferred = 5,
    /// Autocomplete choices.
    Autocomplete = 8,
}
wire_code!(CallbackKind {
    Pong,
    Message,
    Deferred,
    Autocomplete
});

/// An interaction callback, serialized as Discord expects it.
#[derive(Debug, Serialize)]
pub struct Callback<'a> {
    /// What kind of callback.
    #[serde(rename = "type")]
    pub kind: CallbackKind,
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

impl Callback<'_> {
    /// The body as JSON bytes (plain strings and numbers: serializing cannot fail).
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// The callback answering an interaction with a reply: a message (flags 64 when ephemeral) or
/// autocomplete choices.
pub fn callback(reply: &Reply) -> Callback<'_> {
    match reply {
        Reply::Message { message, ephemeral } => Callback {
            kind: CallbackKind::Message,
            data: Some(CallbackData::Message {
                message,
                flags: ephemeral.then_some(FLAG_EPHEMERAL),
            }),
        },
        Reply::Choices(choices) => Callback {
            kind: CallbackKind::Autocomplete,
            data: Some(CallbackData::Choices { choices }),
        },
    }
}

/// The callback to a PING.
pub fn pong() -> Callback<'static> {
    Callback {
        kind: CallbackKind::Pong,
        data: None,
    }
}

/// The callback deferring a slow command; the ephemeral flag set here sticks to the final
/// message (Discord fixes a reply's visibility when it is deferred).
pub fn deferred(ephemeral: bool) -> Callback<'static> {
    Callback {
        kind: CallbackKind::Deferred,
        data: Some(CallbackData::Flags {
            flags: if ephemeral { FLAG_EPHEMERAL } else { 0 },
        }),
    }
}

/// A message as Discord's message data, flagged ephemeral when asked.
fn message_data(message: &Message, ephemeral: bool) -> Value {
    // A `Message` is plain strings and numbers: serializing it cannot fail.
    let mut data = serde_json::to_value(message).unwrap_or_else(|_| json!({}));
    if ephemeral {
        data["flags"] = json!(FLAG_EPHEMERAL);
    }
    data
}

/// The body that replaces a deferred response (`PATCH …/messages/@original`).
pub fn edit_original(message: &Message) -> Value {
    // Flags cannot change on edit; the deferral already decided whether it is ephemeral.
    message_data(message, false)
}

/// The message a channel reply answers (Discord's `message_reference`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageReference {
    /// The message replied to.
    pub message_id: u64,
    /// Its channel.
    pub channel_id: u64,
    /// Its guild, outside DMs.
    pub guild_id: Option<u64>,
}

/// A channel message body (`POST /channels/{id}/messages`), optionally as a reply.
pub fn channel_message(message: &Message, reply_to: Option<MessageReference>) -> Value {
    let mut data = message_data(message, false);
    if let Some(r) = reply_to {
        let mut reference = json!({
            "message_id": r.message_id.to_string(),
            "channel_id": r.channel_id.to_string(),
            // Still answer when the question was deleted meanwhile.
            "fail_if_not_exists": false,
        });
        if let Some(g) = r.guild_id {
            reference["guild_id"] = json!(g.to_string());
        }
        data["message_reference"] = reference;
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::COMMANDS;
    use crate::view;

    fn v(c: Callback) -> Value {
        serde_json::to_value(c).unwrap()
    }

    #[test]
    fn an_ephemeral_reply_is_a_type_4_callback_with_flag_64_and_no_mentions() {
        let reply = Reply::Message {
            message: view::error("@everyone nope"),
            ephemeral: true,
        };
        let body = v(callback(&reply));
        assert_eq!(body["type"], 4);
        assert_eq!(body["data"]["flags"], 64);
        assert_eq!(body["data"]["allowed_mentions"], json!({ "parse": [] }));
    }

    #[test]
    fn callbacks_have_discords_shape() {
        let message = Message::text("hi");
        let public = Reply::Message {
            message,
            ephemeral: false,
        };
        let choices = Reply::Choices(vec![Choice {
            name: "Mobile".into(),
            value: "Mobile".into(),
        }]);
        assert_eq!(
            v(callback(&public)),
            json!({"type": 4, "data": {"content": "hi", "embeds": [], "allowed_mentions": {"parse": []}}})
        );
        assert_eq!(
            v(callback(&choices)),
            json!({"type": 8, "data": {"choices": [{"name": "Mobile", "value": "Mobile"}]}})
        );
        assert_eq!(v(pong()), json!({"type": 1}));
        assert_eq!(v(deferred(true)), json!({"type": 5, "data": {"flags": 64}}));
        assert_eq!(
            serde_json::from_slice::<Value>(&callback(&public).to_bytes()).unwrap(),
            v(callback(&public))
        );
    }

    #[test]
    fn a_channel_reply_references_the_question_and_pings_nobody() {
        let body = channel_message(
            &view::help(COMMANDS, versus_core::l10n::Locale::En),
            Some(MessageReference {
                message_id: 1,
                channel_id: 2,
                guild_id: Some(3),
            }),
        );
        assert_eq!(body["message_reference"]["message_id"], "1");
        assert_eq!(body["message_reference"]["guild_id"], "3");
        assert_eq!(body["allowed_mentions"], json!({ "parse": [] }));
        assert!(body.get("flags").is_none());
    }
}
