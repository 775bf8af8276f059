//! The gateway bot: a thin adapter between serenity's gateway client and the Discord protocol
//! crate (`versus-discord`). It hands interactions (as JSON) and messages to the protocol's
//! parsers, calls its command layer, and sends the protocol's bodies through [`send`] (which
//! honours a 429's `retry_after`). It owns the connection, registration, intents and shutdown;
//! it knows nothing of how answers are made. This is the only module that names serenity.
//!
//! `DISCORD_API_BASE` points every REST call at another base URL (a proxy, or the tests' Discord
//! stand-in) with serenity's ratelimiter off — serenity ignores a proxy while its ratelimiter is
//! on — and the gateway address then comes from that API's `GET /gateway` (`/gateway/bot`
//! when autosharding).
//!
//! Shards: by default as many as `GET /gateway/bot` recommends, else a range of a fixed total
//! ([`shards`]); their health and metrics are in [`health`], and [`closes`] turns serenity's
//! 4011 log line into a stop with advice.

pub mod closes;
pub mod handler;
pub mod health;
pub mod register;
pub mod send;
pub mod shards;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use serenity::all::{
    ClientBuilder, CreateAllowedMentions, GatewayError, GatewayIntents, Http, HttpBuilder,
};

use versus_discord::api_base::{api_origin, ApiBaseError};
use versus_discord::command::App;
use versus_discord::message::Listening;

use crate::config::{self, Secret};

pub use handler::{on_interaction, on_message, Handler, Shared};
pub use health::GatewayHealth;
pub use register::Scope;
pub use shards::{ShardPlan, ShardRange};

/// How long a shutdown waits for requests in flight (a reindex, say) to finish.
const DRAIN: Duration = Duration::from_secs(10);

/// Everything the bot needs besides the engine.
#[derive(Debug, Clone)]
pub struct BotOptions {
    /// The bot token (from `DISCORD_TOKEN`, never from a file).
    pub token: Secret,
    /// Another base URL for Discord's REST API (`DISCORD_API_BASE`), e.g. a local stand-in.
    pub api_base: Option<String>,
    /// The `[discord]` settings.
    pub discord: config::Discord,
}

/// Why the bot stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// `DISCORD_API_BASE` is not a usable URL.
    #[error(transparent)]
    ApiBase(#[from] ApiBaseError),
    /// The API at `DISCORD_API_BASE` did not say where the gateway is.
    #[error("cannot get the gateway address from {base}/api/v10/gateway: {source}")]
    GatewayAddress {
        /// The base URL.
        base: String,
        /// Why.
        #[source]
        source: Box<serenity::Error>,
    },
    /// Discord refused the token.
    #[error("discord refused the bot token: check DISCORD_TOKEN")]
    Token,
    /// Discord refused the intents (MESSAGE_CONTENT not enabled for the application).
    #[error("discord refused the gateway intents: enable the MESSAGE_CONTENT intent in the developer portal, or set message_content_intent = false in config.toml")]
    Intents,
    /// The shard settings are unusable.
    #[error(transparent)]
    Shards(#[from] shards::ShardError),
    /// Discord did not say where the gateway is and how many shards to run.
    #[error("cannot get the gateway address and the recommended shard count from {base}/api/v10/gateway/bot: {source}")]
    Recommendation {
        /// The base URL.
        base: String,
        /// Why.
        #[source]
        source: Box<serenity::Error>,
    },
    /// Discord closed a shard with 4011: this process must run more shards.
    #[error("{0}")]
    ShardingRequired(String),
    /// The client failed.
    #[error("the discord client failed: {0}")]
    Client(#[source] Box<serenity::Error>),
}

impl From<serenity::Error> for BotError {
    fn from(e: serenity::Error) -> Self {
        match e {
            serenity::Error::Gateway(
                GatewayError::InvalidAuthentication | GatewayError::NoAuthentication,
            ) => BotError::Token,
            serenity::Error::Gateway(
                GatewayError::InvalidGatewayIntents | GatewayError::DisallowedGatewayIntents,
            ) => BotError::Intents,
            other => BotError::Client(Box::new(other)),
        }
    }
}

/// The gateway intents for these settings: guild messages and DMs (mentions arrive with their
/// content without any privileged intent); MESSAGE_CONTENT only when configured.
pub fn intents(discord: &config::Discord) -> GatewayIntents {
    let mut intents = GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    if discord.message_content_intent {
        intents |= GatewayIntents::MESSAGE_CONTENT;
    }
    intents
}

/// The REST client: no mention is ever allowed by default, and with an API base every request
/// goes there with the ratelimiter off (serenity ignores the proxy otherwise).
pub fn http(token: &Secret, api_base: Option<&str>) -> Result<Http, BotError> {
    let mut builder = HttpBuilder::new(token.expose())
        .default_allowed_mentions(CreateAllowedMentions::new().replied_user(false));
    if let Some(base) = api_base {
        builder = builder.proxy(api_origin(base)?).ratelimiter_disabled(true);
    }
    Ok(builder.build())
}

/// The shards to run and the gateway address to use (`None`: serenity finds Discord's): with
/// autosharding both come from `GET /gateway/bot`; with another API base the address must come
/// from it too, since serenity falls back to Discord's real gateway when asking fails.
async fn connection_plan(
    http: &Http,
    options: &BotOptions,
) -> Result<(ShardRange, Option<String>), BotError> {
    let plan = shards::plan(
        options.discord.shards,
        options.discord.shard_ids,
        None,
        None,
    )?;
    match plan {
        ShardPlan::Recommended => {
            let bot = http.get_bot_gateway().await.map_err(|e| match &e {
                // `/gateway/bot` needs the token: a 401 here is a wrong token.
                serenity::Error::Http(h) if h.status_code().is_some_and(|s| s.as_u16() == 401) => {
                    BotError::Token
                }
                _ => BotError::Recommendation {
                    base: options
                        .api_base
                        .as_deref()
                        .and_then(|b| api_origin(b).ok())
                        .unwrap_or_else(|| versus_discord::api_base::DISCORD_ORIGIN.to_string()),
                    source: Box::new(e),
                },
            })?;
            let total = bot.shards.max(1);
            tracing::info!(recommended = total, "discord recommends {total} shard(s)");
            let url = options.api_base.as_ref().map(|_| bot.url);
            Ok((ShardRange::all(total), url))
        }
        ShardPlan::Fixed { total, first, last } => {
            let url = match &options.api_base {
                Some(base) => match http.get_gateway().await {
                    Ok(g) => Some(g.url),
                    Err(source) => {
                        return Err(BotError::GatewayAddress {
                            base: api_origin(base)?,
                            source: Box::new(source),
                        })
                    }
                },
                None => None,
            };
            Ok((ShardRange { first, last, total }, url))
        }
    }
}

/// Connects to Discord and answers until `shutdown` completes (or the connection fails for
/// good), then lets requests in flight finish; shard health is reported to `health` (which the
/// caller may serve).
pub async fn run(
    options: BotOptions,
    app: Arc<App>,
    health: Arc<GatewayHealth>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), BotError> {
    let http = http(&options.token, options.api_base.as_deref())?;
    let (range, gateway) = connection_plan(&http, &options).await?;
    health.set_range(range);
    let listening = Listening {
        auto_answer_channel_ids: options.discord.auto_answer_channel_ids.clone(),
        message_content_intent: options.discord.message_content_intent,
    };
    let shared = Arc::new(Shared::new(
        app,
        listening,
        Scope::from_dev_guild(options.discord.dev_guild_id),
        health.clone(),
    ));
    let mut client = ClientBuilder::new_with_http(http, intents(&options.discord))
        .event_handler(Handler {
            shared: shared.clone(),
        })
        .await?;
    if let Some(url) = gateway {
        *client.ws_url.lock().await = url;
    }
    let manager = client.shard_manager.clone();
    health.set_manager(manager.clone());
    tracing::info!(
        scope = ?shared.scope,
        message_content = options.discord.message_content_intent,
        api_base = options.api_base.is_some(),
        shards = %range,
        "starting the discord bot"
    );
    let seen_4011 = closes::seen();
    // serenity's range end is inclusive despite the `Range` type (it starts `end - start + 1`).
    let shards = range.first..range.last;
    let result = tokio::select! {
        r = client.start_shard_range(shards, range.total) => r.map_err(BotError::from),
        () = closes::sharding_required(seen_4011) => {
            tracing::error!(shards = %range, "discord closed a shard with 4011: sharding required");
            // Not `shutdown_all`: serenity's runner for the closed shard waits for a close frame
            // on a connection that has none to give, spinning until the process exits. The
            // process exits next anyway, and the shards go with it.
            Err(BotError::ShardingRequired(shards::sharding_required_advice(range)))
        }
        () = shutdown => {
            tracing::info!("shutting down: closing the gateway connections");
            manager.shutdown_all().await;
            Ok(())
        }
    };
    if !shared.in_flight.wait_idle(DRAIN).await {
        tracing::warn!(
            in_flight = shared.in_flight.count(),
            "stopped with requests still in flight"
        );
    }
    tracing::info!("discord bot stopped");
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_content_is_asked_for_only_when_configured() {
        let mut d = config::Discord::default();
        assert!(!intents(&d).contains(GatewayIntents::MESSAGE_CONTENT));
        d.message_content_intent = true;
        assert!(intents(&d).contains(GatewayIntents::MESSAGE_CONTENT));
    }

    #[test]
    fn errors_never_show_the_token() {
        let token = Secret::new("abc.def.ghi");
        let http = http(&token, Some("http://127.0.0.1:1")).unwrap();
        assert!(!format!("{http:?}").contains("abc.def.ghi"));
        assert!(!BotError::Token.to_string().contains("abc.def.ghi"));
    }
}
