//! What can go wrong opening or querying the store.

use std::path::PathBuf;

use crate::record::AnswerId;

/// A store failure, for the caller to log or show an admin.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `database_url` is not a PostgreSQL URL.
    #[error("database_url must start with postgres:// (it starts with {scheme:?})")]
    UnsupportedUrl {
        /// The URL's scheme only: the rest may hold a password.
        scheme: String,
    },
    /// The SQLite file's directory could not be created.
    #[error("cannot create the store directory {path}: {source}")]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The voter hash key file could not be read (its contents are never shown).
    #[error("cannot read the feedback key file {path}: {source}")]
    KeyFile {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database could not be opened or reached.
    #[error("cannot open the store: {0}")]
    Connect(#[source] sqlx::Error),
    /// The embedded schema could not be applied.
    #[error("cannot apply the store's schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A query failed.
    #[error("store query failed: {0}")]
    Query(#[from] sqlx::Error),
    /// The writer did not get through its queue in time (the database is slow or down).
    #[error("the store's writer is stalled; the answer may not be written yet")]
    WriterStalled,
    /// Feedback named an answer the store does not know (expired, or never recorded).
    #[error("no answer with id {0} in the store")]
    UnknownAnswer(AnswerId),
}
