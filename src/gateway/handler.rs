//! The gateway events versus answers, each a function over `&Http`, the shared state and the
//! event — no serenity `Context` needed, so they can be driven by a test too. Each one reads the
//! event into the command layer's terms, calls [`command::handle`](versus_discord::command::handle), sends the reply and logs one
//! line: command, guild, latency, outcome (never the message text above debug).

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use serenity::all::{
    ChannelId, Context, EventHandler, Http, Interaction, InteractionId, Message as DiscordMessage,
    Ready, ResumedEvent, UserId,
};
use serenity::http::{LightMethod, Request, Route};
use tokio::sync::Mutex;
use tracing::{debug, error, info, warn, Instrument};
use versus_core::engine::{Answer, ReindexError, ReindexReport};
use versus_core::l10n::{self, Locale};
use versus_discord::callback::{self, MessageReference};
use versus_discord::command::{self, App, Caller, Invocation, Observer, Reply, Via};
use versus_discord::interaction::{self, InteractionRef};
use versus_discord::message::{self, Incoming, Listening};
use versus_discord::validate;
use versus_discord::view::{self, Message};
use versus_discord::wire::InteractionType;

use super::health::GatewayHealth;
use super::register::{self, Registration, Scope};
use super::send::send;
use crate::http::Metrics;
use crate::rest::RestError;
use crate::tasks::InFlight;

/// What the user reads, in `locale`, when something broke on our side (the log has the details).
fn something_went_wrong(locale: Locale) -> Message {
    view::error_in(locale, &l10n::text(locale, "error-internal", &[]))
}
/// How long after an interaction arrives its first callback must reach Discord (Discord's
/// 3 s less a margin for the clocks and the trip): retries are never waited for past it.
const CALLBACK_DEADLINE: Duration = Duration::from_millis(2800);
/// How long `@original` may be edited after the interaction (Discord's 15 minutes less a margin).
const EDIT_DEADLINE: Duration = Duration::from_secs(14 * 60);
/// The longest one REST request may take before it counts as lost.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What became of one request, for the log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A public message was sent.
    Message,
    /// A message only the caller sees was sent.
    Ephemeral,
    /// Autocomplete choices were sent.
    Choices,
    /// Deferred, then the result edited in.
    Deferred,
    /// A private notice went to the caller's DMs (channels have no ephemeral messages).
    Dm,
    /// The interaction callback could not be sent.
    CallbackFailed,
    /// The deferred reply could not be edited in.
    EditFailed,
    /// The channel reply could not be sent.
    SendFailed,
    /// The DM could not be sent.
    DmFailed,
    /// Nothing to send.
    Ignored,
}

impl Outcome {
    /// The label in logs.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Message => "message",
            Outcome::Ephemeral => "ephemeral",
            Outcome::Choices => "choices",
            Outcome::Deferred => "deferred",
            Outcome::Dm => "dm",
            Outcome::CallbackFailed => "callback_failed",
            Outcome::EditFailed => "edit_failed",
            Outcome::SendFailed => "send_failed",
            Outcome::DmFailed => "dm_failed",
            Outcome::Ignored => "ignored",
        }
    }

    /// What sending `reply` as a callback amounts to.
    fn of(reply: &Reply) -> Outcome {
        match reply {
            Reply::Choices(_) => Outcome::Choices,
            Reply::Message {
                ephemeral: true, ..
            } => Outcome::Ephemeral,
            Reply::Message { .. } => Outcome::Message,
        }
    }
}

/// State shared by every event.
#[derive(Debug)]
pub struct Shared {
    /// The command layer.
    pub app: Arc<App>,
    /// Where to answer messages without a mention.
    pub listening: Listening,
    /// Where slash commands are registered.
    pub scope: Scope,
    /// Requests being answered.
    pub in_flight: Arc<InFlight>,
    /// The HTTP client for the replies, where serenity would drop a 429's `retry_after`.
    pub client: reqwest::Client,
    /// Shard health and the answer counters behind the bot's `/metrics`.
    pub health: Arc<GatewayHealth>,
    registered: Mutex<bool>,
}

impl Shared {
    /// Shared state around the command layer.
    pub fn new(
        app: Arc<App>,
        listening: Listening,
        scope: Scope,
        health: Arc<GatewayHealth>,
    ) -> Shared {
        Shared {
            health,
            app,
            listening,
            scope,
            in_flight: Arc::new(InFlight::default()),
            client: reqwest::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .build()
                .unwrap_or_default(),
            registered: Mutex::new(false),
        }
    }

    /// Registers the slash commands once per process (again after a failure, at the next READY).
    pub async fn register_once(&self, http: &Http, application_id: u64) {
        let mut done = self.registered.lock().await;
        if *done {
            return;
        }
        let wanted = command::definitions();
        for p in validate::registration_problems(&wanted) {
            error!(problem = %p, "a command definition breaks discord's rules");
        }
        let app = serenity::all::ApplicationId::new(application_id);
        match register::register(http, app, self.scope, &wanted).await {
            Ok(r) => {
                *done = true;
                info!(
                    scope = ?self.scope,
                    updated = r == Registration::Updated,
                    "slash commands registered"
                );
            }
            Err(e) => {
                warn!(error = %e, scope = ?self.scope, "registering slash commands failed; retrying at the next connection")
            }
        }
    }
}

/// The serenity event handler: hands each event to the functions below.
#[derive(Debug)]
pub struct Handler {
    /// State shared by every event.
    pub shared: Arc<Shared>,
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let shard = ctx.shard_id.0;
        info!(
            guilds = ready.guilds.len(),
            shard,
            shards = ready.shard.map_or(1, |s| s.total),
            "shard {shard} ready: connected to the discord gateway"
        );
        self.shared.health.ready(shard);
        let shared = self.shared.clone();
        let application_id = ready.application.id.get();
        // Counted in flight, so a shutdown lets a registration under way finish.
        let busy = shared.in_flight.enter();
        tokio::spawn(async move {
            shared.register_once(&ctx.http, application_id).await;
            drop(busy);
        });
    }

    async fn resume(&self, ctx: Context, _event: ResumedEvent) {
        info!(shard = ctx.shard_id.0, "discord gateway session resumed");
        self.shared.health.resumed(ctx.shard_id.0);
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let _busy = self.shared.in_flight.enter();
        on_interaction(&ctx.http, &self.shared, interaction).await;
    }

    async fn message(&self, ctx: Context, message: DiscordMessage) {
        let _busy = self.shared.in_flight.enter();
        // The cache learnt the bot's own id from READY before any handler ran.
        let bot_id = ctx.cache.current_user().id.get();
        on_message(&ctx.http, &self.shared, bot_id, &message).await;
    }
}

fn guild_label(guild: Option<u64>) -> String {
    guild.map_or_else(|| "dm".to_string(), |g| g.to_string())
}

fn millis(since: Instant) -> f64 {
    (since.elapsed().as_secs_f64() * 1e5).round() / 100.0
}

fn log_send_failure(what: &'static str, e: &RestError) {
    warn!(request = what, status = ?e.status(), error = %e, "sending to discord failed");
}

/// A JSON body for serenity's request builder (a `Value` always serializes).
fn bytes(body: &serde_json::Value) -> Option<Vec<u8>> {
    Some(serde_json::to_vec(body).unwrap_or_default())
}

/// The interaction callback request.
fn callback_request(to: &InteractionRef, body: Vec<u8>) -> Request<'_> {
    Request::new(
        Route::InteractionResponse {
            interaction_id: InteractionId::new(to.id.max(1)),
            token: &to.token,
        },
        LightMethod::Post,
    )
    .body(Some(body))
}

/// A channel message body made idempotent: sent again after a 5xx, Discord returns the message
/// the first attempt created instead of posting it twice.
fn with_nonce(mut body: serde_json::Value, nonce: u64) -> serde_json::Value {
    body["nonce"] = json!(nonce.to_string());
    body["enforce_nonce"] = json!(true);
    body
}

/// The request that posts `body` in `channel`.
fn message_request(channel: u64, body: &serde_json::Value) -> Request<'static> {
    Request::new(
        Route::ChannelMessages {
            channel_id: ChannelId::new(channel),
        },
        LightMethod::Post,
    )
    .body(bytes(body))
}

/// Runs the command layer (counting answers in `health`'s metrics), turning a panic into a
/// friendly ephemeral error.
fn answer(app: &App, health: &GatewayHealth, caller: &Caller, invocation: Invocation) -> Reply {
    let observer = OverGateway(&health.metrics);
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        command::handle_observed(app, caller, invocation, &observer)
    }))
    .unwrap_or_else(|_| {
        error!("a command panicked; answered with a generic error");
        Reply::Message {
            message: something_went_wrong(caller.locale.unwrap_or_default()),
            ephemeral: true,
        }
    })
}

/// The bot's metrics as the command layer's observer, saying the work came over the gateway
/// (the metrics' own observer speaks for `/interactions`).
struct OverGateway<'a>(&'a Metrics);

impl Observer for OverGateway<'_> {
    fn answer(&self, answer: &Answer, elapsed: Duration) {
        self.0.answer(answer, elapsed);
    }

    fn reindex(&self, result: &Result<ReindexReport, ReindexError>, elapsed: Duration) {
        self.0.reindex(result, elapsed);
    }
}

/// The interaction serenity delivered, read by the protocol's one parser (from its JSON, as
/// `/interactions` reads it); `None` for what versus does not answer (pings, modals).
pub fn read_interaction(interaction: &Interaction) -> Option<(InteractionRef, Caller, Invocation)> {
    // Serenity writes the interaction back without its `type`: it is the enum's variant.
    let kind = match interaction {
        Interaction::Command(_) => InteractionType::ApplicationCommand,
        Interaction::Autocomplete(_) => InteractionType::Autocomplete,
        Interaction::Component(_) => InteractionType::MessageComponent,
        _ => return None,
    };
    let mut json = serde_json::to_value(interaction).ok()?;
    json["type"] = json!(kind);
    let bytes = serde_json::to_vec(&json).ok()?;
    match interaction::parse(&bytes, Via::Gateway) {
        Ok(interaction::Interaction::Command {
            reply_to,
            caller,
            invocation,
        }) => Some((reply_to, caller, invocation)),
        Ok(interaction::Interaction::Ping) => None,
        Err(e) => {
            debug!(error = %e, "interaction not understood");
            None
        }
    }
}

/// Answers one interaction: a slash command or an autocomplete. Others are ignored.
pub async fn on_interaction(http: &Http, shared: &Shared, interaction: Interaction) {
    let started = Instant::now();
    if !matches!(
        interaction,
        Interaction::Command(_) | Interaction::Autocomplete(_) | Interaction::Component(_)
    ) {
        return;
    }
    let Some((to, caller, invocation)) = read_interaction(&interaction) else {
        return;
    };
    let command = invocation.name().to_string();
    let guild = guild_label(caller.guild_id);
    let span = tracing::info_span!("interaction", id = %to.id, command = %command);
    let outcome = async {
        debug!(user = caller.user_id, ?invocation, "interaction received");
        if invocation.is_slow() && shared.app.admins.allows(&caller) {
            answer_deferred(http, shared, started, &to, caller, invocation).await
        } else {
            // Everything else is answered from memory well inside the 3 s deadline.
            let reply = match command::shared_cooldown(&shared.app, &caller, &invocation).await {
                Some(wait) => wait,
                None => answer(&shared.app, &shared.health, &caller, invocation),
            };
            let body = callback::callback(&reply).to_bytes();
            let deadline = Some(started + CALLBACK_DEADLINE);
            let request = callback_request(&to, body);
            match send(http, &shared.client, "callback", request, deadline).await {
                Ok(_) => Outcome::of(&reply),
                Err(e) => {
                    log_send_failure("callback", &e);
                    Outcome::CallbackFailed
                }
            }
        }
    }
    .instrument(span)
    .await;
    info!(
        command = %command,
        guild = %guild,
        latency_ms = millis(started),
        outcome = outcome.label(),
        "interaction handled"
    );
}

/// A slow command: acknowledge at once (ephemeral "thinking…"), work on a blocking thread, then
/// replace the acknowledgement with the result.
async fn answer_deferred(
    http: &Http,
    shared: &Shared,
    started: Instant,
    to: &InteractionRef,
    caller: Caller,
    invocation: Invocation,
) -> Outcome {
    let request = callback_request(to, callback::deferred(true).to_bytes());
    let deadline = Some(started + CALLBACK_DEADLINE);
    if let Err(e) = send(http, &shared.client, "defer", request, deadline).await {
        log_send_failure("defer", &e);
        return Outcome::CallbackFailed;
    }
    let app = shared.app.clone();
    let health = shared.health.clone();
    let span = tracing::Span::current();
    let locale = caller.locale.unwrap_or_default();
    let work = tokio::task::spawn_blocking(move || {
        span.in_scope(|| answer(&app, &health, &caller, invocation))
    });
    let message = match work.await {
        Ok(Reply::Message { message, .. }) => message,
        Ok(Reply::Choices(_)) => something_went_wrong(locale),
        Err(e) => {
            error!(error = %e, "a deferred command did not finish");
            something_went_wrong(locale)
        }
    };
    let body = callback::edit_original(&message);
    let application_id = serenity::all::ApplicationId::new(to.application_id.max(1));
    let request = Request::new(
        Route::WebhookOriginalInteractionResponse {
            application_id,
            token: &to.token,
        },
        LightMethod::Patch,
    )
    .body(bytes(&body));
    let deadline = Some(started + EDIT_DEADLINE);
    match send(http, &shared.client, "edit_original", request, deadline).await {
        Ok(_) => Outcome::Deferred,
        Err(e) => {
            log_send_failure("edit_original", &e);
            Outcome::EditFailed
        }
    }
}

/// The facts of a serenity message that decide whether and what to answer.
fn incoming(m: &DiscordMessage) -> Incoming<'_> {
    Incoming {
        author_id: m.author.id.get(),
        author_is_bot: m.author.bot || m.webhook_id.is_some(),
        guild_id: m.guild_id.map(|g| g.get()),
        channel_id: m.channel_id.get(),
        role_ids: m
            .member
            .as_ref()
            .map(|p| p.roles.iter().map(|r| r.get()).collect())
            .unwrap_or_default(),
        content: &m.content,
        mentioned_user_ids: m.mentions.iter().map(|u| u.id.get()).collect(),
    }
}

/// Answers a message when it is for versus: a mention, a DM, or a question in an auto-answer
/// channel. The answer is a reply to that message. `bot_id` is the bot's own user id.
pub async fn on_message(http: &Http, shared: &Shared, bot_id: u64, message: &DiscordMessage) {
    let Some((caller, invocation, trigger)) =
        message::message_request(&incoming(message), bot_id, &shared.listening, |text| {
            shared.app.engine.reads_like_question(text)
        })
    else {
        return;
    };
    let started = Instant::now();
    let guild = guild_label(caller.guild_id);
    let span = tracing::info_span!("message", id = %message.id, trigger = trigger.name());
    let outcome = async {
        debug!(user = caller.user_id, ?invocation, "message received");
        let reply = match command::shared_cooldown(&shared.app, &caller, &invocation).await {
            Some(wait) => wait,
            None => answer(&shared.app, &shared.health, &caller, invocation),
        };
        match reply {
            // A channel has no ephemeral messages; a DM is the nearest thing to "only you see this".
            Reply::Message {
                message: notice,
                ephemeral: true,
            } if caller.guild_id.is_some() => {
                send_dm(http, shared, caller.user_id, message.id.get(), &notice).await
            }
            Reply::Message { message: text, .. } => {
                let body = callback::channel_message(
                    &text,
                    Some(MessageReference {
                        message_id: message.id.get(),
                        channel_id: message.channel_id.get(),
                        guild_id: caller.guild_id,
                    }),
                );
                let body = with_nonce(body, message.id.get());
                let request = message_request(message.channel_id.get(), &body);
                match send(http, &shared.client, "reply", request, None).await {
                    Ok(_) => Outcome::Message,
                    Err(e) => {
                        log_send_failure("reply", &e);
                        Outcome::SendFailed
                    }
                }
            }
            Reply::Choices(_) => Outcome::Ignored,
        }
    }
    .instrument(span)
    .await;
    info!(
        command = %trigger.name(),
        guild = %guild,
        latency_ms = millis(started),
        outcome = outcome.label(),
        "message handled"
    );
}

/// Sends `message` to `user` in a DM; `nonce` is the message it answers.
async fn send_dm(
    http: &Http,
    shared: &Shared,
    user: u64,
    nonce: u64,
    message: &Message,
) -> Outcome {
    let open = json!({ "recipient_id": UserId::new(user).to_string() });
    let request = Request::new(Route::UserMeDmChannels, LightMethod::Post).body(bytes(&open));
    let channel = match send(http, &shared.client, "open_dm", request, None).await {
        Ok(c) => c,
        Err(e) => {
            log_send_failure("open_dm", &e);
            return Outcome::DmFailed;
        }
    };
    let Some(channel) = channel["id"].as_str().and_then(|id| id.parse::<u64>().ok()) else {
        warn!("discord opened a DM channel without an id");
        return Outcome::DmFailed;
    };
    let body = with_nonce(callback::channel_message(message, None), nonce);
    let request = message_request(channel, &body);
    match send(http, &shared.client, "dm", request, None).await {
        Ok(_) => Outcome::Dm,
        Err(e) => {
            log_send_failure("dm", &e);
            Outcome::DmFailed
        }
    }
}
