//! Stores for the wiring tests: the store crate's own harness (a SQLite file in a temp dir, or a
//! fresh schema on the PostgreSQL server of `VERSUS_TEST_DATABASE_URL`, and `both_backends!`),
//! plus the journal the product builds over a store.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use versus::record::StoreJournal;
use versus_store::Store;

#[path = "../../../crates/store/tests/common/mod.rs"]
mod harness;

pub use harness::TestDb;

/// Opens `db`'s store and the journal over it, with `cooldown` as `[discord] ask_cooldown_secs`.
pub async fn journal(db: &TestDb, cooldown: Duration) -> Arc<StoreJournal> {
    let store = Store::open(&db.config()).await.expect("the store opens");
    Arc::new(StoreJournal::new(store, cooldown))
}
