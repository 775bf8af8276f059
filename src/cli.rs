//! The `versus` command line: argument definitions and one function per command.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use versus::config::Config;
use versus::engine::{Engine, ReindexError, Startup};
use versus::index::IndexError;
use versus::{eval, gen, knowledge, render};

/// TensorFlow or PyTorch? Cited answers from the knowledge in faq/.
#[derive(Debug, Parser)]
#[command(name = "versus", version, about)]
pub struct Cli {
    /// Config file [default: ./config.toml, or VERSUS_CONFIG]
    #[arg(long, global = true, env = "VERSUS_CONFIG")]
    pub config: Option<PathBuf>,
    /// Knowledge directory (overrides the config)
    #[arg(long, global = true)]
    pub faq: Option<PathBuf>,
    /// Index directory (overrides the config)
    #[arg(long, global = true)]
    pub index: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a question (with no question and --json: one question per line from stdin)
    Ask {
        /// Print one JSON object
        #[arg(long)]
        json: bool,
        /// The question
        question: Vec<String>,
    },
    /// Show every source's row for a feature side by side
    Compare {
        /// Print JSON
        #[arg(long)]
        json: bool,
        /// The feature or topic, e.g. "Mobile/Edge" or "browser"
        feature: Vec<String>,
    },
    /// List the sources with their dates
    Sources {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Validate a knowledge directory; lists every problem as file:line: message
    Check {
        /// The directory [default: the configured faq/]
        dir: Option<PathBuf>,
    },
    /// Rebuild the index from faq/ and switch to it
    Reindex,
    /// Score the engine on an eval file
    Eval {
        /// The eval TOML file
        file: PathBuf,
        /// Exit 1 when the score is below this (0–1)
        #[arg(long)]
        min: Option<f64>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Write a synthetic knowledge base of N entries (for benchmarks), from the configured topics
    #[command(name = "gen-kb")]
    GenKb {
        /// Number of entries, all kinds together
        #[arg(long)]
        rows: usize,
        /// Output directory: missing, empty, or an earlier gen-kb output
        #[arg(long)]
        out: PathBuf,
        /// Seed: the same seed and topics give the same files
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

impl Cli {
    /// Whether the command is a long-running service (logs at info).
    pub fn is_service(&self) -> bool {
        false
    }
}

struct Settings {
    faq: PathBuf,
    index: PathBuf,
}

fn settings(cli: &Cli) -> Result<(Config, Settings)> {
    let path = cli
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("config.toml"));
    let config = Config::load(&path)?;
    let faq = cli.faq.clone().unwrap_or_else(|| config.paths.faq.clone());
    let index = cli
        .index
        .clone()
        .unwrap_or_else(|| config.paths.index.clone());
    Ok((config, Settings { faq, index }))
}

fn open_engine(s: &Settings) -> Result<Engine> {
    match Engine::open(&s.faq, &s.index) {
        Ok((engine, startup)) => {
            if startup == Startup::StaleServing {
                eprintln!(
                    "warning: {} has problems (run `versus check`); answering from the last good index",
                    s.faq.display()
                );
            }
            Ok(engine)
        }
        Err(IndexError::Invalid(problems)) => {
            for p in &problems {
                eprintln!("{p}");
            }
            anyhow::bail!(
                "{} has {} problem(s) and there is no earlier index to answer from",
                s.faq.display(),
                problems.len()
            )
        }
        Err(e) => Err(e).context(format!("cannot open the index at {}", s.index.display())),
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let (_config, s) = settings(&cli)?;
    match &cli.command {
        Command::Ask { json, question } => ask(&s, *json, question),
        Command::Compare { json, feature } => {
            let engine = open_engine(&s)?;
            let c = engine.compare(&feature.join(" "));
            if *json {
                println!("{}", serde_json::to_string(&c)?);
            } else {
                print!("{}", render::comparison_text(&c));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Sources { json } => {
            let engine = open_engine(&s)?;
            let sources = engine.sources();
            if *json {
                println!("{}", serde_json::to_string(&sources)?);
            } else {
                print!("{}", render::sources_text(&sources));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { dir } => Ok(check(dir.as_deref().unwrap_or(&s.faq))),
        Command::Reindex => reindex(&s),
        Command::Eval { file, min, json } => run_eval(&s, file, *min, *json),
        Command::GenKb { rows, out, seed } => gen_kb(&s, *rows, out, *seed),
    }
}

fn ask(s: &Settings, json: bool, question: &[String]) -> Result<ExitCode> {
    let engine = open_engine(s)?;
    let stdout = std::io::stdout();
    if question.is_empty() {
        if !json {
            anyhow::bail!(
                "no question given (pass one, or use --json to read questions from stdin)"
            );
        }
        let stdin = std::io::stdin();
        let mut out = stdout.lock();
        for line in stdin.lock().split(b'\n') {
            let line = line.context("cannot read stdin")?;
            let q = String::from_utf8_lossy(&line);
            let q = q.trim_end_matches('\r');
            let answer = engine.ask(q);
            serde_json::to_writer(&mut out, &answer)?;
            out.write_all(b"\n")?;
            out.flush()?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let q = question.join(" ");
    let answer = engine.ask(&q);
    let mut out = stdout.lock();
    if json {
        serde_json::to_writer(&mut out, &answer)?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(render::answer_text(&answer).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn check(dir: &Path) -> ExitCode {
    match knowledge::load_dir(dir) {
        Ok(k) => {
            let counts: Vec<String> = k
                .counts()
                .iter()
                .map(|(kind, n)| format!("{n} {}", kind.as_str()))
                .collect();
            println!(
                "{}: ok — {} sources, {} topics, {} entries ({})",
                dir.display(),
                k.sources.len(),
                k.topics.len(),
                k.entries.len(),
                counts.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in &problems {
                println!("{p}");
            }
            eprintln!("{} problem(s) in {}", problems.len(), dir.display());
            ExitCode::FAILURE
        }
    }
}

fn reindex(s: &Settings) -> Result<ExitCode> {
    let engine = match Engine::open(&s.faq, &s.index) {
        Ok((engine, _)) => engine,
        Err(IndexError::Invalid(problems)) => {
            for p in &problems {
                println!("{p}");
            }
            eprintln!(
                "reindex refused: {} problem(s); nothing changed",
                problems.len()
            );
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e).context("cannot open the index"),
    };
    match engine.reindex() {
        Ok(r) => {
            println!(
                "reindexed: generation {}, {} entries from {} sources in {:.1} ms",
                r.generation,
                r.entries,
                r.sources,
                r.elapsed.as_secs_f64() * 1000.0
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ReindexError::Index(IndexError::Invalid(problems))) => {
            for p in &problems {
                println!("{p}");
            }
            eprintln!(
                "reindex refused: {} problem(s); the previous index keeps serving",
                problems.len()
            );
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e).context("reindex failed; the previous index keeps serving"),
    }
}

fn run_eval(s: &Settings, file: &Path, min: Option<f64>, json: bool) -> Result<ExitCode> {
    let cases = eval::load(file)?;
    let engine = open_engine(s)?;
    let report = eval::run(&engine, &cases);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for o in report.outcomes.iter().filter(|o| !o.passed) {
            println!("FAIL {} {:?}: {}", o.id, o.question, o.failures.join("; "));
        }
        println!(
            "eval: {} of {} passed, score {:.3}",
            report.passed, report.total, report.score
        );
    }
    match min {
        Some(m) if report.score < m => {
            eprintln!("score {:.3} is below --min {m}", report.score);
            Ok(ExitCode::FAILURE)
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn gen_kb(s: &Settings, rows: usize, out: &Path, seed: u64) -> Result<ExitCode> {
    // The real topics, from the configured faq/, so generated questions read like real ones.
    let base = knowledge::load_dir(&s.faq).map_err(|problems| {
        anyhow::anyhow!(
            "{} has {} problem(s) (run `versus check`); its topics are needed",
            s.faq.display(),
            problems.len()
        )
    })?;
    let spec = gen::Spec {
        entries: rows,
        seed,
    };
    let summary = gen::generate(out, &spec, &base.topics)
        .with_context(|| format!("cannot generate into {}", out.display()))?;
    println!(
        "generated {} entries from {} sources, {} topics, in {} files ({:.1} MB) at {}",
        summary.entries,
        summary.sources,
        summary.topics,
        summary.files,
        summary.bytes as f64 / 1e6,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
