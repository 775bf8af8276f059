//! What the command layer tells the question log, and what `/gaps` reads back, as a trait the
//! binary implements over its store: the protocol crate knows no database. Every method but
//! [`Journal::gaps`] returns at once; the store's writes happen off the answering path.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use versus_core::engine::Answer;

use crate::components::{AnswerKey, ButtonVote};

/// Where a question came from, as the question log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `/ask` over the gateway.
    Slash,
    /// `/ask` over the `/interactions` webhook.
    Interactions,
    /// A message mentioning the bot in a server.
    Mention,
    /// A direct message.
    Dm,
    /// `POST /api/ask`.
    HttpApi,
}

/// One answered question, as the log needs it (no user id, no message id).
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    /// Where it came from.
    pub origin: Origin,
    /// The server, outside DMs.
    pub guild_id: Option<u64>,
    /// The question as received; the journal cleans it before keeping it.
    pub question: &'a str,
    /// The answer given.
    pub answer: &'a Answer,
    /// The id its buttons carry.
    pub answer_id: &'a AnswerKey,
}

/// A pending shared-cooldown check: `Err(wait)` while the user must wait.
pub type CooldownCheck<'a> = Pin<Box<dyn Future<Output = Result<(), Duration>> + Send + 'a>>;

/// The question log, feedback and gaps report behind the commands.
pub trait Journal: Send + Sync + fmt::Debug {
    /// A question was answered. Must not block: queue it and return.
    fn asked(&self, asked: &Asked<'_>);
    /// `user_id` clicked `vote` under `answer`. Must not block; kept once per person per answer.
    fn voted(&self, user_id: u64, answer: &AnswerKey, vote: ButtonVote);
    /// The `/gaps` report over the last `days` days. May block: called on a blocking thread.
    fn gaps(&self, days: u32) -> Result<GapsView, String>;
    /// The cooldown shared by replicas, when there is one; `None` keeps the in-process one.
    fn cooldown(&self, _user_id: u64) -> Option<CooldownCheck<'_>> {
        None
    }
}

/// The `/gaps` report as the command layer shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct GapsView {
    /// The window, in days.
    pub days: u32,
    /// Questions asked in the window.
    pub asked: u64,
    /// Of those, answered.
    pub answered: u64,
    /// Helpful votes.
    pub helpful: u64,
    /// Not-helpful votes.
    pub not_helpful: u64,
    /// Unanswered questions grouped, most frequent first.
    pub unanswered: Vec<GapLine>,
    /// Answers marked not helpful, most marked first.
    pub weak: Vec<WeakLine>,
}

/// A group of unanswered questions.
#[derive(Debug, Clone, PartialEq)]
pub struct GapLine {
    /// The group's latest question.
    pub question: String,
    /// The words it could not place.
    pub unplaced: Vec<String>,
    /// How many.
    pub count: u64,
    /// Last asked, seconds since the Unix epoch.
    pub last_seen_unix: i64,
    /// What kind of question the latest was taken for (`help_code`, `off_topic`), when logged.
    pub frame: Option<String>,
}

/// An answer readers marked not helpful.
#[derive(Debug, Clone, PartialEq)]
pub struct WeakLine {
    /// The question.
    pub question: String,
    /// The verdict given.
    pub verdict: Option<String>,
    /// Helpful votes.
    pub helpful: u64,
    /// Not-helpful votes.
    pub not_helpful: u64,
}
