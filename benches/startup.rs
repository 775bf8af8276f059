//! Start-up and memory of the real binary: the time from process start to the first answer
//! with an index present and with none (so it builds one), and the peak resident memory
//! (VmHWM) of a process that has served the whole spread of questions.
//!
//! `cargo bench --bench startup` (sizes: `VERSUS_BENCH_SIZES`, default `shipped,10000,100000`).
//! Not a criterion benchmark: each sample is a process, and memory is read from the process.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Percentiles, Size, QUESTIONS};

const BIN: &str = env!("CARGO_BIN_EXE_versus");

/// One process: time to its first answer, and its peak memory after all the questions.
struct Run {
    ready: Duration,
    peak_kb: u64,
}

/// Starts `versus ask --json`, asks the first question, times the answer, then asks the rest
/// and reads the process's peak memory while it waits for more.
fn run(faq: &Path, index: &Path) -> Run {
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .arg("--config")
        .arg(common::repo().join("config.toml"))
        .arg("--faq")
        .arg(faq)
        .arg("--index")
        .arg(index)
        .args(["ask", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts versus");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    let mut ready = None;
    for q in QUESTIONS {
        writeln!(stdin, "{q}").expect("writes a question");
        stdin.flush().expect("flushes");
        line.clear();
        stdout.read_line(&mut line).expect("reads an answer");
        assert!(line.starts_with('{'), "not an answer: {line:?}");
        ready.get_or_insert_with(|| started.elapsed());
    }
    // Still running, waiting for the next question: its high-water mark is final.
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .expect("reads /proc/PID/status");
    let peak_kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/PID/status");
    drop(stdin);
    assert!(child.wait().expect("waits").success());
    Run {
        ready: ready.expect("answered"),
        peak_kb,
    }
}

fn summarize(what: &str, runs: &[Run]) -> String {
    let mut ready: Vec<Duration> = runs.iter().map(|r| r.ready).collect();
    let peak = runs.iter().map(|r| r.peak_kb).max().unwrap_or(0);
    format!(
        "{}  peak RSS {:.1} MB",
        Percentiles::of(&mut ready).line(what),
        peak as f64 / 1024.0
    )
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument, if any, is ignored.
    let mut report = Vec::new();
    for size in common::sizes() {
        let faq = common::faq_dir(size);
        let (warm, cold) = match size {
            Size::Shipped => (30, 10),
            Size::Generated(n) if n >= 50_000 => (5, 3),
            Size::Generated(_) => (10, 5),
        };
        let index = common::index_dir(size);
        // The first run builds the index if it is missing, and warms the page cache.
        run(&faq, &index);
        let runs: Vec<Run> = (0..warm).map(|_| run(&faq, &index)).collect();
        report.push(summarize(
            &format!("start/{} index present", size.name()),
            &runs,
        ));
        eprintln!("{}", report.last().unwrap());

        let fresh = common::work_dir(size).join("startup-fresh-index");
        let runs: Vec<Run> = (0..cold)
            .map(|_| {
                common::remove(&fresh);
                run(&faq, &fresh)
            })
            .collect();
        common::remove(&fresh);
        report.push(summarize(&format!("start/{} no index", size.name()), &runs));
        eprintln!("{}", report.last().unwrap());
    }
    println!(
        "\nstart-up: process start to first answer; peak RSS after {} questions:",
        QUESTIONS.len()
    );
    for line in report {
        println!("{line}");
    }
}
