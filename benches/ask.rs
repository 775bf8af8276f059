//! `ask` end to end (clean, intent, topics, retrieval, verdict, snippets) over the shipped
//! knowledge and generated ones. Criterion measures the spread of questions in rotation; then
//! every question is timed on its own, many times, for the median and p99.
//!
//! `cargo bench --bench ask` (sizes: `VERSUS_BENCH_SIZES`, default `shipped,10000,100000`).
//!
//! Then, over the shipped knowledge: `/ask` through the command layer with the question log
//! off and on (a SQLite store in a temp dir), the cost recording adds to an answer.

mod common;

use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use versus::record::StoreJournal;
use versus_discord::command::{self, Admins, App, Args, Caller, Invocation};

use common::QUESTIONS;

fn ask(c: &mut Criterion) {
    let mut report = Vec::new();
    for size in common::sizes() {
        let engine = common::engine(size);
        let mut group = c.benchmark_group("ask");
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(if size.is_large() { 5 } else { 3 }))
            .sample_size(if size.is_large() { 30 } else { 100 });
        group.bench_function(size.name(), |b| {
            let mut next = 0;
            b.iter(|| {
                next = (next + 1) % QUESTIONS.len();
                engine.ask(QUESTIONS[next])
            })
        });
        group.finish();

        let rounds = if size.is_large() { 50 } else { 250 };
        report.extend(common::timed_report(
            &format!("ask/{}", size.name()),
            QUESTIONS,
            rounds,
            |q| engine.ask(q),
        ));
    }
    // Hostile shapes (issue 11): each must cost a small multiple of a median answer.
    let engine = common::engine(common::Size::Shipped);
    let word = "tensorflow".repeat(100);
    let feature = "mobile edge deployment ".repeat(44);
    let many_words = (0..64)
        .map(|i| format!("zqxwv{i}jkplm"))
        .collect::<Vec<_>>()
        .join(" ");
    let repeated = "pytorch or tensorflow for mobile? and for research? ".repeat(20);
    let hostile: [&str; 3] = [&word, &many_words, &repeated];
    report.extend(common::timed_report("ask/hostile", &hostile, 100, |q| {
        engine.ask(q)
    }));
    let features: [&str; 2] = [&feature, &word];
    report.extend(common::timed_report(
        "compare/hostile",
        &features,
        100,
        |f| engine.compare(f),
    ));
    println!("\nask, each question timed on its own:");
    for line in report {
        println!("{line}");
    }
}

/// `/ask` through the command layer, recording off and on: the same questions, the same engine.
fn recording(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let _in_runtime = runtime.enter();
    let dir = tempfile::tempdir().unwrap();
    let config = versus_store::StoreConfig {
        sqlite_path: dir.path().join("versus.db"),
        ..versus_store::StoreConfig::default()
    };
    let store = runtime
        .block_on(versus_store::Store::open(&config))
        .expect("store opens");
    let engine = Arc::new(common::engine(common::Size::Shipped));
    let off = App::new(engine.clone(), Admins::default(), Duration::ZERO);
    let journal = Arc::new(StoreJournal::new(store.clone(), Duration::ZERO));
    let on = App::new(engine, Admins::default(), Duration::ZERO).with_journal(journal);
    let caller = Caller {
        user_id: 1,
        guild_id: Some(2),
        ..Caller::default()
    };
    let ask = |app: &App, q: &str| {
        command::handle(
            app,
            &caller,
            Invocation::slash("ask", Args::with("question", q)),
        )
    };
    let mut group = c.benchmark_group("ask/command");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, app) in [("recording_off", &off), ("recording_on", &on)] {
        group.bench_function(name, |b| {
            let mut next = 0;
            b.iter(|| {
                next = (next + 1) % QUESTIONS.len();
                ask(app, QUESTIONS[next])
            })
        });
    }
    group.finish();
    let mut report = Vec::new();
    for (name, app) in [("recording_off", &off), ("recording_on", &on)] {
        report.extend(common::timed_report(
            &format!("ask/command/{name}"),
            QUESTIONS,
            250,
            |q| ask(app, q),
        ));
    }
    runtime.block_on(store.flush());
    println!("\n/ask through the command layer, each question timed on its own:");
    for line in report {
        println!("{line}");
    }
    println!("store: {:?}", store.stats());
}

criterion_group!(benches, ask, recording);
criterion_main!(benches);
