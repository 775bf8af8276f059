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

#[cfg(test)]
mod tests {
    use super::*;
    use versus_core::engine::{Help, Intent};

    fn declined(frame: Frame) -> Answer {
        Answer {
            question: "how do I install it?".into(),
            answered: false,
            verdict: None,
            topic: None,
            topic_label: None,
            intent: Intent::Fact,
            frame,
            answer: "That asks for help installing or setting up.".into(),
            citations: Vec::new(),
            votes: Vec::new(),
            disagreements: Vec::new(),
            alternative: None,
            known_topics: vec!["mobile & edge".into()],
            unplaced: Vec::new(),
            parts: Vec::new(),
            generation: 1,
        }
    }

    fn description(m: &Message) -> &str {
        m.embeds[0].description.as_deref().unwrap_or("")
    }

    #[test]
    fn only_a_declined_help_request_names_the_channel_and_nobody_is_pinged() {
        let help = declined(Frame::Help(Help::Installation));
        let pointed = point(crate::view::answer(&help), &help, Some(42));
        assert!(
            description(&pointed).ends_with("ask in <#42>."),
            "{pointed:?}"
        );
        assert_eq!(pointed.allowed_mentions, Default::default());
        assert!(crate::validate::message_problems(&pointed).is_empty());
        let unset = point(crate::view::answer(&help), &help, None);
        assert!(!description(&unset).contains("<#"));
        for frame in [Frame::Chatter, Frame::OtherTools, Frame::OffTopic] {
            let other = declined(frame);
            let m = point(crate::view::answer(&other), &other, Some(42));
            assert!(!description(&m).contains("<#"), "{frame}");
        }
    }
}
