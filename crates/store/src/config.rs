//! Where the store lives and what it keeps.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::StoreError;

/// Default SQLite file, relative to the working directory like the rest of `data/`.
pub const DEFAULT_SQLITE_PATH: &str = "data/versus.db";
/// Default retention: long enough to see a quarter's trends in /gaps, short enough to stay small.
pub const DEFAULT_RETENTION_DAYS: u32 = 90;
/// Default queue length between `record()` and the writer: a few seconds of a busy bot's
/// questions, so a slow flush does not drop rows, while memory stays bounded (~1 MB).
pub const DEFAULT_QUEUE_CAPACITY: usize = 4096;
/// Default cap on question rows: about 90 days of a busy bot (2,500 questions a day), a few
/// hundred MB at most (a row is bounded to ~1 KB with its indexes), so a flood of questions
/// cannot fill the disk.
pub const DEFAULT_MAX_ROWS: u64 = 250_000;
/// Default cooldown deadline: a loopback or LAN database answers in a few ms; past this the
/// store is in trouble and the answer must not wait on it.
pub const DEFAULT_COOLDOWN_DEADLINE: Duration = Duration::from_millis(250);

/// How the store is opened; the caller fills it from `[store]` in config.toml and the env.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// `postgres://…` to share one store between replicas; `None` uses SQLite.
    pub database_url: Option<String>,
    /// The SQLite file used when `database_url` is `None`.
    pub sqlite_path: PathBuf,
    /// Off: `Recorder::record` does nothing (feedback, gaps and cooldown still work).
    pub record_questions: bool,
    /// Questions (and their votes) older than this many days are purged.
    pub retention_days: u32,
    /// Most question rows kept; past it the oldest are pruned (0: no cap).
    pub max_rows: u64,
    /// Key for the voter / cooldown hash (`VERSUS_FEEDBACK_KEY`); wins over `feedback_key_file`.
    /// With neither, each process draws a random key held in memory and replaced daily.
    pub feedback_key: Option<String>,
    /// A file holding that key (its first line), for replicas to share it without the env.
    pub feedback_key_file: Option<PathBuf>,
    /// Rows waiting for the writer before `record()` starts dropping them.
    pub queue_capacity: usize,
    /// Longest a shared cooldown check may hold up an answer before it is let through.
    pub cooldown_deadline: Duration,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            database_url: None,
            sqlite_path: PathBuf::from(DEFAULT_SQLITE_PATH),
            record_questions: true,
            retention_days: DEFAULT_RETENTION_DAYS,
            max_rows: DEFAULT_MAX_ROWS,
            feedback_key: None,
            feedback_key_file: None,
            queue_capacity: DEFAULT_QUEUE_CAPACITY,
            cooldown_deadline: DEFAULT_COOLDOWN_DEADLINE,
        }
    }
}

impl StoreConfig {
    /// Overrides `database_url` with `VERSUS_DATABASE_URL` and `feedback_key` with
    /// `VERSUS_FEEDBACK_KEY` when those are set and not empty.
    pub fn with_env(mut self) -> Self {
        if let Some(url) = non_empty_env("VERSUS_DATABASE_URL") {
            self.database_url = Some(url);
        }
        if let Some(key) = non_empty_env("VERSUS_FEEDBACK_KEY") {
            self.feedback_key = Some(key);
        }
        self
    }

    /// The configured hash key: `feedback_key`, else the first line of `feedback_key_file`.
    pub fn feedback_key(&self) -> Result<Option<String>, StoreError> {
        if let Some(key) = &self.feedback_key {
            return Ok(Some(key.clone()));
        }
        let Some(path) = &self.feedback_key_file else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(path).map_err(|source| StoreError::KeyFile {
            path: path.clone(),
            source,
        })?;
        match text.lines().next().map(str::trim).filter(|k| !k.is_empty()) {
            Some(key) => Ok(Some(key.to_owned())),
            None => Err(StoreError::KeyFile {
                path: path.clone(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, "the file is empty"),
            }),
        }
    }

    /// How long a question is kept.
    pub fn retention(&self) -> Duration {
        Duration::from_secs(u64::from(self.retention_days) * SECS_PER_DAY)
    }
}

/// Seconds in a day, for day-based windows.
pub(crate) const SECS_PER_DAY: u64 = 86_400;

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}
