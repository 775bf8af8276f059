//! Reindex: validate faq/, snapshot it, build a new tantivy generation, open it, rebuild the
//! lexicon and switch (`Engine::reindex`, what `/reindex` runs), with entries per second.
//!
//! `cargo bench --bench reindex` (sizes: `VERSUS_BENCH_SIZES`, default `shipped,10000,100000`).

mod common;

use std::cell::RefCell;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

use common::Percentiles;
use versus_core::engine::Engine;

fn reindex(c: &mut Criterion) {
    let mut report = Vec::new();
    for size in common::sizes() {
        let faq = common::faq_dir(size);
        // A scratch index of its own, so serving benchmarks keep theirs.
        let index = common::work_dir(size).join("reindex-index");
        common::remove(&index);
        let (engine, _) = Engine::open(&faq, &index).expect("engine opens");
        let entries = engine.brain().knowledge().entries.len();

        let samples = RefCell::new(Vec::new());
        let mut group = c.benchmark_group("reindex");
        group
            .sampling_mode(SamplingMode::Flat)
            .throughput(Throughput::Elements(entries as u64))
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(if size.is_large() { 40 } else { 5 }))
            .sample_size(10);
        group.bench_function(size.name(), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    engine.reindex().expect("reindexes");
                    let took = started.elapsed();
                    samples.borrow_mut().push(took);
                    total += took;
                }
                total
            })
        });
        group.finish();
        drop(engine);
        common::remove(&index);

        let p = Percentiles::of(&mut samples.into_inner());
        report.push(format!(
            "{}  → {:.0} entries/s at the median ({entries} entries)",
            p.line(&format!("reindex/{}", size.name())),
            entries as f64 / p.p50.as_secs_f64()
        ));
    }
    println!("\nreindex, each run timed on its own:");
    for line in report {
        println!("{line}");
    }
}

criterion_group!(benches, reindex);
criterion_main!(benches);
