//! Recording questions off the answering path: a bounded queue and one batching writer.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use sqlx::{Connection, QueryBuilder};
use tokio::sync::{mpsc, oneshot, Notify};

use crate::db::{on_pool, Db};
use crate::error::StoreError;
use crate::record::{to_millis, to_stored_millis, FeedbackVote, QuestionRecord};

/// Most rows in one insert transaction: large enough to amortise a commit under load, small
/// enough to stay far below either backend's bind-parameter limit (11 binds a row).
pub const BATCH_MAX: usize = 256;
/// How long a row may wait for its batch to fill: quick enough that /gaps and feedback see an
/// answer within a fraction of a second.
pub const FLUSH_EVERY: Duration = Duration::from_millis(200);
/// How often old rows are purged: retention is counted in days, so hourly is plenty.
pub const PURGE_EVERY: Duration = Duration::from_secs(3600);
/// The cap's slack is `max_rows` over this: 1% more rows between two prunes, so the delete
/// runs every so many batches instead of after each one.
pub(crate) const CAP_SLACK_DIVISOR: u64 = 100;
/// Least time between two log lines about the same kind of store trouble.
pub const LOG_EVERY: Duration = Duration::from_secs(60);

/// Counters shared by every handle to one store.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    recorded: AtomicU64,
    dropped: AtomicU64,
    write_failures: AtomicU64,
    cooldown_failures: AtomicU64,
    purged: AtomicU64,
    helpful_votes: AtomicU64,
    not_helpful_votes: AtomicU64,
    pruned: AtomicU64,
    /// Set by a batch that failed to write, cleared by the next one written.
    failing: AtomicBool,
}

/// Whether the question log is being written, for /healthz and the `versus_store_up` gauge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreHealth {
    /// The last batch was written (or none has been tried yet).
    Up,
    /// The last batch failed to write (disk full, database down); the writer keeps retrying.
    Failing,
}

impl StoreHealth {
    /// The label used in /healthz and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            StoreHealth::Up => "up",
            StoreHealth::Failing => "failing",
        }
    }
}

impl Counters {
    pub(crate) fn cooldown_failed(&self) {
        self.cooldown_failures.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn voted(&self, vote: FeedbackVote) {
        let counter = match vote {
            FeedbackVote::Helpful => &self.helpful_votes,
            FeedbackVote::NotHelpful => &self.not_helpful_votes,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> StoreStats {
        StoreStats {
            recorded: self.recorded.load(Ordering::Relaxed),
            dropped: self.dropped.load(Ordering::Relaxed),
            write_failures: self.write_failures.load(Ordering::Relaxed),
            cooldown_failures: self.cooldown_failures.load(Ordering::Relaxed),
            purged: self.purged.load(Ordering::Relaxed),
            helpful_votes: self.helpful_votes.load(Ordering::Relaxed),
            not_helpful_votes: self.not_helpful_votes.load(Ordering::Relaxed),
            pruned: self.pruned.load(Ordering::Relaxed),
        }
    }

    pub(crate) fn health(&self) -> StoreHealth {
        if self.failing.load(Ordering::Relaxed) {
            StoreHealth::Failing
        } else {
            StoreHealth::Up
        }
    }
}

/// The store's counters as plain numbers, for the metrics endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct StoreStats {
    /// Question rows committed to the database.
    pub recorded: u64,
    /// Question rows dropped because the queue was full (or the writer gone).
    pub dropped: u64,
    /// Question rows lost because their batch failed to write.
    pub write_failures: u64,
    /// Shared cooldown checks that failed or timed out (and so let the question through).
    pub cooldown_failures: u64,
    /// Question rows removed by retention.
    pub purged: u64,
    /// New helpful votes recorded by this process (repeats not counted).
    pub helpful_votes: u64,
    /// New not-helpful votes recorded by this process (repeats not counted).
    pub not_helpful_votes: u64,
    /// Oldest question rows removed to keep the log under `max_rows`.
    pub pruned: u64,
}

/// What the control channel carries to the writer (records go through the [`Queue`]).
pub(crate) enum Msg {
    Flush(oneshot::Sender<()>),
}

/// Records waiting for the writer. A locked buffer rather than a channel: a channel wakes the
/// writer's task for every record, and that wake-up (a write into the runtime's driver) cost an
/// answer more than building its record did. The writer drains the buffer on its tick and is
/// woken early only when a whole batch is waiting.
#[derive(Debug)]
pub(crate) struct Queue {
    rows: Mutex<Vec<QuestionRecord>>,
    capacity: usize,
    batch_waiting: Notify,
}

impl Queue {
    /// An empty queue holding at most `capacity` records.
    pub(crate) fn new(capacity: usize) -> Arc<Queue> {
        Arc::new(Queue {
            rows: Mutex::new(Vec::new()),
            capacity: capacity.max(1),
            batch_waiting: Notify::new(),
        })
    }

    /// Adds `record`; false (and the record dropped) when the queue is full.
    fn push(&self, record: QuestionRecord) -> bool {
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        if rows.len() >= self.capacity {
            return false;
        }
        rows.push(record);
        let whole_batch = rows.len().is_multiple_of(BATCH_MAX);
        drop(rows);
        if whole_batch {
            // Stores a permit when the writer is busy, so it comes straight back for these.
            self.batch_waiting.notify_one();
        }
        true
    }

    /// Everything queued so far, oldest first.
    fn take(&self) -> Vec<QuestionRecord> {
        std::mem::take(&mut *self.rows.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// A cheap handle that hands question records to the store's writer without waiting.
#[derive(Debug, Clone)]
pub struct Recorder {
    inner: Option<RecorderInner>,
}

#[derive(Debug, Clone)]
struct RecorderInner {
    queue: Arc<Queue>,
    /// Flush requests; closed when the writer is gone.
    tx: mpsc::Sender<Msg>,
    counters: Arc<Counters>,
}

impl Recorder {
    /// A recorder that records nothing (the CLI, or `record_questions = false`).
    pub fn disabled() -> Recorder {
        Recorder { inner: None }
    }

    pub(crate) fn new(
        queue: Arc<Queue>,
        tx: mpsc::Sender<Msg>,
        counters: Arc<Counters>,
    ) -> Recorder {
        Recorder {
            inner: Some(RecorderInner {
                queue,
                tx,
                counters,
            }),
        }
    }

    /// Whether records go anywhere.
    pub fn is_enabled(&self) -> bool {
        self.inner.is_some()
    }

    /// Queues `record` for the writer; never blocks or awaits. A full queue drops it (counted).
    pub fn record(&self, record: QuestionRecord) {
        let Some(inner) = &self.inner else { return };
        if inner.tx.is_closed() || !inner.queue.push(record) {
            inner.counters.dropped.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Waits until every record queued before this call has been written (or failed).
    pub async fn flush(&self) {
        let Some(inner) = &self.inner else { return };
        let (done, wait) = oneshot::channel();
        if inner.tx.send(Msg::Flush(done)).await.is_ok() {
            // An error means the writer is gone; nothing is left to wait for.
            let _ = wait.await;
        }
    }
}

/// Lets one log line through per `LOG_EVERY`, counting what it held back.
#[derive(Debug, Default)]
struct LogGate {
    last: Option<Instant>,
    held_back: u64,
}

impl LogGate {
    /// `Some(n)` when a line may be logged now, `n` being how many were held back before it.
    fn open(&mut self) -> Option<u64> {
        let now = Instant::now();
        if self
            .last
            .is_some_and(|last| now.duration_since(last) < LOG_EVERY)
        {
            self.held_back += 1;
            return None;
        }
        self.last = Some(now);
        Some(std::mem::take(&mut self.held_back))
    }
}

/// The writer's state: the batch being filled, the size cap and what it has logged.
pub(crate) struct Writer {
    db: Db,
    counters: Arc<Counters>,
    retention: Duration,
    /// Most question rows kept (0: no cap).
    max_rows: u64,
    /// Question rows in the table as far as this writer knows; `None` until counted.
    rows_known: Option<u64>,
    batch: Vec<QuestionRecord>,
    /// Rows lost since the current failing episode began (logged when it ends).
    lost_in_episode: u64,
    drop_log: LogGate,
    purge_log: LogGate,
    drops_reported: u64,
}

impl Writer {
    pub(crate) fn new(
        db: Db,
        counters: Arc<Counters>,
        retention: Duration,
        max_rows: u64,
    ) -> Writer {
        Writer {
            db,
            counters,
            retention,
            max_rows,
            rows_known: None,
            batch: Vec::with_capacity(BATCH_MAX),
            lost_in_episode: 0,
            drop_log: LogGate::default(),
            purge_log: LogGate::default(),
            drops_reported: 0,
        }
    }

    /// Runs until every recorder is gone, writing what is left before returning.
    pub(crate) async fn run(mut self, queue: Arc<Queue>, mut rx: mpsc::Receiver<Msg>) {
        let mut flush_tick = tokio::time::interval(FLUSH_EVERY);
        flush_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // `Store::open` has just purged; the next one is due a period from now.
        let mut purge_tick =
            tokio::time::interval_at(tokio::time::Instant::now() + PURGE_EVERY, PURGE_EVERY);
        loop {
            tokio::select! {
                msg = rx.recv() => match msg {
                    Some(Msg::Flush(done)) => {
                        self.write_queued(&queue).await;
                        let _ = done.send(());
                    }
                    None => {
                        self.write_queued(&queue).await;
                        return;
                    }
                },
                _ = queue.batch_waiting.notified() => self.write_queued(&queue).await,
                _ = flush_tick.tick() => {
                    self.write_queued(&queue).await;
                    self.report_drops();
                }
                _ = purge_tick.tick() => self.purge().await,
            }
        }
    }

    /// Writes everything queued, a batch at a time, then keeps the log under its cap.
    async fn write_queued(&mut self, queue: &Queue) {
        let mut rows = queue.take().into_iter().peekable();
        let mut wrote = false;
        while rows.peek().is_some() {
            self.batch.extend(rows.by_ref().take(BATCH_MAX));
            wrote |= self.flush().await;
        }
        if wrote {
            self.enforce_cap().await;
        }
    }

    /// Writes the batch; true when it was committed. A failure is counted (never as recorded)
    /// and logged once per episode: the first failure WARNs, the first success after INFOs.
    async fn flush(&mut self) -> bool {
        if self.batch.is_empty() {
            return false;
        }
        let rows = self.batch.len() as u64;
        let result = insert_batch(&self.db, &self.batch).await;
        self.batch.clear();
        match result {
            Ok(inserted) => {
                self.counters
                    .recorded
                    .fetch_add(inserted, Ordering::Relaxed);
                self.rows_known = self.rows_known.map(|n| n + inserted);
                if self.counters.failing.swap(false, Ordering::Relaxed) {
                    tracing::info!(
                        rows_lost = std::mem::take(&mut self.lost_in_episode),
                        "question log: writing again"
                    );
                }
                true
            }
            Err(err) => {
                self.counters
                    .write_failures
                    .fetch_add(rows, Ordering::Relaxed);
                self.lost_in_episode += rows;
                if !self.counters.failing.swap(true, Ordering::Relaxed) {
                    tracing::warn!(error = %err, rows, "question log: batch not written; retrying with each batch, one line when it recovers");
                }
                false
            }
        }
    }

    /// Deletes the oldest rows once the table holds more than `max_rows` (plus a slack, so
    /// the delete runs every so many batches rather than after each one).
    async fn enforce_cap(&mut self) {
        if self.max_rows == 0 {
            return;
        }
        let slack = self.max_rows / CAP_SLACK_DIVISOR;
        if self.rows_known.is_some_and(|n| n <= self.max_rows + slack) {
            return;
        }
        match prune_to(&self.db, self.max_rows).await {
            Ok((kept, pruned)) => {
                self.rows_known = Some(kept);
                self.counters.pruned.fetch_add(pruned, Ordering::Relaxed);
            }
            Err(err) => {
                self.rows_known = None;
                if let Some(held_back) = self.purge_log.open() {
                    tracing::warn!(error = %err, earlier_failures_not_logged = held_back, "question log: pruning to max_rows failed");
                }
            }
        }
    }

    fn report_drops(&mut self) {
        let dropped = self.counters.dropped.load(Ordering::Relaxed);
        if dropped == self.drops_reported {
            return;
        }
        if self.drop_log.open().is_some() {
            tracing::warn!(
                dropped_since_last_report = dropped - self.drops_reported,
                "question log: queue full, questions not recorded"
            );
            self.drops_reported = dropped;
        }
    }

    /// Purges expired rows, logging (at most once a minute) rather than failing.
    pub(crate) async fn purge(&mut self) {
        match purge_older_than(&self.db, self.retention, SystemTime::now()).await {
            Ok(purged) => {
                self.counters
                    .purged
                    .fetch_add(purged.questions, Ordering::Relaxed);
                self.rows_known = self.rows_known.map(|n| n.saturating_sub(purged.questions));
            }
            Err(err) => {
                if let Some(held_back) = self.purge_log.open() {
                    tracing::warn!(error = %err, earlier_failures_not_logged = held_back, "question log: purge failed");
                }
            }
        }
    }
}

/// Writes `batch` in one transaction, returning the rows inserted (an answer id already
/// stored is left as it was).
async fn insert_batch(db: &Db, batch: &[QuestionRecord]) -> Result<u64, StoreError> {
    on_pool!(db, |pool| {
        let mut conn = pool.acquire().await?;
        let result = async {
            let mut tx = conn.begin().await?;
            let mut insert = QueryBuilder::new(
                "INSERT INTO questions (answer_id, at_ms, transport, guild_id, question, \
                 answered, verdict, topic, margin, generation, unplaced, gap_key, citations, frame) ",
            );
            insert.push_values(batch, |mut row, r| {
                row.push_bind(r.answer_id.as_str().to_owned())
                    .push_bind(to_stored_millis(r.at))
                    .push_bind(r.transport.as_str())
                    // Snowflakes and generations fit in 63 bits; the cast keeps all 64 bits.
                    .push_bind(r.guild_id.map(|g| g as i64))
                    .push_bind(r.stored_question())
                    .push_bind(r.answered)
                    .push_bind(r.verdict.clone())
                    .push_bind(r.topic.clone())
                    .push_bind(r.margin)
                    .push_bind(r.generation as i64)
                    .push_bind(r.stored_unplaced())
                    .push_bind(r.gap_key())
                    .push_bind(r.stored_citations())
                    .push_bind(r.stored_frame());
            });
            insert.push(" ON CONFLICT (answer_id) DO NOTHING");
            let inserted = insert.build().execute(&mut *tx).await?.rows_affected();
            tx.commit().await?;
            Ok::<_, sqlx::Error>(inserted)
        }
        .await;
        if result.is_err() {
            // A failed insert or commit (SQLITE_FULL above all) can leave the connection in a
            // transaction sqlx still counts as open after SQLite rolled it back: every later
            // batch would then nest inside it as a savepoint and never be committed. Close it;
            // the pool opens a fresh one for the next batch.
            let _ = conn.detach().close().await;
        }
        Ok(result?)
    })
}

/// Deletes the oldest questions beyond `max_rows`; returns (rows kept, rows deleted).
async fn prune_to(db: &Db, max_rows: u64) -> Result<(u64, u64), StoreError> {
    on_pool!(db, |pool| {
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM questions")
            .fetch_one(pool)
            .await?;
        let excess = (rows.max(0) as u64).saturating_sub(max_rows);
        if excess == 0 {
            return Ok((rows.max(0) as u64, 0));
        }
        let deleted = sqlx::query(
            "DELETE FROM questions WHERE answer_id IN \
             (SELECT answer_id FROM questions ORDER BY at_ms, answer_id LIMIT $1)",
        )
        .bind(i64::try_from(excess).unwrap_or(i64::MAX))
        .execute(pool)
        .await?
        .rows_affected();
        Ok(((rows.max(0) as u64).saturating_sub(deleted), deleted))
    })
}

/// How many rows one purge removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Purged {
    /// Question rows (their votes go with them).
    pub questions: u64,
    /// Cooldown rows.
    pub cooldowns: u64,
}

/// A cooldown row older than this is useless: no cooldown period is anywhere near a day.
pub(crate) const COOLDOWN_ROW_TTL: Duration = Duration::from_secs(86_400);

/// Deletes questions older than `retention` and stale cooldown rows, as of `now`.
pub(crate) async fn purge_older_than(
    db: &Db,
    retention: Duration,
    now: SystemTime,
) -> Result<Purged, StoreError> {
    let question_cutoff = to_millis(now.checked_sub(retention).unwrap_or(SystemTime::UNIX_EPOCH));
    let cooldown_cutoff = to_millis(
        now.checked_sub(COOLDOWN_ROW_TTL)
            .unwrap_or(SystemTime::UNIX_EPOCH),
    );
    on_pool!(db, |pool| {
        let questions = sqlx::query("DELETE FROM questions WHERE at_ms < $1")
            .bind(question_cutoff)
            .execute(pool)
            .await?
            .rows_affected();
        let cooldowns = sqlx::query("DELETE FROM cooldowns WHERE last_ms < $1")
            .bind(cooldown_cutoff)
            .execute(pool)
            .await?
            .rows_affected();
        Ok(Purged {
            questions,
            cooldowns,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_gate_lets_one_line_through_per_period_and_counts_the_rest() {
        let mut gate = LogGate::default();
        assert_eq!(gate.open(), Some(0));
        assert_eq!(gate.open(), None);
        assert_eq!(gate.open(), None);
        // As if the period had passed since the last line.
        gate.last = Instant::now().checked_sub(LOG_EVERY);
        assert_eq!(gate.open(), Some(2));
        assert_eq!(gate.open(), None);
    }

    #[test]
    fn a_disabled_recorder_ignores_records() {
        let recorder = Recorder::disabled();
        assert!(!recorder.is_enabled());
        recorder.record(QuestionRecord::new(crate::Transport::Dm, "q", false));
    }

    #[tokio::test]
    async fn record_counts_a_drop_when_the_queue_is_full_or_the_writer_gone() {
        let counters = Arc::new(Counters::default());
        let (tx, rx) = mpsc::channel(1);
        let recorder = Recorder::new(Queue::new(1), tx, counters.clone());
        recorder.record(QuestionRecord::new(crate::Transport::Dm, "fits", false));
        recorder.record(QuestionRecord::new(crate::Transport::Dm, "full", false));
        assert_eq!(counters.snapshot().dropped, 1);
        drop(rx);
        recorder.record(QuestionRecord::new(crate::Transport::Dm, "gone", false));
        assert_eq!(counters.snapshot().dropped, 2);
        // flush() with no writer returns instead of hanging.
        recorder.flush().await;
    }
}
