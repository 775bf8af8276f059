//! A full disk under the SQLite store: a real one, a small tmpfs mounted for the test (CI runs
//! as root, as this needs). Rows that cannot be written are counted as failed, never as
//! recorded, and recording resumes by itself once space returns, without a restart.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use versus_store::{QuestionRecord, Store, StoreConfig, StoreHealth, Transport};

/// Small enough to fill with a few hundred rows, big enough for the schema and its WAL.
const TMPFS_SIZE: &str = "size=400k";

/// A tmpfs mounted on a temp dir, unmounted on drop (also when the test fails).
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount() -> Tmpfs {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", TMPFS_SIZE, "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("run mount");
        assert!(
            status.success(),
            "mounting a tmpfs needs root (CI runs as root): {status}"
        );
        Tmpfs { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            // Lazy: the store's writer task may still hold the file open when a test fails.
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Fills what is left of the file system with one file, returning it (delete it to free).
fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).expect("filler");
    let chunk = vec![0u8; 4096];
    while f.write_all(&chunk).is_ok() {}
    let _ = f.sync_all();
    filler
}

fn question(i: usize) -> QuestionRecord {
    // Varied text so rows cannot be compressed away or deduplicated by anything.
    let text = format!(
        "row {i} pytorch or tensorflow for {}",
        "x".repeat(200 + i % 50)
    );
    QuestionRecord::new(Transport::HttpApi, text, true)
}

async fn rows(path: &Path) -> i64 {
    use sqlx::Connection;
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .expect("open the SQLite file");
    sqlx::query_scalar("SELECT COUNT(*) FROM questions")
        .fetch_one(&mut conn)
        .await
        .expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_counts_lost_rows_and_recording_resumes_when_space_returns() {
    let fs = Tmpfs::mount();
    let path = fs.path().join("versus.db");
    let store = Store::open(&StoreConfig {
        sqlite_path: path.clone(),
        ..StoreConfig::default()
    })
    .await
    .expect("open");
    let rec = store.recorder();
    for i in 0..10 {
        rec.record(question(i));
    }
    rec.flush().await;
    assert_eq!(store.stats().recorded, 10);
    assert_eq!(store.health(), StoreHealth::Up);

    let filler = fill(fs.path());
    for i in 10..600 {
        rec.record(question(i));
        if i % 50 == 0 {
            rec.flush().await;
        }
    }
    rec.flush().await;
    let full = store.stats();
    assert!(full.write_failures > 0, "the disk is full: {full:?}");
    assert_eq!(store.health(), StoreHealth::Failing);
    assert_eq!(
        full.recorded + full.write_failures + full.dropped,
        600,
        "every row is counted once: {full:?}"
    );
    assert_eq!(
        rows(&path).await,
        full.recorded as i64,
        "recorded counts only what was committed: {full:?}"
    );

    // Space returns; the same store (no restart) must record again within a flush interval.
    std::fs::remove_file(filler).expect("free the space");
    for i in 600..700 {
        rec.record(question(i));
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while store.stats().recorded < full.recorded + 100 {
        assert!(
            Instant::now() < deadline,
            "recording never resumed: {:?}",
            store.stats()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let after = store.stats();
    assert_eq!(after.write_failures, full.write_failures, "{after:?}");
    assert_eq!(rows(&path).await, after.recorded as i64, "{after:?}");
    assert_eq!(store.health(), StoreHealth::Up);
    // The figures RELIABILITY.md quotes.
    eprintln!("full disk: {full:?}; after space returned: {after:?}");
    drop(store);
}
