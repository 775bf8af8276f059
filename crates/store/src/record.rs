//! The plain records the store keeps: no user id, no message id, no raw message.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rand::RngCore;
use serde::Serialize;

use crate::redact::redact;

/// Longest question kept, in characters: a cleaned question is short; this bounds a row.
pub const MAX_QUESTION_CHARS: usize = 500;
/// Most unplaced words kept per question: enough to group by, bounded per row.
pub const MAX_UNPLACED_WORDS: usize = 32;
/// Longest unplaced word kept, in characters.
pub const MAX_WORD_CHARS: usize = 64;
/// Most citations kept per answer: an answer quotes a handful of entries; this bounds a row.
pub const MAX_CITATIONS: usize = 16;
/// Longest citation kept (`source/entry`), in characters: ids are short slugs.
pub const MAX_CITATION_CHARS: usize = 160;
/// Longest frame label kept, in characters: the engine's labels are a word or two
/// (`help_installation` is the longest); this bounds a row whatever a caller passes.
pub const MAX_FRAME_CHARS: usize = 32;

/// How much longer than its bound a text may be when redacted: a placeholder is shorter than
/// what it replaces, so redacting this much still fills the bound.
const REDACT_ROOM: usize = 4;

/// Coarseness of the times stored with questions and votes: a minute tells /gaps when a
/// question was asked, and no time in the store lines up with a user's cooldown row.
pub const STORED_TIME_GRAIN: Duration = Duration::from_secs(60);

/// Where a question came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    /// A Discord slash command over the gateway.
    Slash,
    /// A Discord message mentioning the bot.
    Mention,
    /// A Discord direct message.
    Dm,
    /// The HTTP JSON API.
    HttpApi,
    /// A Discord slash command over the `/interactions` webhook.
    Interactions,
}

impl Transport {
    /// Every transport, for tests and label lists.
    pub const ALL: [Transport; 5] = [
        Transport::Slash,
        Transport::Mention,
        Transport::Dm,
        Transport::HttpApi,
        Transport::Interactions,
    ];

    /// The label stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Slash => "slash",
            Transport::Mention => "mention",
            Transport::Dm => "dm",
            Transport::HttpApi => "http_api",
            Transport::Interactions => "interactions",
        }
    }
}

/// A reader's verdict on an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackVote {
    /// "👍 Helpful".
    Helpful,
    /// "👎 Not helpful".
    NotHelpful,
}

impl FeedbackVote {
    /// The label stored in the database (and usable in a metrics label).
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackVote::Helpful => "helpful",
            FeedbackVote::NotHelpful => "not_helpful",
        }
    }

    /// The vote named by `as_str`, if any.
    pub fn parse(s: &str) -> Option<FeedbackVote> {
        match s {
            "helpful" => Some(FeedbackVote::Helpful),
            "not_helpful" => Some(FeedbackVote::NotHelpful),
            _ => None,
        }
    }
}

/// Bytes of randomness in an answer id: 64 bits, so ids never collide within retention.
const ANSWER_ID_BYTES: usize = 8;

/// A short random id naming one answer (16 lowercase hex characters), e.g. in a `custom_id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AnswerId(String);

impl AnswerId {
    /// A fresh random id.
    pub fn generate() -> AnswerId {
        let mut bytes = [0u8; ANSWER_ID_BYTES];
        rand::thread_rng().fill_bytes(&mut bytes);
        AnswerId(hex::encode(bytes))
    }

    /// The id written as `s`, if `s` is exactly 16 lowercase hex characters.
    pub fn parse(s: &str) -> Option<AnswerId> {
        let ok = s.len() == ANSWER_ID_BYTES * 2
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| AnswerId(s.to_owned()))
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AnswerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One question as the question log keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionRecord {
    /// When it was answered.
    pub at: SystemTime,
    /// Where it came from.
    pub transport: Transport,
    /// The Discord guild, if any (never a user or message id).
    pub guild_id: Option<u64>,
    /// The cleaned question text (mentions and markup already removed by the caller).
    pub question: String,
    /// Whether versus gave an answer.
    pub answered: bool,
    /// The verdict's label, when there was one.
    pub verdict: Option<String>,
    /// The topic the question was placed under, when there was one.
    pub topic: Option<String>,
    /// How decided the verdict was (e.g. the vote margin), when there was one.
    pub margin: Option<f32>,
    /// The index generation that answered.
    pub generation: u64,
    /// The id the answer's buttons carry.
    pub answer_id: AnswerId,
    /// The question's words the engine could not place.
    pub unplaced: Vec<String>,
    /// The entries the answer cited, each `source/entry` (ids from faq/).
    pub citations: Vec<String>,
    /// What kind of question the engine took it for (its frame's label: `choice`, `help_code`).
    pub frame: Option<String>,
}

impl QuestionRecord {
    /// A record stamped now with a fresh answer id; the caller fills in the rest.
    pub fn new(transport: Transport, question: impl Into<String>, answered: bool) -> Self {
        QuestionRecord {
            at: SystemTime::now(),
            transport,
            guild_id: None,
            question: question.into(),
            answered,
            verdict: None,
            topic: None,
            margin: None,
            generation: 0,
            answer_id: AnswerId::generate(),
            unplaced: Vec::new(),
            citations: Vec::new(),
            frame: None,
        }
    }

    /// The question as stored: personal data redacted, bounded in length.
    pub(crate) fn stored_question(&self) -> String {
        // Cut before redacting to bound the work, with room for what redaction shortens,
        // and after, so a placeholder never pushes the row past its bound.
        let head = truncate_chars(self.question.trim(), MAX_QUESTION_CHARS * REDACT_ROOM);
        truncate_chars(redact(&head).trim(), MAX_QUESTION_CHARS)
    }

    /// The unplaced words as stored: only words the redacted question still has (the engine
    /// splits "jane.doe@example.com" into words no pattern knows as an address), redacted
    /// again, bounded, space-separated.
    pub(crate) fn stored_unplaced(&self) -> String {
        let question = self.stored_question().to_lowercase();
        let kept: std::collections::HashSet<&str> = question
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        self.unplaced
            .iter()
            .flat_map(|w| w.split_whitespace())
            .filter(|w| kept.contains(w.to_lowercase().as_str()))
            .take(MAX_UNPLACED_WORDS)
            .map(|w| truncate_chars(&redact(w), MAX_WORD_CHARS))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The citations as stored: bounded, one a line.
    pub(crate) fn stored_citations(&self) -> String {
        self.citations
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .take(MAX_CITATIONS)
            .map(|c| truncate_chars(c, MAX_CITATION_CHARS))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The frame as stored: bounded, '' for none.
    pub(crate) fn stored_frame(&self) -> String {
        self.frame
            .as_deref()
            .map_or(String::new(), |f| truncate_chars(f.trim(), MAX_FRAME_CHARS))
    }

    /// What /gaps groups this unanswered question by: its unplaced words as a set, else its
    /// text (empty for an answered question).
    pub(crate) fn gap_key(&self) -> String {
        // Only unanswered questions are grouped. An answered one keys nothing, so the index on
        // (answered, gap_key) grows at its end for them instead of at a random page each.
        if self.answered {
            return String::new();
        }
        let mut words: Vec<String> = self
            .stored_unplaced()
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            let text = self.stored_question().to_lowercase();
            return format!(
                "q:{}",
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
        words.sort();
        words.dedup();
        format!("w:{}", words.join(" "))
    }
}

/// `s` cut to at most `max` characters, on a character boundary.
fn truncate_chars(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// `t` as stored with a question or vote: milliseconds, rounded down to [`STORED_TIME_GRAIN`].
pub(crate) fn to_stored_millis(t: SystemTime) -> i64 {
    let grain = STORED_TIME_GRAIN.as_millis() as i64;
    to_millis(t) / grain * grain
}

/// Milliseconds since the Unix epoch, as stored (0 for times before it).
pub(crate) fn to_millis(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_ids_are_16_hex_and_parse_back() {
        let id = AnswerId::generate();
        assert_eq!(id.as_str().len(), 16);
        assert_eq!(AnswerId::parse(id.as_str()), Some(id.clone()));
        assert_ne!(id, AnswerId::generate());
    }

    #[test]
    fn answer_id_parse_rejects_other_text() {
        for bad in [
            "",
            "0123456789abcdeF",
            "0123456789abcde",
            "0123456789abcdef0",
            "ü123456789abcde",
        ] {
            assert_eq!(AnswerId::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn gap_key_groups_by_word_set_then_text() {
        let mut a = QuestionRecord::new(Transport::Dm, "Is Jax or Flax good?", false);
        let mut b = QuestionRecord::new(Transport::Slash, "jax vs flax", false);
        a.unplaced = vec!["jax".into(), "Flax".into()];
        b.unplaced = vec!["flax".into(), "jax".into(), "jax".into()];
        assert_eq!(a.gap_key(), b.gap_key());
        let c = QuestionRecord::new(Transport::Dm, "  What   IS this ", false);
        let d = QuestionRecord::new(Transport::Dm, "what is this", false);
        assert_eq!(c.gap_key(), d.gap_key());
        assert_ne!(a.gap_key(), c.gap_key());
        assert_eq!(
            QuestionRecord::new(Transport::Dm, "what is this", true).gap_key(),
            ""
        );
    }

    #[test]
    fn stored_fields_are_bounded() {
        let mut r = QuestionRecord::new(Transport::HttpApi, "é".repeat(2000), false);
        r.unplaced = vec!["é".repeat(500); 100];
        assert_eq!(r.stored_question().chars().count(), MAX_QUESTION_CHARS);
        let stored = r.stored_unplaced();
        let words: Vec<&str> = stored.split(' ').collect();
        assert_eq!(words.len(), MAX_UNPLACED_WORDS);
        assert!(words.iter().all(|w| w.chars().count() == MAX_WORD_CHARS));
        r.citations = vec!["c".repeat(500); 40];
        r.citations.insert(0, "  ".into());
        let stored = r.stored_citations();
        let lines: Vec<&str> = stored.lines().collect();
        assert_eq!(lines.len(), MAX_CITATIONS);
        assert!(lines
            .iter()
            .all(|c| c.chars().count() == MAX_CITATION_CHARS));
        assert_eq!(r.stored_frame(), "", "no frame");
        r.frame = Some(" help_code ".into());
        assert_eq!(r.stored_frame(), "help_code");
        r.frame = Some("f".repeat(100));
        assert_eq!(r.stored_frame().chars().count(), MAX_FRAME_CHARS);
    }

    #[test]
    fn the_stored_question_and_words_are_redacted() {
        let mut r = QuestionRecord::new(
            Transport::HttpApi,
            "mail jane@example.com or call +1 555 123 4567 about 4111 1111 1111 1111",
            false,
        );
        // The engine's words: the address split up, digits, and words the question keeps.
        r.unplaced = ["jane", "example", "555", "4111", "call", "Mail"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            r.stored_question(),
            "mail [email] or call [phone] about [card]"
        );
        assert_eq!(r.stored_unplaced(), "call Mail");
        assert!(!r.gap_key().contains("jane"));
    }

    #[test]
    fn stored_times_are_whole_minutes() {
        let t = UNIX_EPOCH + Duration::from_millis(1_700_000_123_456);
        assert_eq!(to_stored_millis(t), 1_700_000_100_000);
        assert_eq!(to_stored_millis(t) % 60_000, 0);
    }

    #[test]
    fn vote_labels_round_trip() {
        for v in [FeedbackVote::Helpful, FeedbackVote::NotHelpful] {
            assert_eq!(FeedbackVote::parse(v.as_str()), Some(v));
        }
        assert_eq!(FeedbackVote::parse("meh"), None);
    }
}
