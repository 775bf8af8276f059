//! The `versus` command line: argument definitions and one function per command.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use versus::commands::App;
use versus::config::{Config, Secret};
use versus::discord::{self, BotOptions};
use versus::engine::{Engine, ReindexError, Startup};
use versus::index::IndexError;
use versus::{eval, gen, http, knowledge, render};

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
        /// The question (may start with "-": questions are never options)
        #[arg(allow_hyphen_values = true)]
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
    /// Turn an article (.html, .md or .txt) into faq/<ID>.toml, verbatim; prints what it found
    Import {
        /// The article file
        file: PathBuf,
        /// Source id [default: the file's stem]
        #[arg(long)]
        id: Option<String>,
        /// Title [default: what the article says]
        #[arg(long)]
        title: Option<String>,
        /// Publisher [default: what the article says]
        #[arg(long)]
        publisher: Option<String>,
        /// Date as YYYY-MM-DD [default: what the article says]
        #[arg(long)]
        date: Option<String>,
        /// Replace an earlier import of the same id
        #[arg(long)]
        force: bool,
    },
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
    /// Run the Discord bot (token from DISCORD_TOKEN) until Ctrl-C or SIGTERM
    Bot {
        /// Send Discord REST calls to this base URL instead, ratelimiter off; the gateway address
        /// then comes from its GET /gateway (e.g. a proxy, or a local stand-in)
        #[arg(long, env = "DISCORD_API_BASE")]
        api_base: Option<String>,
    },
    /// Serve Discord's HTTP interactions endpoint, a JSON API, /healthz and /metrics
    Serve {
        /// Address to listen on [default: from the config, 127.0.0.1:8080]
        #[arg(long)]
        listen: Option<String>,
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
        matches!(self.command, Command::Bot { .. } | Command::Serve { .. })
    }
}

#[derive(Clone)]
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
    let (config, s) = settings(&cli)?;
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
        Command::Import {
            file,
            id,
            title,
            publisher,
            date,
            force,
        } => {
            let options = versus::import::Options {
                id: id.clone(),
                title: title.clone(),
                publisher: publisher.clone(),
                date: date.clone(),
                force: *force,
            };
            import(&s, file, &options)
        }
        Command::Eval { file, min, json } => run_eval(&s, file, *min, *json),
        Command::Bot { api_base } => bot(&config, &s, api_base.clone()),
        Command::Serve { listen } => serve(&config, &s, listen.as_deref()),
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

fn import(s: &Settings, file: &Path, options: &versus::import::Options) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    match versus::import::import_article(&bytes, &name, options, &s.faq) {
        Ok(r) => {
            let counts: Vec<String> = r
                .counts
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| format!("{n} {}", k.as_str()))
                .collect();
            println!(
                "imported {} into {} in {:.1} ms: {}",
                name,
                r.file.display(),
                r.elapsed.as_secs_f64() * 1000.0,
                counts.join(", ")
            );
            let date = r.source_entry.as_of.as_deref().unwrap_or("none");
            println!("title: {} | date: {date}", r.source_entry.title);
            println!(
                "publisher: {}",
                r.source_entry.publisher.as_deref().unwrap_or("none")
            );
            println!("{} line(s) not placed:", r.unplaced.len());
            for u in &r.unplaced {
                println!("  {}:{}: {}", name, u.line, u.text);
            }
            println!(
                "review the diff of {}, commit, then `versus reindex`",
                s.faq.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            for line in e.details() {
                println!("{line}");
            }
            eprintln!("import refused: {e}");
            Ok(ExitCode::FAILURE)
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

fn bot(config: &Config, s: &Settings, api_base: Option<String>) -> Result<ExitCode> {
    let token = Secret::from_env("DISCORD_TOKEN").context(
        "DISCORD_TOKEN is not set: put the bot token from the Discord developer portal in the environment",
    )?;
    let api_base = api_base.filter(|b| !b.trim().is_empty());
    let engine = Arc::new(open_engine(s)?);
    let options = BotOptions {
        token,
        api_base,
        discord: config.discord.clone(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let result = runtime.block_on(async move {
        // Signal handlers are installed before connecting, so an early SIGTERM is clean too.
        let shutdown = shutdown_signal().context("cannot install signal handlers")?;
        discord::run(options, engine, shutdown)
            .await
            .map_err(anyhow::Error::from)
    });
    // A blocking task still running (a reindex) must not hold the exit forever.
    runtime.shutdown_timeout(Duration::from_secs(5));
    result?;
    Ok(ExitCode::SUCCESS)
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = tokio::signal::ctrl_c() => tracing::info!("Ctrl-C received"),
            _ = term.recv() => tracing::info!("SIGTERM received"),
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("Ctrl-C received");
        }
    })
}

fn serve(config: &Config, s: &Settings, listen: Option<&str>) -> Result<ExitCode> {
    let addr = listen.unwrap_or(&config.serve.listen).to_string();
    let options = http::Options::from_env(&config.serve)?;
    if options.public_key.is_none() {
        tracing::warn!("no DISCORD_PUBLIC_KEY (or [serve] public_key): /interactions is off");
    }
    match &options.admin_token {
        None => tracing::info!("no VERSUS_ADMIN_TOKEN: POST /api/reindex is off"),
        Some(t) if t.expose().len() < 16 => tracing::warn!(
            "VERSUS_ADMIN_TOKEN is shorter than 16 characters; use a long random one"
        ),
        Some(_) => {}
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let state = Arc::new(http::State::new(options)?);
        let stop = Arc::new(tokio::sync::Notify::new());
        // Listen first, so /healthz says 503 (not "connection refused") while the index loads.
        let server = tokio::spawn(http::serve(listener, state.clone(), stopped(stop.clone())));
        let settings = s.clone();
        let loaded = tokio::task::spawn_blocking(move || open_engine(&settings))
            .await
            .context("loading the index panicked")?;
        match loaded {
            Ok(engine) => {
                let generation = engine.brain().generation.number;
                state.install(Arc::new(App::new(Arc::new(engine), &config.discord)));
                tracing::info!(generation, "index loaded; answering");
            }
            Err(e) => {
                stop.notify_one();
                let _ = server.await;
                return Err(e);
            }
        }
        server
            .await
            .context("the server task failed")?
            .context("the server failed")?;
        Ok(ExitCode::SUCCESS)
    })
}

/// Resolves on Ctrl-C, SIGTERM, or `stop` (serve stops itself when there is nothing to serve).
async fn stopped(stop: Arc<tokio::sync::Notify>) {
    match shutdown_signal() {
        Ok(signal) => {
            tokio::select! {
                _ = signal => {}
                _ = stop.notified() => {}
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot install signal handlers; stop with the process");
            stop.notified().await;
        }
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
