//! `/compare` autocomplete (`Engine::suggest`) for partial input, as Discord sends it while
//! someone types, over the shipped knowledge and generated ones.
//!
//! `cargo bench --bench suggest` (sizes: `VERSUS_BENCH_SIZES`, default `shipped,10000,100000`).

mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

use common::PARTIALS;

/// Discord shows at most 25 autocomplete choices.
const LIMIT: usize = 25;

fn suggest(c: &mut Criterion) {
    let mut report = Vec::new();
    for size in common::sizes() {
        let engine = common::engine(size);
        let mut group = c.benchmark_group("suggest");
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .sample_size(if size.is_large() { 30 } else { 100 });
        group.bench_function(size.name(), |b| {
            let mut next = 0;
            b.iter(|| {
                next = (next + 1) % PARTIALS.len();
                engine.suggest(PARTIALS[next], LIMIT)
            })
        });
        group.finish();

        let rounds = if size.is_large() { 30 } else { 500 };
        report.extend(common::timed_report(
            &format!("suggest/{}", size.name()),
            PARTIALS,
            rounds,
            |p| engine.suggest(p, LIMIT),
        ));
    }
    println!("\nsuggest, each partial input timed on its own:");
    for line in report {
        println!("{line}");
    }
}

criterion_group!(benches, suggest);
criterion_main!(benches);
