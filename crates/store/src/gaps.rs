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
/// 👎 answers listed one by one: a page an admin reads through, newest first.
pub const TOP_DOWNVOTED: usize = 50;
/// Milliseconds in a day: the per-day counts are UTC days.
const MS_PER_DAY: i64 = 86_400_000;

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
    /// Questions per UTC day over the window, oldest first, days with none included.
    pub per_day: Vec<DayCount>,
    /// Each answer marked not helpful in the window, with what it cited; newest vote first.
    pub downvoted: Vec<DownvotedAnswer>,
}

/// Questions recorded on one UTC day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayCount {
    /// The day's start, in seconds since the Unix epoch.
    pub day_unix: i64,
    /// Questions recorded that day.
    pub asked: u64,
    /// Of those, answered.
    pub answered: u64,
}

/// One answer readers marked not helpful, as it was given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DownvotedAnswer {
    /// The id its buttons carried.
    pub answer_id: String,
    /// The question as stored (cleaned, bounded).
    pub question: String,
    /// The verdict given.
    pub verdict: Option<String>,
    /// The entries it cited, each `source/entry`.
    pub citations: Vec<String>,
    /// Helpful votes on it.
    pub helpful: u64,
    /// Not-helpful votes on it.
    pub not_helpful: u64,
    /// When it was answered, in seconds since the Unix epoch.
    pub asked_unix: i64,
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
    /// What kind of question the latest was taken for (`help_code`, `off_topic`, …); `None`
    /// for one logged before frames were.
    pub frame: Option<String>,
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
        per_day: per_day(db, since, to_millis(now)).await?,
        downvoted: downvoted(db, since).await?,
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
         ORDER BY q.at_ms DESC LIMIT 1),
       (SELECT q.frame FROM questions q
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
                let frame: Option<String> = row.try_get(4)?;
                Ok(GapGroup {
                    frame: frame.filter(|f| !f.is_empty()),
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

/// Counts per UTC day: integer division of the stored milliseconds, the same on both backends.
const PER_DAY_SQL: &str = "\
SELECT at_ms / 86400000 AS day, COUNT(*), SUM(CASE WHEN answered THEN 1 ELSE 0 END)
FROM questions WHERE at_ms >= $1
GROUP BY at_ms / 86400000
ORDER BY day";

async fn per_day(db: &Db, since: i64, now: i64) -> Result<Vec<DayCount>, StoreError> {
    let counted: Vec<(i64, u64, u64)> = on_pool!(db, |pool| {
        let rows = sqlx::query(PER_DAY_SQL).bind(since).fetch_all(pool).await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get::<i64, _>(0)?,
                    count(row.try_get(1)?),
                    count(row.try_get(2)?),
                ))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(StoreError::from)
    })?;
    Ok(fill_days(&counted, since / MS_PER_DAY, now / MS_PER_DAY))
}

/// Every day from `first` to `last` (day numbers), with the counted ones filled in.
fn fill_days(counted: &[(i64, u64, u64)], first: i64, last: i64) -> Vec<DayCount> {
    let mut counted = counted.iter().peekable();
    (first..=last.max(first))
        .map(|day| {
            while counted.next_if(|c| c.0 < day).is_some() {}
            let (asked, answered) = counted
                .next_if(|c| c.0 == day)
                .map_or((0, 0), |c| (c.1, c.2));
            DayCount {
                day_unix: day * (MS_PER_DAY / 1000),
                asked,
                answered,
            }
        })
        .collect()
}

/// Each answer with a not-helpful vote in the window, one row per answer id.
const DOWNVOTED_SQL: &str = "\
SELECT q.answer_id, q.question, q.verdict, q.citations, q.at_ms,
       SUM(CASE WHEN f.vote = 'helpful' THEN 1 ELSE 0 END) AS up,
       SUM(CASE WHEN f.vote = 'not_helpful' THEN 1 ELSE 0 END) AS down,
       MAX(f.at_ms) AS last_ms
FROM feedback f JOIN questions q ON q.answer_id = f.answer_id
WHERE f.at_ms >= $1
GROUP BY q.answer_id, q.question, q.verdict, q.citations, q.at_ms
HAVING SUM(CASE WHEN f.vote = 'not_helpful' THEN 1 ELSE 0 END) > 0
ORDER BY last_ms DESC, q.answer_id
LIMIT $2";

async fn downvoted(db: &Db, since: i64) -> Result<Vec<DownvotedAnswer>, StoreError> {
    on_pool!(db, |pool| {
        let rows = sqlx::query(DOWNVOTED_SQL)
            .bind(since)
            .bind(TOP_DOWNVOTED as i64)
            .fetch_all(pool)
            .await?;
        rows.iter()
            .map(|row| {
                let citations: String = row.try_get(3)?;
                Ok(DownvotedAnswer {
                    answer_id: row.try_get(0)?,
                    question: row.try_get(1)?,
                    verdict: row.try_get(2)?,
                    citations: citations.lines().map(str::to_owned).collect(),
                    asked_unix: row.try_get::<i64, _>(4)? / 1000,
                    helpful: count(row.try_get(5)?),
                    not_helpful: count(row.try_get(6)?),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(StoreError::from)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_day_of_the_window_is_listed_in_order() {
        let days = fill_days(&[(9, 1, 0), (11, 4, 3), (14, 9, 9)], 10, 12);
        let got: Vec<(i64, u64, u64)> = days
            .iter()
            .map(|d| (d.day_unix / 86_400, d.asked, d.answered))
            .collect();
        assert_eq!(got, vec![(10, 0, 0), (11, 4, 3), (12, 0, 0)]);
        assert_eq!(fill_days(&[], 5, 4).len(), 1, "never empty");
    }
}
