//! Shared by the benchmarks: which knowledge sizes to run, the generated knowledge bases (cached
//! under `target/bench-kb-N/` between runs), engines over them, the spread of questions and
//! autocomplete inputs, and percentiles of individually timed calls.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use versus_core::engine::Engine;
use versus_core::knowledge;
use versus_kb_gen::{self as gen, Spec};

/// A knowledge base to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// The repository's own faq/.
    Shipped,
    /// A generated faq/ of this many entries.
    Generated(usize),
}

impl Size {
    /// The name benchmarks are reported under.
    pub fn name(self) -> String {
        match self {
            Size::Shipped => "shipped".to_string(),
            Size::Generated(n) => n.to_string(),
        }
    }

    /// Whether calls are slow enough that fewer rounds are enough.
    pub fn is_large(self) -> bool {
        matches!(self, Size::Generated(n) if n >= 50_000)
    }
}

/// The sizes to run: `VERSUS_BENCH_SIZES` (comma-separated: `shipped`, entry counts), by default
/// the shipped knowledge, 10,000 and 100,000 generated entries.
pub fn sizes() -> Vec<Size> {
    let spec =
        std::env::var("VERSUS_BENCH_SIZES").unwrap_or_else(|_| "shipped,10000,100000".to_string());
    spec.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s {
            "shipped" => Size::Shipped,
            n => Size::Generated(n.parse().expect("VERSUS_BENCH_SIZES: shipped or a number")),
        })
        .collect()
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cargo target directory.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
}

/// The scratch directory of one size: `target/bench-kb-<name>/`.
pub fn work_dir(size: Size) -> PathBuf {
    target_dir().join(format!("bench-kb-{}", size.name()))
}

/// The faq/ of a size, generating (once, then cached) when it is a generated one.
pub fn faq_dir(size: Size) -> PathBuf {
    match size {
        Size::Shipped => repo().join("faq"),
        Size::Generated(n) => {
            let dir = work_dir(size).join("faq");
            let topics = knowledge::load_dir(&repo().join("faq"))
                .expect("shipped faq/ loads")
                .topics;
            let started = Instant::now();
            let lexicon = std::fs::read_to_string(repo().join("faq/lexicon.toml")).ok();
            let base = gen::Base {
                topics: &topics,
                lexicon: lexicon.as_deref(),
            };
            if let Some(s) = gen::generate_cached(&dir, &Spec::new(n), base)
                .expect("generates the knowledge base")
            {
                eprintln!(
                    "generated {} entries ({} files, {:.1} MB) into {} in {:.1} s",
                    s.entries,
                    s.files,
                    s.bytes as f64 / 1e6,
                    dir.display(),
                    started.elapsed().as_secs_f64()
                );
            }
            dir
        }
    }
}

/// The index directory used when serving a size (kept between runs).
pub fn index_dir(size: Size) -> PathBuf {
    work_dir(size).join("index")
}

/// An engine serving a size from its on-disk index, as `versus` does (built on first use).
pub fn engine(size: Size) -> Engine {
    let faq = faq_dir(size);
    let started = Instant::now();
    let (engine, startup) = Engine::open(&faq, &index_dir(size)).expect("engine opens");
    eprintln!(
        "engine over {} ready ({startup:?}) in {:.2} s",
        size.name(),
        started.elapsed().as_secs_f64()
    );
    engine
}

/// A spread of questions as people type them: comparisons on many topics, facts, typos,
/// Discord markup, off-topic and empty input.
pub const QUESTIONS: &[&str] = &[
    "TensorFlow or PyTorch for mobile apps?",
    "Which framework should I use for deep learning research?",
    "PyTorch or TensorFlow for running models in the browser?",
    "I'm a beginner, which one is easier to learn?",
    "what should I use for large language models",
    "tensorflow or pytorch if we train on TPUs",
    "which one is better for production deployment?",
    "Should I use TensorFlow or PyTorch for a tabular dataset?",
    "which is easier to debug",
    "pytorch vs tensorflow for computer vision and object detection",
    "best framework for reinforcement learning agents?",
    "which has more jobs on the market",
    "is pytorch faster than tensorflow on GPUs",
    "TF or torch for distributed training on a multi node cluster",
    "how do I export a model to ONNX",
    "who makes pytorch?",
    "what is the latest version of tensorflow",
    "which one has the bigger community and ecosystem",
    "is tensorflow free for commercial use? what license",
    "we already have a TensorFlow codebase, should we migrate to PyTorch?",
    "tensorflow or pytorch for NLP with hugging face transformers",
    "pytroch or tensorflwo for andriod phones",
    "reccomend a framwork for rapid prototypeing",
    "<@123456789012345678> which one for serving models behind a REST endpoint?",
    "Which should I choose for model serving with low latency inference?",
    "TensorFlow or PyTorch for a Raspberry Pi or microcontroller?",
    "what about tensorboard and experiment tracking",
    "data loading pipelines: tf.data vs DataLoader?",
    "tensorflow or pytorch on google cloud vertex ai",
    "should I just use an API like OpenAI instead?",
    "are there alternatives to both, like JAX?",
    "what went wrong for teams that switched frameworks",
    "eager execution vs static graphs, which is better",
    "pretrained models and model hubs: which has more?",
    "tensorflow or pytorch overall in 2026",
    "what's the weather like in Paris tomorrow?",
    "",
    "tensorflow",
    "Can PyTorch run on AMD ROCm GPUs and does TensorFlow support CUDA well, and which one is better for mixed precision training on large clusters with many GPUs for a startup building a generative AI product?",
    "pytorch",
];

/// Partial `/compare` input, as Discord sends it while someone types.
pub const PARTIALS: &[&str] = &[
    "",
    "m",
    "mo",
    "mob",
    "mobile",
    "Mobile/E",
    "l",
    "lea",
    "learning cu",
    "b",
    "brow",
    "g",
    "gpu",
    "tp",
    "tpu s",
    "perf",
    "job",
    "comm",
    "dep",
    "deploy",
    "pric",
    "distr",
    "hugg",
    "onnx",
    "xyz",
    "pytroch",
    "debu",
    "comunity",
    "serving l",
    "research pop",
];

/// Percentiles of individually timed calls.
#[derive(Debug, Clone, Copy)]
pub struct Percentiles {
    /// Number of samples.
    pub n: usize,
    /// Median.
    pub p50: Duration,
    /// 90th percentile.
    pub p90: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Slowest.
    pub max: Duration,
    /// Mean.
    pub mean: Duration,
}

impl Percentiles {
    /// Percentiles of `samples`.
    pub fn of(samples: &mut [Duration]) -> Percentiles {
        assert!(!samples.is_empty());
        samples.sort_unstable();
        let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
        let total: Duration = samples.iter().sum();
        Percentiles {
            n: samples.len(),
            p50: at(0.50),
            p90: at(0.90),
            p99: at(0.99),
            max: samples[samples.len() - 1],
            mean: total / samples.len() as u32,
        }
    }

    /// One line for the report.
    pub fn line(&self, what: &str) -> String {
        format!(
            "{what:<28} n={:<6} p50={:>10} p90={:>10} p99={:>10} max={:>10} mean={:>10}",
            self.n,
            fmt(self.p50),
            fmt(self.p90),
            fmt(self.p99),
            fmt(self.max),
            fmt(self.mean)
        )
    }
}

/// A duration in the unit that reads best.
pub fn fmt(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

/// Times every input `rounds` times, one call at a time, rounds interleaved so that no input is
/// measured only while caches are cold. Returns all samples, and each input's median, slowest
/// first.
pub fn time_each<T: Copy, R>(
    inputs: &[T],
    rounds: usize,
    mut call: impl FnMut(T) -> R,
) -> (Vec<Duration>, Vec<(usize, Duration)>) {
    let mut all = Vec::with_capacity(inputs.len() * rounds);
    let mut per_input: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); inputs.len()];
    for _ in 0..rounds {
        for (i, &input) in inputs.iter().enumerate() {
            let started = Instant::now();
            let out = call(input);
            let took = started.elapsed();
            std::hint::black_box(out);
            all.push(took);
            per_input[i].push(took);
        }
    }
    let mut slowest: Vec<(usize, Duration)> = per_input
        .iter_mut()
        .enumerate()
        .map(|(i, s)| (i, Percentiles::of(s).p50))
        .collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.1));
    (all, slowest)
}

/// Times every input on its own (see [`time_each`]) and returns the report: percentiles over
/// all calls, then the three slowest inputs by median.
pub fn timed_report<T: Copy + std::fmt::Debug, R>(
    what: &str,
    inputs: &[T],
    rounds: usize,
    call: impl FnMut(T) -> R,
) -> Vec<String> {
    let (mut samples, slowest) = time_each(inputs, rounds, call);
    let mut lines = vec![Percentiles::of(&mut samples).line(what)];
    for &(i, median) in slowest.iter().take(3) {
        lines.push(format!(
            "    slowest: {:>10} median  {:?}",
            fmt(median),
            inputs[i]
        ));
    }
    lines
}

/// Removes a directory if it is there.
pub fn remove(dir: &Path) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("removes scratch directory");
    }
}
