//! `versus gaps [--days N] [--json]`: the store's `/gaps` report on the terminal, read from the
//! configured store (the same one `versus bot` and `versus serve` write to).

use std::process::ExitCode;

use anyhow::{Context, Result};
use versus::config::Config;
use versus_store::{GapsReport, Store};

/// Opens the store read-mostly (nothing is recorded) and prints the report.
pub fn run(config: &Config, days: u32, json: bool) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = runtime.block_on(async {
        let mut settings = config.store.store_config();
        // Reading the report must not start logging anything from this process.
        settings.record_questions = false;
        let store = Store::open(&settings)
            .await
            .context("cannot open the store")?;
        store
            .gaps(days)
            .await
            .context("cannot read the question log")
    })?;
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", text(&report));
    }
    Ok(ExitCode::SUCCESS)
}

/// The report for a person.
fn text(r: &GapsReport) -> String {
    let t = &r.totals;
    let mut out = format!(
        "Last {} day(s): {} asked, {} answered, {} helpful, {} not helpful",
        r.days, t.asked, t.answered, t.helpful, t.not_helpful
    );
    if let Some(rate) = t.helpful_rate {
        out.push_str(&format!(" ({:.0}% helpful)", rate * 100.0));
    }
    out.push_str("\n\nUnanswered:\n");
    if r.unanswered.is_empty() {
        out.push_str("  (none)\n");
    }
    for g in &r.unanswered {
        out.push_str(&format!("  {:>5}×  {}", g.count, g.question));
        if !g.unplaced.is_empty() {
            out.push_str(&format!("  [words: {}]", g.unplaced.join(" ")));
        }
        if let Some(frame) = &g.frame {
            out.push_str(&format!("  [frame: {frame}]"));
        }
        out.push('\n');
    }
    out.push_str("\nMarked not helpful:\n");
    if r.not_helpful.is_empty() {
        out.push_str("  (none)\n");
    }
    for w in &r.not_helpful {
        out.push_str(&format!(
            "  👎 {} 👍 {}  {}  (verdict: {})\n",
            w.not_helpful,
            w.helpful,
            w.question,
            w.verdict.as_deref().unwrap_or("none")
        ));
    }
    out
}
