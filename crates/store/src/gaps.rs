//! What versus could not answer, and which answers readers marked not helpful.

use std::time::{Duration, SystemTime};

use serde::Serialize;
use sqlx::Row;

use crate::config::SECS_PER_DAY;
use crate::db::{on_pool, Db};
use crate::error::StoreError;
use crate::record::to_millis;

/// Unanswered groups shown: what an admin can act on in one sitting, and fits a Discord embed.
pub const TOP_UNANSWERED: usize = 20;
/// Not-helpful answers shown, for the same reasons.
pub const TOP_NOT_HELPFUL: usize = 10;

/// The /gaps report over the last `days` days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapsReport {
    /// The window, in days.
    pub days: u32,
    /// Counts over the window.
    pub totals: Totals,
    /// Unanswered questions grouped, most frequent first.
    pub unanswered: Vec<GapGroup>,
    /// Answers with not-helpful votes, most marked first.
    pub not_helpful: Vec<WeakAnswer>,
}

/// Counts over the report's window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    /// Questions recorded.
    pub asked: u64,
    /// Of those, answered.
    pub answered: u64,
    /// Helpful votes cast.
    pub helpful: u64,
    /// Not-helpful votes cast.
    pub not_helpful: u64,
    /// helpful / (helpful + not_helpful); `None` before any vote.
    pub helpful_rate: Option<f64>,
}

/// Unanswered questions with the same cleaned text, or the same words versus could not place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapGroup {
    /// The group's latest question.
    pub question: String,
    /// The words it could not place (empty when grouped by text).
    pub unplaced: Vec<String>,
    /// Questions in the group.
    pub count: u64,
    /// When one was last asked, in seconds since the Unix epoch.
    pub last_seen_unix: i64,
}

/// A question and verdict readers marked not helpful, over every time it was given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakAnswer {
    /// The cleaned question.
    pub question: String,
    /// The verdict given.
    pub verdict: Option<String>,
    /// Helpful votes.
    pub helpful: u64,
    /// Not-helpful votes.
    pub not_helpful: u64,
}

/// Builds the report for the `days` days up to `now`.
pub(crate) async fn report(db: &Db, days: u32, now: SystemTime) -> Result<GapsReport, StoreError> {
    let window = Duration::from_secs(u64::from(days) * SECS_PER_DAY);
    let since = to_millis(now.checked_sub(window).unwrap_or(SystemTime::UNIX_EPOCH));
    Ok(GapsReport {
        days,
        totals: totals(db, since).await?,
        unanswered: unanswered(db, since).await?,
        not_helpful: not_helpful(db, since).await?,
    })
}

/// A count from SQL (never negative) as u64.
fn count(n: Option<i64>) -> u64 {
    n.unwrap_or(0).max(0) as u64
}

async fn totals(db: &Db, since: i64) -> Result<Totals, StoreError> {
    let (asked, answered, helpful, not_helpful) = on_pool!(db, |pool| {
        let q = sqlx::query(
            "SELECT COUNT(*), SUM(CASE WHEN answered THEN 1 ELSE 0 END) FROM questions WHERE at_ms >= $1",
        )
        .bind(since)
        .fetch_one(pool)
        .await?;
        let f = sqlx::query(
            "SELECT SUM(CASE WHEN vote = 'helpful' THEN 1 ELSE 0 END), \
                    SUM(CASE WHEN vote = 'not_helpful' THEN 1 ELSE 0 END) \
             FROM feedback WHERE at_ms >= $1",
        )
        .bind(since)
        .fetch_one(pool)
        .await?;
        Ok::<_, sqlx::Error>((
            count(q.try_get(0)?),
            count(q.try_get(1)?),
            count(f.try_get(0)?),
            count(f.try_get(1)?),
        ))
    })?;
    let votes = helpful + not_helpful;
    let helpful_rate = (votes > 0).then(|| helpful as f64 / votes as f64);
    Ok(Totals {
        asked,
        answered,
        helpful,
        not_helpful,
        helpful_rate,
    })
}

/// Groups by `gap_key`; the shown question and words are the group's latest.
const UNANSWERED_SQL: &str = "\
SELECT g.n, g.last_ms,
       (SELECT q.question FROM questions q
         WHERE q.gap_key = g.gap_key AND q.answered = $2 AND q.at_ms >= $1
         ORDER BY q.at_ms DESC LIMIT 1),
       (SELECT q.unplaced FROM questions q
         WHERE q.gap_key = g.gap_key AND q.answered = $2 AND q.at_ms >= $1
         ORDER BY q.at_ms DESC LIMIT 1)
FROM (SELECT gap_key, COUNT(*) AS n, MAX(at_ms) AS last_ms
        FROM questions WHERE answered = $2 AND at_ms >= $1 GROUP BY gap_key) g
ORDER BY g.n DESC, g.last_ms DESC, g.gap_key
LIMIT $3";

async fn unanswered(db: &Db, since: i64) -> Result<Vec<GapGroup>, StoreError> {
    on_pool!(db, |pool| {
        let rows = sqlx::query(UNANSWERED_SQL)
            .bind(since)
            .bind(false)
            .bind(TOP_UNANSWERED as i64)
            .fetch_all(pool)
            .await?;
        rows.iter()
            .map(|row| {
                let unplaced: Option<String> = row.try_get(3)?;
                Ok(GapGroup {
                    count: count(row.try_get(0)?),
                    last_seen_unix: row.try_get::<i64, _>(1)? / 1000,
                    question: row.try_get::<Option<String>, _>(2)?.unwrap_or_default(),
                    unplaced: unplaced
                        .unwrap_or_default()
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect(),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(StoreError::from)
    })
}

/// Votes cast in the window, per (question, verdict): the same question asked by many people
/// gets many answer ids, and an admin fixes the answer, not one id.
const NOT_HELPFUL_SQL: &str = "\
SELECT q.question, q.verdict,
       SUM(CASE WHEN f.vote = 'helpful' THEN 1 ELSE 0 END) AS up,
       SUM(CASE WHEN f.vote = 'not_helpful' THEN 1 ELSE 0 END) AS down,
       MAX(f.at_ms) AS last_ms
FROM feedback f JOIN questions q ON q.answer_id = f.answer_id
WHERE f.at_ms >= $1
GROUP BY q.question, q.verdict
HAVING SUM(CASE WHEN f.vote = 'not_helpful' THEN 1 ELSE 0 END) > 0
ORDER BY down DESC, up ASC, last_ms DESC, q.question
LIMIT $2";

async fn not_helpful(db: &Db, since: i64) -> Result<Vec<WeakAnswer>, StoreError> {
    on_pool!(db, |pool| {
        let rows = sqlx::query(NOT_HELPFUL_SQL)
            .bind(since)
            .bind(TOP_NOT_HELPFUL as i64)
            .fetch_all(pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(WeakAnswer {
                    question: row.try_get(0)?,
                    verdict: row.try_get(1)?,
                    helpful: count(row.try_get(2)?),
                    not_helpful: count(row.try_get(3)?),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(StoreError::from)
    })
}
