//! The `versus` binary: parse arguments, set up tracing, dispatch, turn the result into an exit
//! code. Everything else lives in the library and in `cli`.

mod cli;

// mimalloc: the answer path allocates many small strings; under `versus serve` load it cut CPU
// per answer by about a fifth against glibc malloc (BENCHMARKS.md). Built without transparent
// huge pages (Cargo.toml's `no_thp`): they doubled peak RSS, and their throughput gain, if any, is
// within a loaded machine's noise (benches/HISTORY.md, 2026-12-04).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::prelude::*;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // serenity's websocket warnings quote whole gateway payloads (message content): errors only.
    let default = if cli.is_service() {
        "info,serenity::gateway::ws=error"
    } else {
        "warn"
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    // tungstenite traces every websocket frame, the IDENTIFY with the bot token in it: those
    // lines are never written, whatever RUST_LOG asks for.
    let no_frames = filter_fn(|m| {
        !(m.target().starts_with("tungstenite") && *m.level() == tracing::Level::TRACE)
    });
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal())
                .with_filter(filter)
                .with_filter(no_frames),
        )
        // serenity only logs a 4011 close; this turns it into the bot stopping with advice.
        .with(versus::gateway::closes::layer())
        .init();
    match cli::run(cli) {
        Ok(code) => code,
        // A reader that went away (`versus ask … | head`) is not an error worth a message.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
