//! The connection pool for either backend and the embedded schema migrations.

use std::path::Path;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::error::StoreError;

/// The schema, embedded in the binary. One folder serves both backends: the SQL sticks to
/// what SQLite and PostgreSQL both accept, so there is no dialect switch to keep in step.
pub(crate) static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Connections per pool: one writer, plus feedback, cooldown and /gaps at once.
const MAX_CONNECTIONS: u32 = 4;
/// How long a caller waits for a pooled connection before the store counts as down; short,
/// since the cooldown check sits on the answering path.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long SQLite waits on another writer's lock before failing the statement.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// Which database the store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server, possibly shared by several replicas.
    Postgres,
}

/// A pool for one backend; `on_pool!` runs one query body against whichever it is.
#[derive(Debug, Clone)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool, so one query text serves both.
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

impl Db {
    /// Opens the configured backend and applies any pending migrations.
    pub(crate) async fn open(
        database_url: Option<&str>,
        sqlite_path: &Path,
    ) -> Result<Db, StoreError> {
        let db = match database_url {
            Some(url) => Db::Postgres(open_postgres(url).await?),
            None => Db::Sqlite(open_sqlite(sqlite_path).await?),
        };
        db.migrate().await?;
        Ok(db)
    }

    /// Applies the embedded migrations not yet applied; a no-op when up to date.
    pub(crate) async fn migrate(&self) -> Result<(), StoreError> {
        on_pool!(self, |pool| MIGRATOR.run(pool).await)?;
        Ok(())
    }

    /// Which backend this is.
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }
}

async fn open_postgres(url: &str) -> Result<PgPool, StoreError> {
    let scheme = url.split("://").next().unwrap_or_default();
    if scheme != "postgres" && scheme != "postgresql" {
        // Name only the scheme: the rest of a URL may hold a password.
        return Err(StoreError::UnsupportedUrl {
            scheme: scheme.chars().take(20).collect(),
        });
    }
    PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect(url)
        .await
        .map_err(StoreError::Connect)
}

async fn open_sqlite(path: &Path) -> Result<SqlitePool, StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        // WAL: readers (/gaps) never block the writer, and several processes may share the file.
        .journal_mode(SqliteJournalMode::Wal)
        // NORMAL is durable across process crashes in WAL mode; losing the last batch to a
        // power cut is acceptable for a question log.
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        .foreign_keys(true);
    SqlitePoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(StoreError::Connect)
}
