//! Whether and what to answer in a message: mentions, DMs and questions in auto-answer
//! channels, read into the command layer's [`Caller`] and [`Invocation`]. Pure functions over
//! the plain facts of a message ([`Incoming`]), so they are tested without a gateway; the
//! gateway adapter fills `Incoming` from serenity's message.

use crate::command::{Caller, Invocation, Via};

/// Where versus answers messages that do not mention it.
#[derive(Debug, Clone, Default)]
pub struct Listening {
    /// Channels where questions are answered without a mention.
    pub auto_answer_channel_ids: Vec<u64>,
    /// Whether the MESSAGE_CONTENT intent is asked for (without it, Discord blanks the content
    /// of messages that do not mention the bot).
    pub message_content_intent: bool,
}

/// The parts of a message that decide whether and what to answer.
#[derive(Debug, Clone, Default)]
pub struct Incoming<'a> {
    /// Author.
    pub author_id: u64,
    /// Whether a bot (or a webhook) wrote it: never answered, so bots cannot loop.
    pub author_is_bot: bool,
    /// Guild, `None` in DMs.
    pub guild_id: Option<u64>,
    /// Channel.
    pub channel_id: u64,
    /// The author's roles.
    pub role_ids: Vec<u64>,
    /// The text.
    pub content: &'a str,
    /// Users the message mentions.
    pub mentioned_user_ids: Vec<u64>,
}

/// Why a message is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// It mentions the bot.
    Mention,
    /// It is a DM to the bot.
    Direct,
    /// It reads like a question in an auto-answer channel.
    AutoAnswer,
}

impl Trigger {
    /// A label for logs.
    pub fn name(self) -> &'static str {
        match self {
            Trigger::Mention => "mention",
            Trigger::Direct => "dm",
            Trigger::AutoAnswer => "auto_answer",
        }
    }
}

/// Whether and how to answer a message: the caller and a [`Invocation::Mention`] carrying the
/// text without the bot's mention, or `None` when the message is not for versus. In an
/// auto-answer channel, `reads_like_question` (the engine's
/// [`versus_core::engine::Engine::reads_like_question`]) tells a question from chatter.
pub fn message_request(
    m: &Incoming<'_>,
    bot_id: u64,
    listening: &Listening,
    reads_like_question: impl Fn(&str) -> bool,
) -> Option<(Caller, Invocation, Trigger)> {
    if m.author_is_bot || m.author_id == bot_id || bot_id == 0 {
        return None;
    }
    let mentioned = m.mentioned_user_ids.contains(&bot_id) || mentions(m.content, bot_id);
    let trigger = if m.guild_id.is_none() {
        Trigger::Direct
    } else if mentioned {
        Trigger::Mention
    } else if listening.message_content_intent
        && listening.auto_answer_channel_ids.contains(&m.channel_id)
        && reads_like_question(m.content)
    {
        Trigger::AutoAnswer
    } else {
        return None;
    };
    let caller = Caller {
        user_id: m.author_id,
        guild_id: m.guild_id,
        channel_id: Some(m.channel_id),
        role_ids: m.role_ids.clone(),
        // A message carries no locale: it is answered in the language it is written in.
        locale: None,
        via: Via::Gateway,
    };
    let text = strip_mention(m.content, bot_id);
    Some((caller, Invocation::Mention { text }, trigger))
}

fn mention_tokens(bot_id: u64) -> [String; 2] {
    [format!("<@{bot_id}>"), format!("<@!{bot_id}>")]
}

fn mentions(content: &str, bot_id: u64) -> bool {
    mention_tokens(bot_id).iter().any(|t| content.contains(t))
}

/// The message text without the bot's own mention (`<@id>` or the older `<@!id>`).
pub fn strip_mention(content: &str, bot_id: u64) -> String {
    let mut text = content.to_string();
    for t in mention_tokens(bot_id) {
        text = text.replace(&t, " ");
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOT: u64 = 42;

    /// A stand-in for the engine's test: a question mark.
    fn asks(text: &str) -> bool {
        text.contains('?')
    }

    fn guild_message(content: &str) -> Incoming<'_> {
        Incoming {
            author_id: 7,
            guild_id: Some(1),
            channel_id: 10,
            content,
            ..Incoming::default()
        }
    }

    #[test]
    fn a_mention_is_answered_without_the_mention_text() {
        let mut m = guild_message("<@42> TensorFlow or PyTorch for mobile?");
        m.mentioned_user_ids = vec![BOT];
        let (caller, inv, trigger) = message_request(&m, BOT, &Listening::default(), asks).unwrap();
        assert_eq!(trigger, Trigger::Mention);
        assert_eq!(caller.user_id, 7);
        assert_eq!(
            inv,
            Invocation::Mention {
                text: "TensorFlow or PyTorch for mobile?".into()
            }
        );
        assert_eq!(strip_mention("hi <@!42>  there", BOT), "hi there");
    }

    #[test]
    fn bots_and_unmentioned_chatter_are_ignored() {
        let mut m = guild_message("<@42> hello");
        m.mentioned_user_ids = vec![BOT];
        m.author_is_bot = true;
        assert!(message_request(&m, BOT, &Listening::default(), asks).is_none());
        let m = guild_message("TensorFlow or PyTorch for mobile?");
        assert!(message_request(&m, BOT, &Listening::default(), asks).is_none());
    }

    #[test]
    fn a_dm_is_always_answered() {
        let mut m = guild_message("which is easier to debug?");
        m.guild_id = None;
        let (_, _, trigger) = message_request(&m, BOT, &Listening::default(), asks).unwrap();
        assert_eq!(trigger, Trigger::Direct);
    }

    #[test]
    fn auto_answer_needs_the_channel_the_intent_and_a_question() {
        let on = Listening {
            auto_answer_channel_ids: vec![10],
            message_content_intent: true,
        };
        let q = guild_message("TensorFlow or PyTorch for research?");
        assert_eq!(
            message_request(&q, BOT, &on, asks).map(|r| r.2),
            Some(Trigger::AutoAnswer)
        );
        let without_intent = Listening {
            message_content_intent: false,
            ..on.clone()
        };
        assert!(message_request(&q, BOT, &without_intent, asks).is_none());
        let chatter = guild_message("I love pytorch");
        assert!(message_request(&chatter, BOT, &on, asks).is_none());
    }
}
