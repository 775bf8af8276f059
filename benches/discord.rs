//! Time from an interaction leaving the Discord stand-in's gateway to its callback arriving at
//! the stand-in's REST side, through the real bot (serenity, the command layer, the engine) on
//! loopback: `cargo bench --bench discord`. Prints median, p99 and max per kind of interaction.
//! Bounded: a fixed number of interactions, one at a time (`VERSUS_BENCH_N`, default 1000).
//! Run without `--bench` (as `cargo test --benches` does) it only checks it works, with a few.

#[path = "../tests/it/common/mod.rs"]
mod common;

use std::time::Duration;

use common::payloads::{self, string_option, Who, MEMBER_ID};
use common::standin::StandIn;

const QUESTIONS: &[&str] = &[
    "TensorFlow or PyTorch for mobile apps?",
    "Which is better for research?",
    "pytorch or tensorflow for LLMs",
    "How many GitHub stars does PyTorch have?",
    "which is easier to debug?",
    "TensorFlow or PyTorch for tabular data?",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn report(kind: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{kind:<13} n={:<5} median {:.3} ms   p99 {:.3} ms   max {:.3} ms",
        samples.len(),
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().unwrap()),
    );
}

async fn measure(
    standin: &StandIn,
    n: usize,
    payload: impl Fn(usize) -> serde_json::Value,
) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let sent = standin.interact(payload(i));
        let call = standin.callback(&sent).await;
        assert_eq!(call.status, 204, "callback {i} refused");
        samples.push(standin.callback_latency(&sent).expect("timed"));
    }
    samples
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let n: usize = if benching {
        std::env::var("VERSUS_BENCH_N")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000)
    } else {
        5
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let standin = StandIn::start().await;
        let bot = common::bot::start(&standin, common::engine(), common::bot::settings());
        standin.wait_ready(1).await;
        standin.wait_commands_put().await;
        let who = Who::member(MEMBER_ID);
        // Warm-up: first connections, first queries.
        measure(&standin, 20.min(n), |i| {
            payloads::slash(
                "ask",
                vec![string_option("question", QUESTIONS[i % QUESTIONS.len()])],
                &who,
            )
        })
        .await;
        let ask = measure(&standin, n, |i| {
            payloads::slash(
                "ask",
                vec![string_option("question", QUESTIONS[i % QUESTIONS.len()])],
                &who,
            )
        })
        .await;
        let partials = ["", "mob", "dep", "gith", "pe", "serv"];
        let autocomplete = measure(&standin, n, |i| {
            payloads::autocomplete("compare", "feature", partials[i % partials.len()], &who)
        })
        .await;
        bot.stop().await.expect("the bot stops");
        println!("interaction -> callback through the Discord stand-in (loopback, one at a time)");
        report("/ask", ask);
        report("autocomplete", autocomplete);
    });
}
