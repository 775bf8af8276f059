//! One implementation of every user-facing command, shared by the gateway bot and the HTTP
//! interactions endpoint: `(state, caller, invocation) -> reply`, over plain values. Knows the
//! shape of Discord's messages (through `render::discord`) but not serenity or HTTP.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::config;
use crate::engine::{Answer, Engine, ReindexError, ReindexReport};
use crate::index::IndexError;
use crate::render::discord::{self as view, Choice, Message};

/// Manage Server, as Discord's permission bit set string.
pub const MANAGE_GUILD: &str = "32";
/// How many reindex problems a reply lists before "and N more".
const MAX_PROBLEMS_SHOWN: usize = 15;

/// Who is asking.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// Discord user id.
    pub user_id: u64,
    /// Guild, when not in a DM.
    pub guild_id: Option<u64>,
    /// Channel the request came from.
    pub channel_id: Option<u64>,
    /// The member's role ids (empty in DMs).
    pub role_ids: Vec<u64>,
}

/// What the user asked for, whatever transport carried it.
#[derive(Debug, Clone, PartialEq)]
pub enum Invocation {
    /// `/ask question`.
    Ask {
        /// The question.
        question: String,
    },
    /// A mention or DM, the bot's own mention already removed.
    Mention {
        /// The message text.
        text: String,
    },
    /// `/compare feature`.
    Compare {
        /// The feature.
        feature: String,
    },
    /// Autocomplete for an option of a command.
    Autocomplete {
        /// The command.
        command: String,
        /// What the user has typed so far.
        partial: String,
    },
    /// `/sources`.
    Sources,
    /// `/help`.
    Help,
    /// `/reindex`.
    Reindex,
    /// A command this version does not know.
    Unknown {
        /// Its name.
        name: String,
    },
}

impl Invocation {
    /// The command's name, for logs and metrics.
    pub fn name(&self) -> &str {
        match self {
            Invocation::Ask { .. } => "ask",
            Invocation::Mention { .. } => "mention",
            Invocation::Compare { .. } => "compare",
            Invocation::Autocomplete { .. } => "autocomplete",
            Invocation::Sources => "sources",
            Invocation::Help => "help",
            Invocation::Reindex => "reindex",
            Invocation::Unknown { .. } => "unknown",
        }
    }

    /// Whether answering may take longer than an interaction's 3 s deadline (defer first).
    pub fn is_slow(&self) -> bool {
        matches!(self, Invocation::Reindex)
    }
}

/// What to send back.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A message; ephemeral ones are seen only by the caller.
    Message {
        /// The message.
        message: Message,
        /// Only the caller sees it.
        ephemeral: bool,
    },
    /// Autocomplete choices.
    Choices(Vec<Choice>),
}

impl Reply {
    fn public(message: Message) -> Reply {
        Reply::Message {
            message,
            ephemeral: false,
        }
    }

    fn private(message: Message) -> Reply {
        Reply::Message {
            message,
            ephemeral: true,
        }
    }

    /// A short outcome label for logs and metrics.
    pub fn outcome(&self) -> &'static str {
        match self {
            Reply::Choices(_) => "choices",
            Reply::Message {
                ephemeral: true, ..
            } => "ephemeral",
            Reply::Message { .. } => "message",
        }
    }
}

/// Per-user cooldowns on questions.
#[derive(Debug)]
pub struct Cooldowns {
    period: Duration,
    last: Mutex<HashMap<u64, Instant>>,
}

impl Cooldowns {
    /// Cooldowns of `period` (zero turns them off).
    pub fn new(period: Duration) -> Cooldowns {
        Cooldowns {
            period,
            last: Mutex::new(HashMap::new()),
        }
    }

    /// Records a question by `user` now; `Err(wait)` when they asked too recently.
    pub fn check(&self, user: u64) -> Result<(), Duration> {
        self.check_at(user, Instant::now())
    }

    /// As [`Cooldowns::check`], at a given instant.
    pub fn check_at(&self, user: u64, now: Instant) -> Result<(), Duration> {
        if self.period.is_zero() {
            return Ok(());
        }
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&at) = last.get(&user) {
            let since = now.saturating_duration_since(at);
            if since < self.period {
                return Err(self.period - since);
            }
        }
        last.insert(user, now);
        // Forget users whose cooldown is long over, so the map stays small.
        if last.len() > 10_000 {
            let period = self.period;
            last.retain(|_, at| now.saturating_duration_since(*at) < period);
        }
        Ok(())
    }
}

/// Everything the commands need.
#[derive(Debug)]
pub struct App {
    /// The answering engine.
    pub engine: Arc<Engine>,
    /// Who may run admin commands.
    pub admins: Admins,
    /// Question cooldowns.
    pub cooldowns: Cooldowns,
}

/// Who may run admin commands.
#[derive(Debug, Clone, Default)]
pub struct Admins {
    /// Role ids.
    pub roles: Vec<u64>,
    /// User ids.
    pub users: Vec<u64>,
}

impl Admins {
    /// Whether `caller` is an admin.
    pub fn allows(&self, caller: &Caller) -> bool {
        self.users.contains(&caller.user_id)
            || caller.role_ids.iter().any(|r| self.roles.contains(r))
    }
}

impl App {
    /// The app for an engine and the Discord settings.
    pub fn new(engine: Arc<Engine>, discord: &config::Discord) -> App {
        App {
            engine,
            admins: Admins {
                roles: discord.admin_role_ids.clone(),
                users: discord.admin_user_ids.clone(),
            },
            cooldowns: Cooldowns::new(Duration::from_secs(discord.ask_cooldown_secs)),
        }
    }
}

/// Hears about the work behind a reply, for a transport's metrics. Both methods default to
/// doing nothing; `()` is the observer that hears nothing.
pub trait Observer {
    /// An answer to a question was computed in `elapsed`.
    fn answer(&self, _answer: &Answer, _elapsed: Duration) {}
    /// A reindex ran (an admin asked for it) and took `elapsed`.
    fn reindex(&self, _result: &Result<ReindexReport, ReindexError>, _elapsed: Duration) {}
}

impl Observer for () {}

/// Handles one invocation. Blocking work (a reindex) runs inline: call from a blocking context
/// when [`Invocation::is_slow`].
pub fn handle(app: &App, caller: &Caller, invocation: Invocation) -> Reply {
    handle_observed(app, caller, invocation, &())
}

/// As [`handle`], telling `observer` about the answers and reindexes behind the reply.
pub fn handle_observed(
    app: &App,
    caller: &Caller,
    invocation: Invocation,
    observer: &dyn Observer,
) -> Reply {
    match invocation {
        Invocation::Ask { question } | Invocation::Mention { text: question } => {
            if let Err(wait) = app.cooldowns.check(caller.user_id) {
                return Reply::private(view::error(&format!(
                    "You're asking quickly! Please wait {} more second(s) before the next question.",
                    wait.as_secs().max(1)
                )));
            }
            if question.trim().is_empty() {
                return Reply::private(view::help());
            }
            let started = Instant::now();
            let answer = app.engine.ask(&question);
            observer.answer(&answer, started.elapsed());
            Reply::public(view::answer(&answer))
        }
        Invocation::Compare { feature } => {
            Reply::public(view::comparison(&app.engine.compare(&feature)))
        }
        Invocation::Autocomplete { partial, .. } => Reply::Choices(view::choices(
            &app.engine.suggest(&partial, view::MAX_CHOICES),
        )),
        Invocation::Sources => Reply::public(view::sources(&app.engine.sources())),
        Invocation::Help => Reply::private(view::help()),
        Invocation::Reindex => {
            if !app.admins.allows(caller) {
                return Reply::private(view::error(
                    "Only versus admins can reindex. Ask a server admin to add your role to `admin_role_ids` in config.toml.",
                ));
            }
            let started = Instant::now();
            let result = app.engine.reindex();
            observer.reindex(&result, started.elapsed());
            Reply::private(reindex_message(result))
        }
        Invocation::Unknown { name } => Reply::private(view::error(&format!(
            "I don't know the command `{}`. Try /help.",
            view::escape(&name)
        ))),
    }
}

/// The reply to a reindex, for whichever transport asked.
pub fn reindex_message(result: Result<ReindexReport, ReindexError>) -> Message {
    match result {
        Ok(r) => Message::embed(view::Embed {
            title: Some("Reindexed".to_string()),
            description: Some(format!(
                "Generation {} is live: {} entries from {} sources, built in {:.1} ms.",
                r.generation,
                r.entries,
                r.sources,
                r.elapsed.as_secs_f64() * 1000.0
            )),
            ..view::Embed::default()
        }),
        Err(ReindexError::Busy) => {
            view::error("A reindex is already running; try again when it finishes.")
        }
        Err(ReindexError::Index(IndexError::Invalid(problems))) => {
            let mut text = format!(
                "faq/ has {} problem(s); nothing changed and the current knowledge keeps answering.\n```\n",
                problems.len()
            );
            for p in problems.iter().take(MAX_PROBLEMS_SHOWN) {
                text.push_str(&p.to_string().replace("```", "'''"));
                text.push('\n');
            }
            if problems.len() > MAX_PROBLEMS_SHOWN {
                text.push_str(&format!(
                    "… and {} more\n",
                    problems.len() - MAX_PROBLEMS_SHOWN
                ));
            }
            text.push_str("```");
            view::error(&text)
        }
        Err(e) => {
            tracing::error!(error = %e, "reindex failed");
            view::error("The reindex failed; the current knowledge keeps answering. The log has the details.")
        }
    }
}

/// The slash commands, as the JSON body of Discord's bulk overwrite
/// (`PUT /applications/{app}/commands`).
pub fn definitions() -> Value {
    json!([
        {
            "name": "ask",
            "type": 1,
            "description": "Ask TensorFlow or PyTorch for something; get a verdict with cited sources",
            "options": [{
                "type": 3,
                "name": "question",
                "description": "e.g. TensorFlow or PyTorch for mobile apps?",
                "required": true,
                "max_length": 1000
            }]
        },
        {
            "name": "compare",
            "type": 1,
            "description": "Every source's row for one feature, side by side",
            "options": [{
                "type": 3,
                "name": "feature",
                "description": "A feature or topic, e.g. Mobile/Edge",
                "required": true,
                "autocomplete": true,
                "max_length": 100
            }]
        },
        {
            "name": "sources",
            "type": 1,
            "description": "The articles versus quotes, with their dates"
        },
        {
            "name": "help",
            "type": 1,
            "description": "What versus can do, with example questions"
        },
        {
            "name": "reindex",
            "type": 1,
            "description": "Admins: reload the knowledge base from faq/",
            "default_member_permissions": MANAGE_GUILD,
            "dm_permission": false
        }
    ])
}
