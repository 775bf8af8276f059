//! The command table and the one command layer every transport calls: `(app, caller,
//! invocation) -> reply`, over plain values. A slash command is one [`Command`] value in
//! [`COMMANDS`]: its name, options, who may run it, whether it is slow, its help line and the
//! function that answers it. Registration, parsing, `/help` and dispatch all read that table,
//! so a new command is added there and nowhere else. Knows Discord's shapes (ids, permissions,
//! embeds) but no transport: neither serenity nor HTTP.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::attachment::{Attachment, Attachments};
use crate::components::{AnswerKey, ButtonVote};
use crate::follow_up::{self, Asker, FollowUps};
use crate::gaps_view;
use crate::help_pointer;
use crate::journal::{Asked, Journal, Origin};
use crate::validate;
use crate::view::{self, Choice, Message};
use crate::wire::CommandType;
use versus_core::engine::{Answer, Engine, ReindexError, ReindexReport};
use versus_core::index::IndexError;
use versus_core::l10n::{self, Arg, Locale};

/// Manage Server, as Discord's permission bit set string.
pub const MANAGE_GUILD: &str = "32";
/// How many reindex problems a reply lists before "and N more".
const MAX_PROBLEMS_SHOWN: usize = 15;
/// `/gaps`'s window when none is given: a month shows a trend without stale questions.
pub const DEFAULT_GAPS_DAYS: u32 = 30;
/// The longest `/gaps` window: ten years, far past any retention.
const MAX_GAPS_DAYS: u32 = 3650;

/// The transport an invocation arrived by: the gateway's events or the `/interactions`
/// webhook. The transport says so on the [`Caller`] it builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Via {
    /// A gateway event (a slash command or a message).
    #[default]
    Gateway,
    /// An HTTP request to `/interactions`.
    Webhook,
}

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
    /// The language of the user's Discord, which every interaction carries (English for one
    /// versus does not speak); `None` for a message, which is answered in its own language.
    pub locale: Option<Locale>,
    /// The transport it came by.
    pub via: Via,
}

impl Caller {
    /// The language to reply in: the caller's, else the one `text` is written in (as the
    /// stopwords of `engine`'s knowledge tell it).
    pub fn locale_for(&self, engine: &Engine, text: &str) -> Locale {
        self.locale
            .unwrap_or_else(|| engine.brain().language_of(text))
    }
}

/// What an option's value is (Discord's application command option `type`).
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// Text, at most `max_length` characters.
    Text = 3,
    /// A whole number, within `range`.
    Integer = 4,
    /// True or false.
    Boolean = 5,
    /// A file the user attaches (its details arrive in `data.resolved.attachments`).
    Attachment = 11,
}
crate::wire::wire_code!(OptionKind {
    Text,
    Integer,
    Boolean,
    Attachment
});

/// One option of a slash command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandOption {
    /// Its name.
    pub name: &'static str,
    /// What Discord shows under it.
    pub description: &'static str,
    /// Whether Discord insists on it.
    pub required: bool,
    /// Whether Discord asks versus for suggestions while it is typed.
    pub autocomplete: bool,
    /// The longest value Discord lets through (text options only).
    pub max_length: u16,
    /// The smallest and largest value Discord lets through (integer options only).
    pub range: Option<(u32, u32)>,
    /// What its value is.
    pub kind: OptionKind,
}

/// Who may run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone who can see it.
    Everyone,
    /// Members with Manage Server by default, and versus's own admin lists.
    Admins,
}

/// Whether a command answers within the 3 s interaction deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// From memory, well inside the deadline.
    Instant,
    /// May take longer: the transport acknowledges first and edits the reply in later.
    Slow,
}

/// Whether a command is under the per-user cooldown: questions are, lookups and admin work
/// are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cooldown {
    /// A question to the engine: one per cooldown per user.
    Applies,
    /// Anything else.
    Exempt,
}

/// What a running command is given.
pub struct Context<'a> {
    /// The app.
    pub app: &'a App,
    /// Who is asking.
    pub caller: &'a Caller,
    /// Hears about the work, for metrics.
    pub observer: &'a dyn Observer,
}

/// One slash command: everything Discord and versus need to know about it.
#[derive(Debug)]
pub struct Command {
    /// Its name, as typed after the slash.
    pub name: &'static str,
    /// Discord's one-line description.
    pub description: &'static str,
    /// Its options.
    pub options: &'static [CommandOption],
    /// Who may run it.
    pub access: Access,
    /// Whether it is slow.
    pub pace: Pace,
    /// Whether it asks the engine a question, and so is under the per-user cooldown.
    pub cooldown: Cooldown,
    /// Its line in `/help`.
    pub help: &'static str,
    /// The function that answers it.
    pub run: fn(&Context<'_>, &Args) -> Reply,
}

impl Command {
    /// Its description in `locale` (the table's own for English).
    pub fn description_in(&self, locale: Locale) -> String {
        translated(locale, &format!("cmd-{}", self.name), self.description)
    }

    /// Its line in `/help` in `locale` (the table's own for English).
    pub fn help_in(&self, locale: Locale) -> String {
        translated(locale, &format!("help-{}", self.name), self.help)
    }
}

/// Message `id` in `locale`, or `english` (the table's own text) for English: the table stays
/// what Discord already holds byte for byte, and a test checks en.ftl says the same.
fn translated(locale: Locale, id: &str, english: &str) -> String {
    match locale {
        Locale::En => english.to_string(),
        _ => l10n::text(locale, id, &[]),
    }
}

impl PartialEq for Command {
    fn eq(&self, other: &Command) -> bool {
        // Names are unique in the table (a test checks), so a name is the command.
        self.name == other.name
    }
}

/// The option values of one invocation, by name, and the files attached to its options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args(
    Vec<(String, String)>,
    Vec<(String, Attachment)>,
    Vec<(String, i64)>,
);

impl Args {
    /// Args from `(name, value)` pairs.
    pub fn new(pairs: Vec<(String, String)>) -> Args {
        Args(pairs, Vec::new(), Vec::new())
    }

    /// These args with the whole number `value` for option `name`.
    pub fn with_integer(mut self, name: &str, value: i64) -> Args {
        self.2.push((name.to_string(), value));
        self
    }

    /// The whole number given for integer option `name`, when one was.
    pub fn integer(&self, name: &str) -> Option<i64> {
        self.2.iter().find(|(n, _)| n == name).map(|&(_, v)| v)
    }

    /// One named value.
    pub fn with(name: &str, value: &str) -> Args {
        Args::new(vec![(name.to_string(), value.to_string())])
    }

    /// These args with `attachment` as the value of option `name`.
    pub fn with_attachment(mut self, name: &str, attachment: Attachment) -> Args {
        self.1.push((name.to_string(), attachment));
        self
    }

    /// The value of option `name`, empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The file attached to option `name`.
    pub fn attachment(&self, name: &str) -> Option<&Attachment> {
        self.1.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }
}

/// Every slash command versus registers, in the order `/help` lists them.
pub static COMMANDS: &[Command] = &[
    Command {
        name: "ask",
        description: "Ask TensorFlow or PyTorch for something; get a verdict with cited sources",
        options: &[CommandOption {
            name: "question",
            description: "e.g. TensorFlow or PyTorch for mobile apps?",
            required: true,
            autocomplete: false,
            max_length: 1000,
            range: None,
            kind: OptionKind::Text,
        }],
        access: Access::Everyone,
        pace: Pace::Instant,
        cooldown: Cooldown::Applies,
        help: "Ask anything about TensorFlow vs PyTorch: *TensorFlow or PyTorch for mobile apps?*, *which is easier to debug?*, *How many GitHub stars does PyTorch have?*",
        run: run_ask,
    },
    Command {
        name: "compare",
        description: "Every source's row for one feature, side by side",
        options: &[CommandOption {
            name: "feature",
            description: "A feature or topic, e.g. Mobile/Edge",
            required: true,
            autocomplete: true,
            max_length: 100,
            range: None,
            kind: OptionKind::Text,
        }],
        access: Access::Everyone,
        pace: Pace::Instant,
        cooldown: Cooldown::Exempt,
        help: "Every source's row for one feature, side by side: *Mobile/Edge*, *Model Serving*, *GitHub stars*.",
        run: run_compare,
    },
    Command {
        name: "sources",
        description: "The articles versus quotes, with their dates",
        options: &[],
        access: Access::Everyone,
        pace: Pace::Instant,
        cooldown: Cooldown::Exempt,
        help: "The articles I quote, with their dates.",
        run: run_sources,
    },
    Command {
        name: "help",
        description: "What versus can do, with example questions",
        options: &[],
        access: Access::Everyone,
        pace: Pace::Instant,
        cooldown: Cooldown::Exempt,
        help: "",
        run: run_help,
    },
    Command {
        name: "reindex",
        description: "Admins: reload the knowledge base from faq/",
        options: &[],
        access: Access::Admins,
        pace: Pace::Slow,
        cooldown: Cooldown::Exempt,
        help: "Reload the knowledge after editing faq/; a bad edit is reported and the old knowledge keeps answering.",
        run: run_reindex,
    },
    Command {
        name: "import",
        description: "Admins: import an article (an attached .html, .md or .txt, or a page's url) into faq/",
        options: &[
            CommandOption {
                name: "file",
                description: "The article, saved as .html, .htm, .md, .markdown or .txt",
                required: false,
                autocomplete: false,
                max_length: 0,
                range: None,
                kind: OptionKind::Attachment,
            },
            CommandOption {
                name: "force",
                description: "Replace an earlier import of the same article",
                required: false,
                autocomplete: false,
                max_length: 0,
                range: None,
                kind: OptionKind::Boolean,
            },
            CommandOption {
                name: "id",
                description: "Source id to write it as (default: from the file name)",
                required: false,
                autocomplete: false,
                max_length: 64,
                range: None,
                kind: OptionKind::Text,
            },
            CommandOption {
                name: "url",
                description: "Or the article's https address, on a host the config allows",
                required: false,
                autocomplete: false,
                max_length: crate::import::MAX_URL_CHARS,
                range: None,
                kind: OptionKind::Text,
            },
        ],
        access: Access::Admins,
        pace: Pace::Slow,
        cooldown: Cooldown::Exempt,
        help: "Attach an article (.html, .md or .txt up to 1 MB) or give its url: I import it into faq/, validate it, reindex, and list what I placed, the lines I left out and any new topic.",
        run: crate::import::run_import,
    },
    Command {
        name: "gaps",
        description: "Admins: what versus could not answer, and answers marked not helpful",
        options: &[CommandOption {
            name: "days",
            description: "How many days back to look (default 30)",
            required: false,
            autocomplete: false,
            max_length: 0,
            range: Some((1, MAX_GAPS_DAYS)),
            kind: OptionKind::Integer,
        }],
        access: Access::Admins,
        pace: Pace::Slow,
        cooldown: Cooldown::Exempt,
        help: "The questions I could not answer (grouped, with counts) and the answers marked 👎, over the last days.",
        run: run_gaps,
    },
];

/// The command called `name`.
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// What the user asked for, whatever transport carried it.
#[derive(Debug, Clone, PartialEq)]
pub enum Invocation {
    /// A slash command of the table, with its option values.
    Slash {
        /// The command.
        command: &'static Command,
        /// Its option values.
        args: Args,
    },
    /// A mention or DM, the bot's own mention already removed: a question.
    Mention {
        /// The message text.
        text: String,
    },
    /// Autocomplete for an option of a command.
    Autocomplete {
        /// The command.
        command: String,
        /// What the user has typed so far.
        partial: String,
    },
    /// A click on an answer's 👍 / 👎 button.
    Feedback {
        /// The answer the button names.
        answer: AnswerKey,
        /// Which button.
        vote: ButtonVote,
    },
    /// A click on `/import`'s "Add topic" button (admins only; slow: it writes and reindexes).
    AcceptTopics {
        /// The imported source whose proposed topic to add.
        source: String,
    },
    /// A command this version does not know.
    Unknown {
        /// Its name.
        name: String,
    },
}

impl Invocation {
    /// The invocation of the command called `name` with these option values.
    pub fn slash(name: &str, args: Args) -> Invocation {
        match command(name) {
            Some(command) => Invocation::Slash { command, args },
            None => Invocation::Unknown {
                name: name.to_string(),
            },
        }
    }

    /// The command's name, for logs and metrics.
    pub fn name(&self) -> &str {
        match self {
            Invocation::Slash { command, .. } => command.name,
            Invocation::Mention { .. } => "mention",
            Invocation::Autocomplete { .. } => "autocomplete",
            Invocation::Feedback { .. } => "feedback",
            Invocation::AcceptTopics { .. } => "accept-topics",
            Invocation::Unknown { .. } => "unknown",
        }
    }

    /// Whether this asks a question (and so is under the cooldown).
    pub fn is_question(&self) -> bool {
        match self {
            Invocation::Slash { command, .. } => command.cooldown == Cooldown::Applies,
            Invocation::Mention { .. } => true,
            _ => false,
        }
    }

    /// Whether answering may take longer than an interaction's 3 s deadline (defer first).
    pub fn is_slow(&self) -> bool {
        match self {
            Invocation::Slash { command, .. } => command.pace == Pace::Slow,
            Invocation::AcceptTopics { .. } => true,
            _ => false,
        }
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
    /// Downloads `/import`'s attachment; without one, `/import` says it is unavailable.
    pub attachments: Option<Arc<dyn Attachments>>,
    /// The question log and feedback, when a store is open.
    pub journal: Option<Arc<dyn Journal>>,
    /// Recent answers, so a follow-up ("and for mobile?") continues the question before it.
    pub follow_ups: FollowUps,
    /// The server's channel for help with the work itself, named when a help request is declined.
    pub help_channel: Option<u64>,
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
    /// The app for an engine, its admins and the per-user question cooldown.
    pub fn new(engine: Arc<Engine>, admins: Admins, cooldown: Duration) -> App {
        App {
            engine,
            admins,
            cooldowns: Cooldowns::new(cooldown),
            attachments: None,
            journal: None,
            follow_ups: FollowUps::default(),
            help_channel: None,
        }
    }

    /// This app, continuing an asker's question for `window` (zero: never).
    pub fn with_follow_up_window(mut self, window: Duration) -> App {
        self.follow_ups = FollowUps::new(window);
        self
    }

    /// This app, pointing declined help requests to `channel`.
    pub fn with_help_channel(mut self, channel: Option<u64>) -> App {
        self.help_channel = channel;
        self
    }

    /// This app, downloading `/import`'s attachments with `attachments`.
    pub fn with_attachments(mut self, attachments: Arc<dyn Attachments>) -> App {
        self.attachments = Some(attachments);
        self
    }

    /// This app, logging questions and feedback to `journal`.
    pub fn with_journal(mut self, journal: Arc<dyn Journal>) -> App {
        self.journal = Some(journal);
        self
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

/// As [`handle`], telling `observer` about the answers and reindexes behind the reply. Every
/// reply is checked against Discord's limits here, for every transport.
pub fn handle_observed(
    app: &App,
    caller: &Caller,
    invocation: Invocation,
    observer: &dyn Observer,
) -> Reply {
    let ctx = Context {
        app,
        caller,
        observer,
    };
    let locale = caller.locale.unwrap_or_default();
    let reply = match invocation {
        Invocation::Slash { command, args } => {
            if command.access == Access::Admins && !app.admins.allows(caller) {
                let text = l10n::text(
                    locale,
                    "error-admins-only",
                    &[("command", command.name.into())],
                );
                Reply::private(view::error_in(locale, &text))
            } else {
                (command.run)(&ctx, &args)
            }
        }
        Invocation::Mention { text } => {
            let origin = if caller.guild_id.is_some() {
                Origin::Mention
            } else {
                Origin::Dm
            };
            ask(&ctx, &text, origin)
        }
        Invocation::Feedback { answer, vote } => {
            if let Some(journal) = &app.journal {
                journal.voted(caller.user_id, &answer, vote);
            }
            Reply::private(Message::text(&l10n::text(locale, "feedback-thanks", &[])))
        }
        Invocation::AcceptTopics { source } => {
            if app.admins.allows(caller) {
                crate::import::run_accept_topics(&ctx, &source)
            } else {
                Reply::private(view::error(
                    "Only versus admins can add topics. Ask a server admin to add your role to `admin_role_ids` in config.toml.",
                ))
            }
        }
        Invocation::Autocomplete { partial, .. } => Reply::Choices(view::choices(
            &app.engine.suggest(&partial, view::MAX_CHOICES),
        )),
        Invocation::Unknown { name } => {
            let name = view::escape(&name);
            let text = l10n::text(locale, "error-unknown-command", &[("name", (&name).into())]);
            Reply::private(view::error_in(locale, &text))
        }
    };
    check(&reply);
    reply
}

/// Logs a reply that would break a Discord limit: `view` guarantees none do, so it is a bug.
fn check(reply: &Reply) {
    let problems = match reply {
        Reply::Message { message, .. } => validate::message_problems(message),
        Reply::Choices(c) => validate::choices_problems(c),
    };
    for p in problems {
        tracing::error!(problem = %p, "a reply breaks a discord limit");
    }
}

fn run_ask(ctx: &Context<'_>, args: &Args) -> Reply {
    let origin = match ctx.caller.via {
        Via::Gateway => Origin::Slash,
        Via::Webhook => Origin::Interactions,
    };
    ask(ctx, args.get("question"), origin)
}

/// The notice for a question asked before the cooldown is over, in `locale`.
pub fn cooldown_reply(wait: Duration, locale: Locale) -> Reply {
    let seconds = usize::try_from(wait.as_secs().max(1)).unwrap_or(usize::MAX);
    let text = l10n::text(locale, "cooldown", &[("seconds", Arg::Count(seconds))]);
    Reply::private(view::error_in(locale, &text))
}

/// The shared (replica-wide) cooldown, for transports to await before [`handle`]: the notice
/// when `invocation` is a question asked too soon, `None` to go on. Without a shared cooldown
/// it answers `None` at once and the in-process one applies inside `handle`.
pub async fn shared_cooldown(app: &App, caller: &Caller, invocation: &Invocation) -> Option<Reply> {
    if !invocation.is_question() {
        return None;
    }
    let check = app.journal.as_ref()?.cooldown(caller.user_id)?;
    let locale = match invocation {
        Invocation::Mention { text } => caller.locale_for(&app.engine, text),
        _ => caller.locale.unwrap_or_default(),
    };
    check.await.err().map(|wait| cooldown_reply(wait, locale))
}

/// A question, from `/ask` or a message: cooldown first, then the engine, then the log.
fn ask(ctx: &Context<'_>, question: &str, origin: Origin) -> Reply {
    if let Err(wait) = ctx.app.cooldowns.check(ctx.caller.user_id) {
        return cooldown_reply(wait, ctx.caller.locale_for(&ctx.app.engine, question));
    }
    if question.trim().is_empty() {
        return Reply::private(view::help(COMMANDS, ctx.caller.locale.unwrap_or_default()));
    }
    let asker = ctx.caller.channel_id.map(|channel_id| Asker {
        user_id: ctx.caller.user_id,
        channel_id,
    });
    let prior = asker.and_then(|a| ctx.app.follow_ups.prior_of(a));
    let started = Instant::now();
    // A slash command is answered in the caller's language, a message in its own.
    let locale = ctx.caller.locale;
    let answer = follow_up::answer(&ctx.app.engine, question, prior.as_deref(), locale);
    ctx.observer.answer(&answer, started.elapsed());
    let answer_id = AnswerKey::generate();
    let context = ctx.app.engine.follow_up_context(question, prior.as_deref());
    ctx.app
        .follow_ups
        .remember(asker, &answer_id, &context, &answer);
    if let Some(journal) = &ctx.app.journal {
        journal.asked(&Asked {
            origin,
            guild_id: ctx.caller.guild_id,
            question,
            answer: &answer,
            answer_id: &answer_id,
        });
    }
    let message = view::answer(&answer).with_feedback(&answer_id);
    Reply::public(help_pointer::point(message, &answer, ctx.app.help_channel))
}

fn run_gaps(ctx: &Context<'_>, args: &Args) -> Reply {
    // Discord holds the option to its range; a webhook body is checked again all the same.
    let days = match args.integer("days").map(u32::try_from) {
        None => DEFAULT_GAPS_DAYS,
        Some(Ok(d)) if (1..=MAX_GAPS_DAYS).contains(&d) => d,
        Some(_) => {
            return Reply::private(view::error(&format!(
                "`days` must be a whole number from 1 to {MAX_GAPS_DAYS}."
            )))
        }
    };
    let Some(journal) = &ctx.app.journal else {
        return Reply::private(view::error(
            "The question log is off (no store is open), so there are no gaps to show.",
        ));
    };
    match journal.gaps(days) {
        Ok(report) => Reply::private(gaps_view::gaps(&report)),
        Err(e) => {
            tracing::warn!(error = %e, "/gaps could not read the store");
            Reply::private(view::error(
                "I could not read the question log just now; the log has the details.",
            ))
        }
    }
}

fn run_compare(ctx: &Context<'_>, args: &Args) -> Reply {
    Reply::public(view::comparison(
        &ctx.app.engine.compare(args.get("feature")),
        ctx.caller.locale.unwrap_or_default(),
    ))
}

fn run_sources(ctx: &Context<'_>, _: &Args) -> Reply {
    Reply::public(view::sources(
        &ctx.app.engine.sources(),
        ctx.caller.locale.unwrap_or_default(),
    ))
}

fn run_help(ctx: &Context<'_>, _: &Args) -> Reply {
    Reply::private(view::help(COMMANDS, ctx.caller.locale.unwrap_or_default()))
}

fn run_reindex(ctx: &Context<'_>, _: &Args) -> Reply {
    let started = Instant::now();
    let result = ctx.app.engine.reindex();
    ctx.observer.reindex(&result, started.elapsed());
    Reply::private(reindex_message(for_users(result, ctx.app.engine.faq_dir())))
}

/// `result` with its problems naming files relative to faq/ (the absolute ones are logged):
/// a reply never shows where the server keeps its files.
pub fn for_users(
    result: Result<ReindexReport, ReindexError>,
    faq: Option<&std::path::Path>,
) -> Result<ReindexReport, ReindexError> {
    match (result, faq) {
        (Err(ReindexError::Index(IndexError::Invalid(problems))), Some(faq)) => {
            for p in &problems {
                tracing::info!(problem = %p, "reindex refused");
            }
            let relative = problems.iter().map(|p| p.relative_to(faq)).collect();
            Err(ReindexError::Index(IndexError::Invalid(relative)))
        }
        (result, _) => result,
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

/// The slash commands of [`COMMANDS`], as the JSON body of Discord's bulk overwrite
/// (`PUT /applications/{app}/commands`).
pub fn definitions() -> Value {
    Value::Array(COMMANDS.iter().map(definition).collect())
}

/// The `*_localizations` object of a text: each Discord locale code of each language but
/// English, with `id` in that language; `None` when no language says other than `english`.
fn localizations(id: &str, english: &str) -> Option<Value> {
    let map: serde_json::Map<String, Value> = Locale::ALL
        .iter()
        .flat_map(|&l| {
            let text = translated(l, id, english);
            l.discord_codes()
                .iter()
                .map(move |code| (code.to_string(), json!(text)))
        })
        .collect();
    map.values()
        .any(|v| v.as_str() != Some(english))
        .then_some(Value::Object(map))
}

fn definition(c: &Command) -> Value {
    let mut d = json!({
        "name": c.name,
        "type": CommandType::ChatInput,
        "description": c.description,
    });
    if let Some(l) = localizations(&format!("cmd-{}", c.name), c.description) {
        d["description_localizations"] = l;
    }
    if !c.options.is_empty() {
        d["options"] = c
            .options
            .iter()
            .map(|o| {
                let mut v = json!({
                    "type": o.kind.code(),
                    "name": o.name,
                    "description": o.description,
                    "required": o.required,
                });
                let id = format!("opt-{}-{}", c.name, o.name);
                if let Some(l) = localizations(&format!("{id}-name"), o.name) {
                    v["name_localizations"] = l;
                }
                if let Some(l) = localizations(&id, o.description) {
                    v["description_localizations"] = l;
                }
                if o.kind == OptionKind::Text {
                    v["max_length"] = json!(o.max_length);
                }
                if let Some((min, max)) = o.range {
                    v["min_value"] = json!(min);
                    v["max_value"] = json!(max);
                }
                if o.autocomplete {
                    v["autocomplete"] = json!(true);
                }
                v
            })
            .collect();
    }
    if c.access == Access::Admins {
        d["default_member_permissions"] = json!(MANAGE_GUILD);
        d["dm_permission"] = json!(false);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_names_are_unique_and_every_definition_obeys_discords_rules() {
        let mut names: Vec<_> = COMMANDS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
        assert!(validate::registration_problems(&definitions()).is_empty());
    }

    /// The registration of the commands before `/import`, byte for byte: adding option kinds
    /// must not change what Discord already holds (it would re-register for nothing).
    const BEFORE_IMPORT: &str = r#"[{"description":"Ask TensorFlow or PyTorch for something; get a verdict with cited sources","name":"ask","options":[{"description":"e.g. TensorFlow or PyTorch for mobile apps?","max_length":1000,"name":"question","required":true,"type":3}],"type":1},{"description":"Every source's row for one feature, side by side","name":"compare","options":[{"autocomplete":true,"description":"A feature or topic, e.g. Mobile/Edge","max_length":100,"name":"feature","required":true,"type":3}],"type":1},{"description":"The articles versus quotes, with their dates","name":"sources","type":1},{"description":"What versus can do, with example questions","name":"help","type":1},{"default_member_permissions":"32","description":"Admins: reload the knowledge base from faq/","dm_permission":false,"name":"reindex","type":1}]"#;

    /// The registration without its `*_localizations`: what it was before languages.
    fn english_only(mut v: Value) -> Value {
        match &mut v {
            Value::Array(items) => items.iter_mut().for_each(|i| *i = english_only(i.take())),
            Value::Object(o) => {
                o.retain(|k, _| !k.ends_with("_localizations"));
                o.values_mut().for_each(|i| *i = english_only(i.take()));
            }
            _ => {}
        }
        v
    }

    #[test]
    fn the_earlier_commands_register_exactly_as_before() {
        // Languages add `*_localizations` and change nothing else of what Discord holds.
        let all = english_only(definitions());
        let earlier = Value::Array(all.as_array().unwrap()[..5].to_vec());
        assert_eq!(earlier.to_string(), BEFORE_IMPORT);
        let import = &all[5];
        assert_eq!(import["name"], "import");
        assert_eq!(import["options"][0]["type"], 11);
        assert_eq!(import["options"][1]["type"], 5);
        assert!(import["options"][0].get("max_length").is_none());
        assert_eq!(import["default_member_permissions"], MANAGE_GUILD);
    }

    /// `/gaps` as registered since `days` became an integer option (it was text, max_length 4):
    /// Discord checks the range, and the value arrives as a number.
    const GAPS: &str = r#"{"default_member_permissions":"32","description":"Admins: what versus could not answer, and answers marked not helpful","dm_permission":false,"name":"gaps","options":[{"description":"How many days back to look (default 30)","max_value":3650,"min_value":1,"name":"days","required":false,"type":4}],"type":1}"#;

    #[test]
    fn gaps_registers_days_as_a_whole_number_in_range() {
        let all = definitions();
        let gaps = all
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "gaps")
            .unwrap();
        assert_eq!(english_only(gaps.clone()).to_string(), GAPS);
    }

    #[test]
    fn an_integer_option_is_read_as_a_number_and_never_from_text() {
        let args = |d: Option<i64>| match d {
            Some(d) => Args::default().with_integer("days", d),
            None => Args::default(),
        };
        assert_eq!(args(Some(30)).integer("days"), Some(30));
        assert_eq!(args(None).integer("days"), None);
        assert_eq!(
            Args::with("days", "30").integer("days"),
            None,
            "text is not a number"
        );
    }

    #[test]
    fn every_command_and_option_carries_the_four_languages() {
        let all = definitions();
        for c in all.as_array().unwrap() {
            let names: Vec<&str> = c["description_localizations"]
                .as_object()
                .map(|m| m.keys().map(String::as_str).collect())
                .unwrap_or_default();
            assert_eq!(
                names,
                ["de", "es-419", "es-ES", "fr", "pt-BR"],
                "{}",
                c["name"]
            );
            for o in c["options"].as_array().into_iter().flatten() {
                assert!(o["description_localizations"].is_object(), "{o}");
            }
        }
        let ask = &all[0]["options"][0];
        assert_eq!(ask["name_localizations"]["de"], "frage");
        assert_eq!(ask["name_localizations"]["es-ES"], "pregunta");
        assert_eq!(
            all[3]["description_localizations"]["de"],
            "Was versus kann, mit Beispielfragen"
        );
    }

    #[test]
    fn en_ftl_says_what_the_table_says() {
        // The table is English as registered; en.ftl is what the other languages translate.
        let en = |id: &str| l10n::text(Locale::En, id, &[]);
        for c in COMMANDS {
            assert_eq!(en(&format!("cmd-{}", c.name)), c.description, "{}", c.name);
            if !c.help.is_empty() {
                assert_eq!(en(&format!("help-{}", c.name)), c.help, "{}", c.name);
            }
            for o in c.options {
                let id = format!("opt-{}-{}", c.name, o.name);
                assert_eq!(en(&id), o.description, "{id}");
                assert_eq!(en(&format!("{id}-name")), o.name, "{id}");
            }
        }
    }

    #[test]
    fn a_name_outside_the_table_is_unknown() {
        assert_eq!(
            Invocation::slash("cardsearch", Args::default()),
            Invocation::Unknown {
                name: "cardsearch".into()
            }
        );
        assert!(Invocation::slash("reindex", Args::default()).is_slow());
        assert!(Invocation::slash("import", Args::default()).is_slow());
        assert!(!Invocation::slash("ask", Args::default()).is_slow());
    }
}
