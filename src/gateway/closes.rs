//! Close code 4011 ("sharding required"): Discord refuses a shard that would carry too many
//! guilds. serenity 0.12.5 reads the code (`GatewayError::OverloadedShard`), but unlike a bad
//! token or refused intents it does not hand it back to `Client::start*`: the shard runner logs
//! `Shard handler received err: Gateway(OverloadedShard)` at ERROR and reconnects, and Discord
//! closes it again, forever. That log event is the one place the code surfaces, so
//! [`layer`], which the binary installs beside its log output, picks it out and raises a
//! process-wide signal that [`run`](super::run) waits on to stop with advice.
//!
//! Process-wide is right for the binary (one bot per process). A bot started in-process
//! without the layer (the library's tests) keeps serenity's behaviour.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::Notify;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Context, Filter, Layer};

/// serenity's name for a 4011 close, as its shard runner logs it.
const OVERLOADED_SHARD: &str = "OverloadedShard";
/// Where serenity's gateway logs from.
const SERENITY_GATEWAY: &str = "serenity::gateway";

/// 4011 closes seen in this process so far.
static SEEN: AtomicU64 = AtomicU64::new(0);
static SEEN_CHANGED: Notify = Notify::const_new();

/// Raises the signal when serenity logs a 4011 close.
#[derive(Debug, Clone, Copy, Default)]
pub struct CloseWatch;

/// The layer to install: [`CloseWatch`] over serenity's gateway errors only, whatever the log
/// filter lets through.
pub fn layer<S>() -> impl Layer<S>
where
    S: Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    CloseWatch.with_filter(only_gateway_errors())
}

fn only_gateway_errors<S>() -> impl Filter<S> {
    Targets::new().with_target(SERENITY_GATEWAY, Level::ERROR)
}

/// Finds the marker in an event's message.
#[derive(Default)]
struct Marker(bool);

impl Visit for Marker {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            self.0 |= format!("{value:?}").contains(OVERLOADED_SHARD);
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 |= value.contains(OVERLOADED_SHARD);
        }
    }
}

impl<S: Subscriber> Layer<S> for CloseWatch {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut marker = Marker::default();
        event.record(&mut marker);
        if marker.0 {
            SEEN.fetch_add(1, Ordering::SeqCst);
            SEEN_CHANGED.notify_waiters();
        }
    }
}

/// The number of 4011 closes seen so far; [`sharding_required`] waits for one after it.
pub fn seen() -> u64 {
    SEEN.load(Ordering::SeqCst)
}

/// Completes once a 4011 close is seen after `since` (a [`seen`] value).
pub async fn sharding_required(since: u64) {
    loop {
        let changed = SEEN_CHANGED.notified();
        if seen() > since {
            return;
        }
        changed.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::prelude::*;

    #[test]
    fn serenitys_4011_log_line_raises_the_signal_and_others_do_not() {
        let subscriber = tracing_subscriber::registry().with(layer());
        tracing::subscriber::with_default(subscriber, || {
            let before = seen();
            tracing::error!(target: "serenity::gateway::bridge::shard_runner", "Shard handler received err: {:?}", "Gateway(AuthenticationFailed)");
            tracing::warn!(target: "serenity::gateway::bridge::shard_runner", "Shard handler received err: Gateway(OverloadedShard)");
            tracing::error!(target: "versus::gateway", "OverloadedShard");
            assert_eq!(seen(), before, "only serenity's gateway errors count");
            let why = "Gateway(OverloadedShard)";
            tracing::error!(target: "serenity::gateway::bridge::shard_runner", "Shard handler received err: {:?}", why);
            assert_eq!(seen(), before + 1);
        });
    }
}
