//! `ask` end to end (clean, intent, topics, retrieval, verdict, snippets) over the shipped
//! knowledge and generated ones. Criterion measures the spread of questions in rotation; then
//! every question is timed on its own, many times, for the median and p99.
//!
//! `cargo bench --bench ask` (sizes: `VERSUS_BENCH_SIZES`, default `shipped,10000,100000`).

mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

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

criterion_group!(benches, ask);
criterion_main!(benches);
