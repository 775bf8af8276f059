//! Runs the real bot (`versus::startup::Services::bot`, exactly what `versus bot` runs)
//! in-process against a stand-in, and stops it the way Ctrl-C does.
#![allow(dead_code)]

use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use versus::config::{self, Secret};
use versus::gateway::{BotError, GatewayHealth};
use versus::record::StoreJournal;
use versus::startup::{Services, ServicesBuilder};
use versus_core::engine::Engine;

use super::payloads::ADMIN_ROLE;
use super::standin::{within, StandIn, GUILD_ID};

/// The settings the tests start from: commands in the stand-in's guild, one admin role, no
/// cooldown, no auto-answer channels.
pub fn settings() -> config::Discord {
    config::Discord {
        dev_guild_id: std::num::NonZeroU64::new(GUILD_ID),
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
    let services = builder(standin, engine, &discord).health(health).build();
    launch(services, standin.token())
}

/// Starts the bot against `standin`, logging to `journal` as `versus bot` does with a store.
pub fn start_with_journal(
    standin: &StandIn,
    engine: Arc<Engine>,
    discord: config::Discord,
    journal: Arc<StoreJournal>,
) -> Bot {
    let services = builder(standin, engine, &discord).journal(journal).build();
    launch(services, standin.token())
}

/// Starts the bot against `standin` with `token`.
pub fn start_with_token(
    standin: &StandIn,
    engine: Arc<Engine>,
    discord: config::Discord,
    token: &str,
) -> Bot {
    launch(builder(standin, engine, &discord).build(), token)
}

/// The services `versus bot` would build against the stand-in.
fn builder(standin: &StandIn, engine: Arc<Engine>, discord: &config::Discord) -> ServicesBuilder {
    Services::builder(engine, discord).api_base(standin.api_base().to_string())
}

/// Spawns the bot of `services` with `token`, handing it the shutdown that [`Bot::stop`]
/// triggers.
fn launch(services: Services, token: &str) -> Bot {
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(services.bot(Secret::new(token), async move {
        let _ = stopped.await;
    }));
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
