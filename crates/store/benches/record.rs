//! What `Recorder::record` costs the answering path: with room in the queue (the writer
//! keeping up, on SQLite) and with the queue full (the store locked, records dropped).

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use versus_store::{QuestionRecord, Store, StoreConfig, Transport, DEFAULT_QUEUE_CAPACITY};

/// Records per timed chunk: a quarter of the queue, so a chunk never fills it.
const CHUNK: u64 = (DEFAULT_QUEUE_CAPACITY / 4) as u64;

fn sample(i: u64) -> QuestionRecord {
    let mut r = QuestionRecord::new(
        Transport::Slash,
        format!("pytorch or tensorflow for case {i}"),
        !i.is_multiple_of(3),
    );
    r.guild_id = Some(1_234_567_890_123_456_789);
    r.verdict = Some("pytorch".into());
    r.topic = Some("research".into());
    r.margin = Some(0.4);
    r.unplaced = vec!["quux".into()];
    r
}

fn bench_record(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::TempDir::new().expect("temp dir");
    let config = StoreConfig {
        sqlite_path: dir.path().join("bench.db"),
        ..StoreConfig::default()
    };
    let store = rt.block_on(Store::open(&config)).expect("open");
    let recorder = store.recorder();

    c.bench_function("record_with_room", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            let mut done = 0;
            while done < iters {
                let n = CHUNK.min(iters - done);
                let records: Vec<_> = (0..n).map(|i| sample(done + i)).collect();
                let start = Instant::now();
                for r in records {
                    recorder.record(r);
                }
                spent += start.elapsed();
                done += n;
                // Outside the timing: let the writer empty the queue before the next chunk.
                rt.block_on(recorder.flush());
            }
            spent
        })
    });

    let full_dir = tempfile::TempDir::new().expect("temp dir");
    let full = StoreConfig {
        sqlite_path: full_dir.path().join("full.db"),
        queue_capacity: 1,
        ..StoreConfig::default()
    };
    let stalled = rt.block_on(Store::open(&full)).expect("open");
    // Another connection holds the write lock, so the writer is stuck on busy waits.
    let mut locker = rt.block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", full.sqlite_path.display());
        let mut conn = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("lock connection");
        sqlx::query("BEGIN EXCLUSIVE")
            .execute(&mut conn)
            .await
            .expect("lock");
        conn
    });
    let recorder = stalled.recorder();
    c.bench_function("record_queue_full", |b| {
        b.iter_batched(
            || sample(7),
            |r| recorder.record(r),
            criterion::BatchSize::SmallInput,
        )
    });
    rt.block_on(sqlx::query("COMMIT").execute(&mut locker))
        .expect("unlock");
    let stats = stalled.stats();
    eprintln!(
        "queue-full store: {} dropped, {} recorded",
        stats.dropped, stats.recorded
    );
}

criterion_group!(benches, bench_record);
criterion_main!(benches);
