//! Where a declined help request is pointed: a channel of the server's own, set by its admins
//! (`help_channel_id`), where people help with code, errors and setup. The engine says what
//! versus answers; only this layer knows Discord, so the channel is added here.

use versus_core::engine::{Answer, Frame};

use crate::view::Message;

/// `message`, the reply to `answer`, with a line naming `channel` when the answer declined a
/// help request. A channel mention (`<#id>`) is a link and never pings anyone.
pub fn point(mut message: Message, answer: &Answer, channel: Option<u64>) -> Message {
    let (Some(channel), Frame::Help(_)) = (channel, answer.frame) else {
        return message;
    };
    if let Some(embed) = message.embeds.first_mut() {
        let description = embed.description.get_or_insert_with(String::new);
        description.push_str(&format!(
            "\n\nFor help with the work itself (code, errors, setup, hardware, theory), ask in <#{channel}>."
        ));
        message.fit();
    }
    message
}
