//! Runs the real bot (`versus::startup::bot`, exactly what `versus bot` runs) in-process against
//! a stand-in, and stops it the way Ctrl-C does.
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use versus::config::{self, Secret};
use versus::gateway::{BotError, BotOptions, GatewayHealth};
use versus::record::StoreJournal;
use versus::startup;
use versus_core::engine::Engine;

use super::payloads::ADMIN_ROLE;
use super::standin::{within, StandIn, GUILD_ID};

/// The settings the tests start from: commands in the stand-in's guild, one admin role, no
/// cooldown, no auto-answer channels.
pub fn settings() -> config::Discord {
    config::Discord {
        dev_guild_id: GUILD_ID,
        admin_role_ids: vec![ADMIN_ROLE],
        admin_user_ids: Vec::new(),
        ask_cooldown_secs: 0,
        auto_answer_channel_ids: Vec::new(),
        message_content_intent: false,
        ..config::Discord::default()
    }
}

/// A bot running in this test's runtime.
pub struct Bot {
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), BotError>>,
}

/// Starts the bot against `standin` with the stand-in's token.
pub fn start(standin: &StandIn, engine: Arc<Engine>, discord: config::Discord) -> Bot {
    start_with_token(standin, engine, discord, standin.token())
}

/// Starts the bot against `standin`, keeping shard health and metrics in `health`.
pub fn start_reporting(
    standin: &StandIn,
    engine: Arc<Engine>,
    discord: config::Discord,
    health: Arc<GatewayHealth>,
) -> Bot {
    let options = options(standin, standin.token(), discord);
    launch(|stopped| startup::bot_reporting(options, engine, health, stopped))
}

/// Starts the bot against `standin`, logging to `journal` as `versus bot` does with a store.
pub fn start_with_journal(
    standin: &StandIn,
    engine: Arc<Engine>,
    discord: config::Discord,
    journal: Arc<StoreJournal>,
) -> Bot {
    let options = options(standin, standin.token(), discord);
    launch(|stopped| startup::bot_with_journal(options, engine, Some(journal), stopped))
}

/// Starts the bot against `standin` with `token`.
pub fn start_with_token(
    standin: &StandIn,
    engine: Arc<Engine>,
    discord: config::Discord,
    token: &str,
) -> Bot {
    let options = options(standin, token, discord);
    launch(|stopped| startup::bot(options, engine, stopped))
}

/// The options `versus bot` would have against the stand-in, with `token`.
fn options(standin: &StandIn, token: &str, discord: config::Discord) -> BotOptions {
    BotOptions {
        token: Secret::new(token),
        api_base: Some(standin.api_base().to_string()),
        discord,
    }
}

/// Spawns the bot `run` builds, handing it the shutdown that [`Bot::stop`] triggers.
fn launch<F>(run: impl FnOnce(Pin<Box<dyn Future<Output = ()> + Send>>) -> F) -> Bot
where
    F: Future<Output = Result<(), BotError>> + Send + 'static,
{
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(run(Box::pin(async move {
        let _ = stopped.await;
    })));
    Bot {
        stop: Some(stop),
        task,
    }
}

impl Bot {
    /// Asks the bot to shut down and waits for it (requests in flight finish first).
    pub async fn stop(mut self) -> Result<(), BotError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        within("the bot to stop", &mut self.task)
            .await
            .expect("the bot task did not panic")
    }

    /// Waits for the bot to stop by itself (a refused connection, say).
    pub async fn stopped(mut self) -> Result<(), BotError> {
        within("the bot to stop by itself", &mut self.task)
            .await
            .expect("the bot task did not panic")
    }
}
