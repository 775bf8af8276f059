//! Runs each store test against SQLite in a temp dir and against a real PostgreSQL server.
//!
//! PostgreSQL comes from `VERSUS_TEST_DATABASE_URL` (`.ci/postgres start` makes one). Each
//! test gets its own schema there, so tests run in parallel without seeing each other. With
//! the URL unset the PostgreSQL variants fail under CI and say so (passing) elsewhere.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use rand::RngCore;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, PgPool, SqliteConnection};
use tempfile::TempDir;
use versus_store::{Backend, StoreConfig};

/// The hash key every test store shares.
pub const TEST_FEEDBACK_KEY: &str = "test-feedback-key";

/// Runs each `async fn name(db: TestDb) { … }` as `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($(async fn $name:ident($db:ident: TestDb) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn body($db: TestDb) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let db = TestDb::sqlite();
                    body(db.clone()).await;
                    db.cleanup().await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(db) = TestDb::postgres(concat!(module_path!())).await {
                        body(db.clone()).await;
                        db.cleanup().await;
                    }
                }
            }
        )*
    };
}

/// One test's database: a fresh SQLite file, or a fresh schema on the PostgreSQL server.
#[derive(Clone)]
pub struct TestDb {
    pub backend: Backend,
    // Shared so clones keep the temp dir alive until the last one goes.
    dir: std::sync::Arc<TempDir>,
    sqlite_path: PathBuf,
    pg: Option<Pg>,
}

#[derive(Clone)]
struct Pg {
    /// The server URL with this test's schema as search_path.
    url: String,
    schema: String,
    /// A connection outside the store, for breaking and inspecting it.
    control: PgPool,
}

impl TestDb {
    /// A SQLite store in a new temp dir (in a subdirectory the store must create).
    pub fn sqlite() -> TestDb {
        let dir = TempDir::new().expect("temp dir");
        let sqlite_path = dir.path().join("data").join("versus.db");
        TestDb {
            backend: Backend::Sqlite,
            dir: std::sync::Arc::new(dir),
            sqlite_path,
            pg: None,
        }
    }

    /// A fresh schema on the configured server; `None` (said on stderr) outside CI when none is.
    pub async fn postgres(test: &str) -> Option<TestDb> {
        let Some(base) = non_empty_env("VERSUS_TEST_DATABASE_URL") else {
            if non_empty_env("CI").is_some() {
                panic!(
                    "VERSUS_TEST_DATABASE_URL is unset but CI is set: the PostgreSQL variant of {test} must run \
                     (.ci/run starts a server with .ci/postgres start)"
                );
            }
            // Straight to stderr, past the test harness's capture, so a passing run still says it.
            let _ = writeln!(
                std::io::stderr(),
                "postgres not configured (VERSUS_TEST_DATABASE_URL unset): {test} ran on SQLite only"
            );
            return None;
        };
        let mut suffix = [0u8; 6];
        rand::thread_rng().fill_bytes(&mut suffix);
        let schema = format!("t_{}", hex_encode(&suffix));
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect(&base)
            .await
            .expect("connect to the test server");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await
            .expect("create test schema");
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options[search_path]={schema}");
        let control = PgPoolOptions::new()
            .max_connections(2)
            .connect(&url)
            .await
            .expect("connect to the test schema");
        let dir = TempDir::new().expect("temp dir");
        let sqlite_path = dir.path().join("unused.db");
        Some(TestDb {
            backend: Backend::Postgres,
            dir: std::sync::Arc::new(dir),
            sqlite_path,
            pg: Some(Pg {
                url,
                schema,
                control,
            }),
        })
    }

    /// A config opening this database, recording on, everything else default.
    pub fn config(&self) -> StoreConfig {
        StoreConfig {
            database_url: self.pg.as_ref().map(|pg| pg.url.clone()),
            sqlite_path: self.sqlite_path.clone(),
            // Loaded test machines can be slow; the deadline's fail-open path has its own test.
            cooldown_deadline: Duration::from_secs(10),
            // As replicas sharing a store must: one key for all (the env's, in production).
            feedback_key: Some(TEST_FEEDBACK_KEY.to_owned()),
            ..StoreConfig::default()
        }
    }

    /// Runs one statement outside the store.
    pub async fn exec(&self, sql: &str) {
        match &self.pg {
            Some(pg) => {
                sqlx::query(sql)
                    .execute(&pg.control)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
            None => {
                let mut conn = self.sqlite_control().await;
                sqlx::query(sql)
                    .execute(&mut conn)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
        }
    }

    /// One integer from a query run outside the store.
    pub async fn count(&self, sql: &str) -> i64 {
        match &self.pg {
            Some(pg) => sqlx::query_scalar(sql).fetch_one(&pg.control).await,
            None => {
                sqlx::query_scalar(sql)
                    .fetch_one(&mut self.sqlite_control().await)
                    .await
            }
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Holds `table`'s write lock (SQLite: the whole file's) until the guard's `release`.
    pub async fn lock(&self, table: &str) -> Lock {
        match &self.pg {
            Some(pg) => {
                let mut conn = pg
                    .control
                    .acquire()
                    .await
                    .expect("control connection")
                    .detach();
                sqlx::query("BEGIN")
                    .execute(&mut conn)
                    .await
                    .expect("begin");
                sqlx::query(&format!("LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
                    .execute(&mut conn)
                    .await
                    .expect("lock");
                Lock::Pg(conn)
            }
            None => {
                let mut conn = self.sqlite_control().await;
                sqlx::query("BEGIN EXCLUSIVE")
                    .execute(&mut conn)
                    .await
                    .expect("begin exclusive");
                Lock::Sqlite(conn)
            }
        }
    }

    /// Makes question inserts fail from outside the store. PostgreSQL: the owner revokes its
    /// own INSERT right. SQLite has no rights (and root ignores file modes, while open files
    /// stay writable anyway), so the table the writer inserts into is renamed away.
    pub async fn break_writes(&self) {
        match self.backend {
            Backend::Postgres => {
                self.exec("REVOKE INSERT ON questions FROM CURRENT_USER")
                    .await
            }
            Backend::Sqlite => {
                self.exec("ALTER TABLE questions RENAME TO questions_away")
                    .await
            }
        }
    }

    /// Undoes `break_writes`.
    pub async fn restore_writes(&self) {
        match self.backend {
            Backend::Postgres => self.exec("GRANT INSERT ON questions TO CURRENT_USER").await,
            Backend::Sqlite => {
                self.exec("ALTER TABLE questions_away RENAME TO questions")
                    .await
            }
        }
    }

    async fn sqlite_control(&self) -> SqliteConnection {
        let options = SqliteConnectOptions::new()
            .filename(&self.sqlite_path)
            .busy_timeout(Duration::from_secs(10));
        SqliteConnection::connect_with(&options)
            .await
            .expect("open the SQLite file")
    }

    /// Drops the test's schema (SQLite's temp dir goes with the last clone).
    pub async fn cleanup(&self) {
        if let Some(pg) = &self.pg {
            let _ = sqlx::query(&format!("DROP SCHEMA {} CASCADE", pg.schema))
                .execute(&pg.control)
                .await;
            pg.control.close().await;
        }
    }
}

/// A held table lock; `release` commits it.
pub enum Lock {
    Pg(sqlx::PgConnection),
    Sqlite(SqliteConnection),
}

impl Lock {
    pub async fn release(self) {
        match self {
            Lock::Pg(mut c) => {
                sqlx::query("COMMIT").execute(&mut c).await.expect("commit");
            }
            Lock::Sqlite(mut c) => {
                sqlx::query("COMMIT").execute(&mut c).await.expect("commit");
            }
        }
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
