//! The `versus` command line's definitions, apart from running them (`run`): what a user can
//! type, with its help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use versus_core::l10n::Locale;

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
        /// The language of versus's own words: en, es, fr, de or pt-BR [default: the
        /// question's]; quotes stay as the articles have them
        #[arg(long, value_name = "LANG", value_parser = parse_lang)]
        lang: Option<Locale>,
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
    /// Turn an article (.html, .md or .txt, a file or an https URL) into faq/<ID>.toml, verbatim; prints what it placed and what not
    Import {
        /// The article file, or its https URL on a host of `[import] allowed_hosts`
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
        /// Add the topic proposed for what the article covers and faq/ does not to topics.toml
        #[arg(long)]
        accept_topics: bool,
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
    /// Admins: the questions versus could not answer and the answers marked not helpful
    Gaps {
        /// How many days back to look
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3650))]
        days: u32,
        /// Print the report as JSON (the object GET /api/gaps returns)
        #[arg(long)]
        json: bool,
    },
    /// Run the Discord bot (token from DISCORD_TOKEN) until Ctrl-C or SIGTERM
    Bot {
        /// Send Discord REST calls to this base URL instead, ratelimiter off; the gateway address
        /// then comes from its GET /gateway (e.g. a proxy, or a local stand-in)
        #[arg(long, env = "DISCORD_API_BASE")]
        api_base: Option<String>,
        #[command(flatten)]
        shards: ShardArgs,
    },
    /// Register the slash commands (token from DISCORD_TOKEN), globally or in dev_guild_id, only
    /// when they changed; for HTTP-only deployments, which never connect to the gateway
    Register {
        /// Send the Discord REST calls to this base URL instead (e.g. a local stand-in)
        #[arg(long, env = "DISCORD_API_BASE")]
        api_base: Option<String>,
    },
    /// Serve Discord's HTTP interactions endpoint, a JSON API, /healthz and /metrics
    Serve {
        /// Address to listen on [default: from the config, 127.0.0.1:8080]
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
    },
}

/// Which gateway shards `versus bot` runs (overriding `[discord] shards` and `shard_ids`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ShardArgs {
    /// The bot's total shard count, every process alike [default: as Discord recommends]
    #[arg(long, env = "VERSUS_SHARDS")]
    pub shards: Option<u32>,
    /// The shards this process runs, "A-B" or "A" [default: all]
    #[arg(long, env = "VERSUS_SHARD_IDS")]
    pub shard_ids: Option<versus::gateway::shards::ShardIds>,
    /// This replica's ordinal (a number, or a pod name like versus-bot-2): runs shards
    /// ordinal*per_process .. +per_process-1
    #[arg(long, env = "VERSUS_SHARD_ORDINAL", value_parser = versus::gateway::shards::parse_ordinal)]
    pub shard_ordinal: Option<u32>,
    /// Shards per replica, with --shard-ordinal
    #[arg(long, env = "VERSUS_SHARDS_PER_PROCESS")]
    pub shards_per_process: Option<u32>,
}

impl Cli {
    /// Whether the command is a long-running service (logs at info).
    pub fn is_service(&self) -> bool {
        matches!(self.command, Command::Bot { .. } | Command::Serve { .. })
    }
}

/// `--lang`: a language versus speaks.
fn parse_lang(tag: &str) -> Result<Locale, String> {
    Locale::from_tag(tag)
        .ok_or_else(|| format!("versus does not speak {tag:?}; use en, es, fr, de or pt-BR"))
}
