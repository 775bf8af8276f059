//! versus's store: the question log, feedback on answers, the /gaps report and the cooldown
//! shared by replicas, on an embedded SQLite file or a PostgreSQL server.
//!
//! Recording never waits: [`Recorder::record`] hands a row to a bounded queue and one
//! background writer batches rows into transactions. The store keeps no user id, message id
//! or raw message; voters and cooldowns are keyed hashes ([`UserKey`]).

mod config;
mod db;
mod error;
mod gaps;
mod keys;
mod record;
mod recorder;
mod redact;
mod store;

pub use config::{
    StoreConfig, DEFAULT_COOLDOWN_DEADLINE, DEFAULT_MAX_ROWS, DEFAULT_QUEUE_CAPACITY,
    DEFAULT_RETENTION_DAYS, DEFAULT_SQLITE_PATH,
};
pub use db::Backend;
pub use error::StoreError;
pub use gaps::{
    DayCount, DownvotedAnswer, GapGroup, GapsReport, Totals, WeakAnswer, TOP_DOWNVOTED,
    TOP_NOT_HELPFUL, TOP_UNANSWERED,
};
pub use keys::UserKey;
pub use record::{
    AnswerId, FeedbackVote, QuestionRecord, Transport, MAX_CITATIONS, MAX_QUESTION_CHARS,
    MAX_UNPLACED_WORDS, STORED_TIME_GRAIN,
};
pub use recorder::{
    Purged, Recorder, StoreHealth, StoreStats, BATCH_MAX, FLUSH_EVERY, LOG_EVERY, PURGE_EVERY,
};
pub use redact::redact;
pub use store::{Store, FEEDBACK_FLUSH_WAIT};
