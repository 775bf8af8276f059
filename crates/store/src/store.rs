//! The store handle: opening, feedback, cooldown, /gaps and counters.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::mpsc;

use crate::config::StoreConfig;
use crate::db::{on_pool, Backend, Db};
use crate::error::StoreError;
use crate::gaps::{self, GapsReport};
use crate::keys::{Hasher, UserKey};
use crate::record::{to_millis, to_stored_millis, AnswerId, FeedbackVote};
use crate::recorder::{
    self, Counters, Msg, Purged, Queue, Recorder, StoreHealth, StoreStats, Writer,
};

/// Flush requests that may wait at once: callers await their turn beyond this.
const FLUSH_REQUESTS: usize = 64;

/// Longest a vote waits for the writer to land a just-recorded answer: a batch is due within
/// 200 ms, and the click's interaction has a 3 s budget in all.
pub const FEEDBACK_FLUSH_WAIT: Duration = Duration::from_secs(1);

/// A handle to the question log, feedback and shared cooldown; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    db: Db,
    hasher: Hasher,
    counters: Arc<Counters>,
    recorder: Recorder,
    // Kept even when recording is off, so feedback can wait for queued rows.
    flusher: Recorder,
    retention: Duration,
    cooldown_deadline: Duration,
}

impl Store {
    /// Opens (creating if need be) the configured store, migrates it and starts its writer.
    /// Must be called inside a tokio runtime.
    pub async fn open(config: &StoreConfig) -> Result<Store, StoreError> {
        let db = Db::open(config.database_url.as_deref(), &config.sqlite_path).await?;
        let hasher = Hasher::new(config.feedback_key()?.as_deref());
        if db.backend() == Backend::Postgres && !hasher.is_configured() {
            tracing::warn!("shared store without VERSUS_FEEDBACK_KEY or feedback_key_file: each replica hashes users with its own daily key, so the cooldown is not shared and a vote may count once per replica");
        }
        let counters = Arc::new(Counters::default());
        // Flush requests only: records go through the queue.
        let (tx, rx) = mpsc::channel::<Msg>(FLUSH_REQUESTS);
        let queue = Queue::new(config.queue_capacity);
        let mut writer = Writer::new(
            db.clone(),
            counters.clone(),
            config.retention(),
            config.max_rows,
        );
        // Purge before returning, so a restarted process never serves expired rows.
        writer.purge().await;
        tokio::spawn(writer.run(queue.clone(), rx));
        let flusher = Recorder::new(queue, tx, counters.clone());
        let recorder = if config.record_questions {
            flusher.clone()
        } else {
            Recorder::disabled()
        };
        let inner = Inner {
            db,
            hasher,
            counters,
            recorder,
            flusher,
            retention: config.retention(),
            cooldown_deadline: config.cooldown_deadline,
        };
        Ok(Store {
            inner: Arc::new(inner),
        })
    }

    /// Which database this store uses.
    pub fn backend(&self) -> Backend {
        self.inner.db.backend()
    }

    /// Whether several processes may share this store (and so should share the cooldown).
    pub fn is_shared(&self) -> bool {
        self.backend() == Backend::Postgres
    }

    /// The handle transports record questions through (disabled when recording is off).
    pub fn recorder(&self) -> Recorder {
        self.inner.recorder.clone()
    }

    /// Waits until every question recorded so far is written (or failed): for shutdown.
    pub async fn flush(&self) {
        self.inner.flusher.flush().await;
    }

    /// The counters, as plain numbers.
    pub fn stats(&self) -> StoreStats {
        self.inner.counters.snapshot()
    }

    /// Whether the question log is being written now: failing from a batch that could not be
    /// written until the next one that could.
    pub fn health(&self) -> StoreHealth {
        self.inner.counters.health()
    }

    /// Applies any pending schema migrations; opening already does, this is idempotent.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.inner.db.migrate().await
    }

    /// The keyed hash standing in for a user id.
    pub fn user_key(&self, user_id: u64) -> UserKey {
        self.inner.hasher.user_key(user_id)
    }

    /// The keyed hash standing in for a user id in the shared cooldown (not the voter hash,
    /// so cooldown rows cannot be joined to votes).
    pub fn cooldown_key(&self, user_id: u64) -> UserKey {
        self.inner.hasher.cooldown_key(user_id)
    }

    /// Records `voter`'s vote on `answer` once; `Ok(false)` when they had already voted on it.
    pub async fn feedback(
        &self,
        answer: &AnswerId,
        voter: &UserKey,
        vote: FeedbackVote,
    ) -> Result<bool, StoreError> {
        match self.insert_vote(answer, voter, vote).await {
            Err(StoreError::UnknownAnswer(_)) => {
                // The answer may still be queued: a fast click can beat the writer's batch.
                // A stalled writer must not hold the click up past that, though.
                if tokio::time::timeout(FEEDBACK_FLUSH_WAIT, self.inner.flusher.flush())
                    .await
                    .is_err()
                {
                    return Err(StoreError::WriterStalled);
                }
                self.insert_vote(answer, voter, vote).await
            }
            other => other,
        }
    }

    async fn insert_vote(
        &self,
        answer: &AnswerId,
        voter: &UserKey,
        vote: FeedbackVote,
    ) -> Result<bool, StoreError> {
        let now = to_stored_millis(SystemTime::now());
        let result = on_pool!(&self.inner.db, |pool| {
            sqlx::query(
                "INSERT INTO feedback (answer_id, voter, vote, at_ms) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (answer_id, voter) DO NOTHING",
            )
            .bind(answer.as_str())
            .bind(voter.as_str())
            .bind(vote.as_str())
            .bind(now)
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
        });
        match result {
            Ok(inserted) => {
                let new = inserted == 1;
                if new {
                    self.inner.counters.voted(vote);
                }
                Ok(new)
            }
            Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => {
                Err(StoreError::UnknownAnswer(answer.clone()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Starts `user`'s cooldown if the last one (on any replica) is over; else how long is left.
    /// A store that fails or is slow lets the question through (counted), never holding it up.
    pub async fn cooldown(&self, user: &UserKey, period: Duration) -> Result<(), Duration> {
        match tokio::time::timeout(
            self.inner.cooldown_deadline,
            self.try_cooldown(user, period, SystemTime::now()),
        )
        .await
        {
            Ok(Ok(wait)) => wait,
            Ok(Err(_)) | Err(_) => {
                self.inner.counters.cooldown_failed();
                Ok(())
            }
        }
    }

    /// The atomic check: the upsert only moves `last_ms` when it is at least `period` old.
    async fn try_cooldown(
        &self,
        user: &UserKey,
        period: Duration,
        now: SystemTime,
    ) -> Result<Result<(), Duration>, StoreError> {
        let now_ms = to_millis(now);
        let period_ms = i64::try_from(period.as_millis()).unwrap_or(i64::MAX);
        let last_ms: Option<i64> = on_pool!(&self.inner.db, |pool| {
            let started: Option<i64> = sqlx::query_scalar(
                "INSERT INTO cooldowns (user_key, last_ms) VALUES ($1, $2) \
                 ON CONFLICT (user_key) DO UPDATE SET last_ms = excluded.last_ms \
                 WHERE cooldowns.last_ms <= $3 RETURNING last_ms",
            )
            .bind(user.as_str())
            .bind(now_ms)
            .bind(now_ms.saturating_sub(period_ms))
            .fetch_optional(pool)
            .await?;
            if started.is_some() {
                Ok::<_, StoreError>(None)
            } else {
                let last: Option<i64> =
                    sqlx::query_scalar("SELECT last_ms FROM cooldowns WHERE user_key = $1")
                        .bind(user.as_str())
                        .fetch_optional(pool)
                        .await?;
                Ok(last)
            }
        })?;
        Ok(match last_ms {
            None => Ok(()),
            Some(last) => {
                let left = last.saturating_add(period_ms).saturating_sub(now_ms).max(0);
                Err(Duration::from_millis(left as u64))
            }
        })
    }

    /// The /gaps report over the last `days` days.
    pub async fn gaps(&self, days: u32) -> Result<GapsReport, StoreError> {
        gaps::report(&self.inner.db, days, SystemTime::now()).await
    }

    /// Purges rows past retention now (the writer also does this hourly).
    pub async fn purge(&self) -> Result<Purged, StoreError> {
        recorder::purge_older_than(&self.inner.db, self.inner.retention, SystemTime::now()).await
    }
}
