//! Running the `versus` command line: one function per command, over the definitions in
//! `args`. Long-running services are wired by `versus::startup`.

mod args;
mod gaps;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use versus::config::Config;
use versus::gateway::register::{self, Registration};
use versus::gateway::shards::{self, ShardPlan};
use versus::gateway::Scope;
use versus::startup::{self, open_engine, Dirs};
use versus_core::engine::{Engine, ReindexError, Startup};
use versus_core::index::IndexError;
use versus_core::l10n::Locale;
use versus_core::{eval, knowledge, render};

pub use args::{Cli, Command, ShardArgs};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let path = cli
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("config.toml"));
    let mut config = Config::load(&path)?;
    let s = Dirs::new(&config, cli.faq.as_deref(), cli.index.as_deref());
    match &cli.command {
        Command::Ask {
            json,
            lang,
            question,
        } => ask(&s, *json, *lang, question),
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
            accept_topics,
        } => {
            let options = versus_import::Options {
                id: id.clone(),
                title: title.clone(),
                publisher: publisher.clone(),
                date: date.clone(),
                force: *force,
                accept_topics: *accept_topics,
                origin: None,
            };
            import(&config, &s, file, options)
        }
        Command::Eval { file, min, json } => run_eval(&s, file, *min, *json),
        Command::Gaps { days, json } => gaps::run(&config, *days, *json),
        Command::Bot { api_base, shards } => {
            apply_shards(&mut config, shards)?;
            startup::run_bot(&config, &s, api_base.clone())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Register { api_base } => {
            let report = startup::run_register(&config, api_base.clone())?;
            println!("{}", registered_text(&report));
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { listen } => {
            startup::run_server(&config, &s, *listen)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The command line's (and the environment's) shard settings over the config's; an ordinal
/// becomes its range of shard ids.
fn apply_shards(config: &mut Config, args: &ShardArgs) -> Result<()> {
    let d = &mut config.discord;
    if let Some(n) = args.shards {
        d.shards = n;
    }
    if let Some(ids) = args.shard_ids {
        d.shard_ids = Some(ids);
    }
    let plan = shards::plan(
        d.shards,
        d.shard_ids,
        args.shard_ordinal,
        args.shards_per_process,
    )?;
    if let ShardPlan::Fixed { first, last, .. } = plan {
        d.shard_ids = Some(shards::ShardIds { first, last });
    }
    Ok(())
}

/// What `versus register` says it did.
fn registered_text(report: &register::Report) -> String {
    let scope = match report.scope {
        Scope::Global => "globally".to_string(),
        Scope::Guild(g) => format!("in guild {g}"),
    };
    match report.registration {
        Registration::Updated => format!(
            "registered {} slash commands {scope} for application {} (one bulk overwrite)",
            report.commands, report.application_id
        ),
        Registration::Unchanged => format!(
            "slash commands unchanged {scope} for application {}: nothing sent",
            report.application_id
        ),
    }
}

fn ask(s: &Dirs, json: bool, lang: Option<Locale>, question: &[String]) -> Result<ExitCode> {
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
            let answer = engine.ask_in(q, lang);
            serde_json::to_writer(&mut out, &answer)?;
            out.write_all(b"\n")?;
            out.flush()?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let q = question.join(" ");
    let answer = engine.ask_in(&q, lang);
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

/// The article's bytes and the name it is imported as: read from a file, or fetched from an
/// https URL within `[import]`'s rules (the URL then is the source's origin).
fn article(
    config: &Config,
    file: &Path,
    options: &mut versus_import::Options,
) -> std::result::Result<(Vec<u8>, String), String> {
    let arg = file.to_string_lossy();
    if arg.starts_with("https://") || arg.starts_with("http://") {
        let api_base = std::env::var("DISCORD_API_BASE").ok();
        let bytes = startup::fetch_page(config, api_base.as_deref(), &arg)
            .map_err(|e| format!("cannot fetch the page: {e}"))?;
        options.origin = Some(arg.to_string());
        let name = versus_import::page_file_name(&arg, &bytes);
        return Ok((bytes, name));
    }
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    versus_import::read_file(file)
        .map(|bytes| (bytes, name.into_owned()))
        .map_err(|e| e.to_string())
}

fn import(
    config: &Config,
    s: &Dirs,
    file: &Path,
    mut options: versus_import::Options,
) -> Result<ExitCode> {
    let (bytes, name) = match article(config, file, &mut options) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("import refused: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    match versus_import::import_article(&bytes, &name, &options, &s.faq) {
        Ok(r) => {
            print!("{}", import_summary(&name, &r, &s.faq));
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

/// What `versus import` prints: the counts and source, every entry placed and every line not
/// placed (each with its line in the article), and the topic proposed for a new subject.
fn import_summary(name: &str, r: &versus_import::Report, faq: &Path) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let counts: Vec<String> = r
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "imported {} into {} in {:.1} ms: {}",
        name,
        r.file.display(),
        r.elapsed.as_secs_f64() * 1000.0,
        counts.join(", ")
    );
    let source = &r.source_entry;
    let date = source.as_of.as_deref().unwrap_or("none");
    let _ = writeln!(out, "title: {} | date: {date}", source.title);
    let publisher = source.publisher.as_deref().unwrap_or("none");
    let _ = writeln!(out, "publisher: {publisher} | origin: {}", source.origin);
    let _ = writeln!(out, "{} entr(y/ies) placed:", r.placed.len());
    for p in &r.placed {
        let topics = p.topics.join(", ");
        let _ = writeln!(
            out,
            "  {name}:{}: {} {} [{topics}]",
            p.line,
            p.kind.as_str(),
            p.label
        );
    }
    let _ = writeln!(
        out,
        "{} line(s) not placed (place them by hand if they matter):",
        r.unplaced.len()
    );
    for u in &r.unplaced {
        let _ = writeln!(out, "  {}:{}: {}", name, u.line, u.text);
    }
    if let Some(p) = &r.proposal {
        let verb = if r.topics_accepted {
            "added to topics.toml"
        } else {
            "proposed (pass --accept-topics to add it)"
        };
        let _ = writeln!(
            out,
            "new topic `{}` {verb}: {}",
            p.topic.id,
            p.topic.words.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "review the diff of {}, commit, then `versus reindex`",
        faq.display()
    );
    out
}

fn reindex(s: &Dirs) -> Result<ExitCode> {
    let started = Instant::now();
    let engine = match Engine::open(&s.faq, &s.index) {
        // Opening just built a generation from this very faq/: building it again would be the
        // same work twice.
        Ok((engine, Startup::Built)) => {
            let brain = engine.brain();
            print_reindexed(
                brain.generation.number,
                brain.knowledge().entries.len(),
                brain.knowledge().sources.len(),
                started.elapsed(),
            );
            return Ok(ExitCode::SUCCESS);
        }
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
            print_reindexed(r.generation, r.entries, r.sources, r.elapsed);
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

fn print_reindexed(generation: u64, entries: usize, sources: usize, elapsed: Duration) {
    println!(
        "reindexed: generation {generation}, {entries} entries from {sources} sources in {:.1} ms",
        elapsed.as_secs_f64() * 1000.0
    );
}

fn run_eval(s: &Dirs, file: &Path, min: Option<f64>, json: bool) -> Result<ExitCode> {
    let cases = eval::load(file)?;
    let engine = open_engine(s)?;
    let report = eval::run(&engine, &cases);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for o in report.outcomes.iter().filter(|o| !o.passed) {
            println!("FAIL {} {:?}: {}", o.id, o.question, o.failures.join("; "));
        }
        println!("{:<18} {:>6} {:>6}", "frame", "passed", "cases");
        for f in report.by_frame() {
            println!("{:<18} {:>6} {:>6}", f.frame.as_str(), f.passed, f.total);
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
