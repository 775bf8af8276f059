//! `gen-kb`: writes a synthetic knowledge base of N entries for benchmarks, from the topics of a
//! real `faq/`. `cargo run -p versus-kb-gen -- --rows 10000 --out target/bench-kb-10000/faq`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use versus_core::knowledge;
use versus_kb_gen::{generate, Base, Spec};

/// Write a synthetic knowledge base of N entries (for benchmarks), from a faq/'s topics.
#[derive(Debug, Parser)]
#[command(name = "gen-kb", version, about)]
struct Args {
    /// Number of entries, all kinds together
    #[arg(long)]
    rows: usize,
    /// Output directory: missing, empty, or an earlier gen-kb output
    #[arg(long)]
    out: PathBuf,
    /// Seed: the same seed and topics give the same files
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The real knowledge whose topics and lexicon.toml are reused
    #[arg(long, default_value = "faq")]
    faq: PathBuf,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<()> {
    // The real topics, so generated questions read like real ones.
    let base = knowledge::load_dir(&args.faq).map_err(|problems| {
        anyhow::anyhow!(
            "{} has {} problem(s) (run `versus check`); its topics are needed",
            args.faq.display(),
            problems.len()
        )
    })?;
    let spec = Spec {
        entries: args.rows,
        seed: args.seed,
    };
    let lexicon = std::fs::read_to_string(args.faq.join("lexicon.toml")).ok();
    let base = Base {
        topics: &base.topics,
        lexicon: lexicon.as_deref(),
    };
    let summary = generate(&args.out, &spec, base)
        .with_context(|| format!("cannot generate into {}", args.out.display()))?;
    println!(
        "generated {} entries from {} sources, {} topics, in {} files ({:.1} MB) at {}",
        summary.entries,
        summary.sources,
        summary.topics,
        summary.files,
        summary.bytes as f64 / 1e6,
        args.out.display()
    );
    Ok(())
}
