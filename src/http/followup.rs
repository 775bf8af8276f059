//! Finishing a deferred interaction: run the slow command off the async runtime, then edit the
//! deferred reply (`PATCH /webhooks/{app}/{token}/messages/@original`) on Discord's REST API,
//! or wherever `DISCORD_API_BASE` points. Also tracks these tasks so shutdown can wait for them.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::interactions::ReplyTo;
use super::{guarded, State};
use crate::commands::{self, App, Caller, Invocation, Reply};
use crate::render::discord::{self as view, Message};
use crate::retry::{rate_limit_wait, retry_after_header, transport_kind};

/// Discord's REST API version, as in the gateway bot.
const API_VERSION: &str = "/api/v10";
/// Attempts at delivering one follow-up.
const ATTEMPTS: u32 = 3;
/// The longest a 429's `retry_after` is honoured; past it, give up.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// Runs `invocation` on a blocking thread and sends its reply as the edit of the deferred
/// response. Failures are logged: there is nobody else to tell.
pub(super) async fn finish(
    state: Arc<State>,
    app: Arc<App>,
    reply_to: ReplyTo,
    caller: Caller,
    invocation: Invocation,
) {
    let command = invocation.name().to_string();
    let work_state = state.clone();
    let reply = tokio::task::spawn_blocking(move || {
        guarded(|| commands::handle_observed(&app, &caller, invocation, &work_state.metrics)).ok()
    })
    .await
    .ok()
    .flatten();
    let message = match reply {
        Some(Reply::Message { message, .. }) => message,
        // A deferred command never yields choices; say something rather than nothing.
        Some(Reply::Choices(_)) | None => {
            view::error("Something went wrong on my side; the current knowledge keeps answering.")
        }
    };
    let url = format!(
        "{}{API_VERSION}/webhooks/{}/{}/messages/@original",
        state.options.discord_api_base, reply_to.application_id, reply_to.token
    );
    match send(&state.client, &url, &message).await {
        Ok(()) => tracing::debug!(command, "follow-up delivered"),
        Err(e) => tracing::warn!(command, error = %e, "follow-up not delivered"),
    }
}

/// Why a follow-up was not delivered. Never carries the URL: it holds the interaction token.
#[derive(Debug, thiserror::Error)]
enum SendError {
    #[error("discord answered {0}")]
    Status(reqwest::StatusCode),
    #[error("request failed: {0}")]
    Transport(String),
}

async fn send(client: &reqwest::Client, url: &str, message: &Message) -> Result<(), SendError> {
    let mut last = SendError::Transport("not attempted".to_string());
    for attempt in 1..=ATTEMPTS {
        let result = client.patch(url).json(message).send().await;
        let wait = match result {
            Ok(r) if r.status().is_success() => return Ok(()),
            Ok(r) if r.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => {
                let header = retry_after_header(&r);
                let body = r.json::<serde_json::Value>().await.unwrap_or_default();
                let wait = rate_limit_wait(header.as_deref(), &body);
                last = SendError::Status(reqwest::StatusCode::TOO_MANY_REQUESTS);
                match wait {
                    Some(w) if w <= MAX_RETRY_AFTER => w,
                    _ => break,
                }
            }
            Ok(r) if r.status().is_server_error() => {
                last = SendError::Status(r.status());
                Duration::from_millis(250 * u64::from(attempt))
            }
            // Any other 4xx (an unknown or expired token, a refused body) will not improve.
            Ok(r) => return Err(SendError::Status(r.status())),
            Err(e) => {
                // reqwest's error text names the URL, and so the token: keep only the kind.
                last = SendError::Transport(transport_kind(&e).to_string());
                Duration::from_millis(250 * u64::from(attempt))
            }
        };
        if attempt < ATTEMPTS {
            tokio::time::sleep(wait).await;
        }
    }
    Err(last)
}

/// Background tasks that must finish before the process exits (deferred replies owe Discord
/// a follow-up).
#[derive(Debug, Default)]
pub(super) struct Tasks {
    running: AtomicUsize,
    idle: Notify,
}

/// Counts a task as finished when dropped, so a panicking task still counts.
struct Running(Arc<Tasks>);

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Tasks {
    /// Spawns `task` on the runtime, tracked.
    pub(super) fn spawn(self: &Arc<Self>, task: impl Future<Output = ()> + Send + 'static) {
        self.running.fetch_add(1, Ordering::AcqRel);
        let running = Running(self.clone());
        tokio::spawn(async move {
            let _running = running;
            task.await;
        });
    }

    /// Tasks not yet finished.
    pub(super) fn running(&self) -> usize {
        self.running.load(Ordering::Acquire)
    }

    /// Waits until no task runs.
    pub(super) async fn idle(&self) {
        loop {
            let notified = self.idle.notified();
            tokio::pin!(notified);
            // Register before checking, so a notification between the two is not lost.
            notified.as_mut().enable();
            if self.running() == 0 {
                return;
            }
            notified.await;
        }
    }
}
