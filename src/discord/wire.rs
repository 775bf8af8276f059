//! The JSON bodies versus sends to Discord's REST API, built from the command layer's plain
//! [`Reply`] and [`Message`] values. Serenity-free on purpose: the gateway bot sends these through
//! [`rest`](super::rest), and the HTTP interactions endpoint can answer with the very same bodies.
//!
//! Every message body carries `allowed_mentions: {"parse": []}` (from [`Message`]), so nothing a
//! user typed — `@everyone`, `@here`, a role — can ever ping anyone.

use serde_json::{json, Value};

use crate::commands::Reply;
use crate::render::discord::Message;

/// Interaction callback type: a message in reply.
pub const CALLBACK_MESSAGE: u8 = 4;
/// Interaction callback type: "thinking…", the message follows by editing `@original`.
pub const CALLBACK_DEFERRED: u8 = 5;
/// Interaction callback type: autocomplete choices.
pub const CALLBACK_AUTOCOMPLETE: u8 = 8;
/// Message flag: only the caller sees it.
pub const FLAG_EPHEMERAL: u64 = 1 << 6;

/// A message as Discord's message data, flagged ephemeral when asked.
pub fn message_data(message: &Message, ephemeral: bool) -> Value {
    // A `Message` is plain strings and numbers: serializing it cannot fail.
    let mut data = serde_json::to_value(message).unwrap_or_else(|_| json!({}));
    if ephemeral {
        data["flags"] = json!(FLAG_EPHEMERAL);
    }
    data
}

/// The interaction callback body for a reply (type 4 message or type 8 choices).
pub fn callback(reply: &Reply) -> Value {
    match reply {
        Reply::Message { message, ephemeral } => json!({
            "type": CALLBACK_MESSAGE,
            "data": message_data(message, *ephemeral),
        }),
        Reply::Choices(choices) => json!({
            "type": CALLBACK_AUTOCOMPLETE,
            "data": { "choices": choices },
        }),
    }
}

/// The deferred callback body (type 5); the ephemeral flag set here sticks to the final message.
pub fn deferred(ephemeral: bool) -> Value {
    let flags = if ephemeral { FLAG_EPHEMERAL } else { 0 };
    json!({ "type": CALLBACK_DEFERRED, "data": { "flags": flags } })
}

/// The body that replaces a deferred response (`PATCH …/messages/@original`).
pub fn edit_original(message: &Message) -> Value {
    // Flags cannot change on edit; the deferral already decided whether it is ephemeral.
    message_data(message, false)
}

/// Which message a channel reply answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyTo {
    /// The message replied to.
    pub message_id: u64,
    /// Its channel.
    pub channel_id: u64,
    /// Its guild, outside DMs.
    pub guild_id: Option<u64>,
}

/// A channel message body (`POST /channels/{id}/messages`), optionally as a reply.
pub fn channel_message(message: &Message, reply_to: Option<ReplyTo>) -> Value {
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
    use crate::render::discord::{self as view, Choice};

    #[test]
    fn an_ephemeral_reply_is_a_type_4_callback_with_flag_64_and_no_mentions() {
        let body = callback(&Reply::Message {
            message: view::error("@everyone nope"),
            ephemeral: true,
        });
        assert_eq!(body["type"], 4);
        assert_eq!(body["data"]["flags"], 64);
        assert_eq!(body["data"]["allowed_mentions"], json!({ "parse": [] }));
    }

    #[test]
    fn choices_are_a_type_8_callback() {
        let body = callback(&Reply::Choices(vec![Choice {
            name: "Mobile/Edge".into(),
            value: "Mobile/Edge".into(),
        }]));
        assert_eq!(body["type"], 8);
        assert_eq!(body["data"]["choices"][0]["value"], "Mobile/Edge");
    }

    #[test]
    fn a_channel_reply_references_the_question_and_pings_nobody() {
        let body = channel_message(
            &view::help(),
            Some(ReplyTo {
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

    #[test]
    fn a_deferral_is_type_5_and_keeps_the_ephemeral_flag() {
        assert_eq!(
            deferred(true),
            json!({ "type": 5, "data": { "flags": 64 } })
        );
    }
}
