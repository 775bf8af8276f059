//! Finishing a deferred interaction: run the slow command off the async runtime, then edit the
//! deferred reply (`PATCH /webhooks/{app}/{token}/messages/@original`) on Discord's REST API,
//! or wherever `DISCORD_API_BASE` points, with the retry policy both transports share.

use std::sync::Arc;

use versus_discord::api_base::api_root;
use versus_discord::command::{self, App, Caller, Invocation, Reply};
use versus_discord::interaction::InteractionRef;
use versus_discord::retry::DISCORD_REST;
use versus_discord::view::{self, Message};

use super::State;
use crate::rest::{self, RestError};

/// Runs `invocation` on a blocking thread and sends its reply as the edit of the deferred
/// response. Failures are logged: there is nobody else to tell.
pub(super) async fn finish(
    state: Arc<State>,
    app: Arc<App>,
    reply_to: InteractionRef,
    caller: Caller,
    invocation: Invocation,
) {
    let name = invocation.name().to_string();
    let work_state = state.clone();
    let reply = state
        .workers
        .run(move || command::handle_observed(&app, &caller, invocation, &work_state.metrics))
        .await
        .ok();
    let message = match reply {
        Some(Reply::Message { message, .. }) => message,
        // A deferred command never yields choices; say something rather than nothing.
        Some(Reply::Choices(_)) | None => {
            view::error("Something went wrong on my side; the current knowledge keeps answering.")
        }
    };
    let url = format!(
        "{}/webhooks/{}/{}/messages/@original",
        api_root(&state.options.discord_api_base),
        reply_to.application_id,
        reply_to.token
    );
    match send(&state.client, &url, &message).await {
        Ok(()) => tracing::debug!(command = name, "follow-up delivered"),
        Err(e) => tracing::warn!(command = name, error = %e, "follow-up not delivered"),
    }
}

/// Edits `@original` with `message` under the shared retry policy.
async fn send(client: &reqwest::Client, url: &str, message: &Message) -> Result<(), RestError> {
    rest::send("follow_up", &DISCORD_REST, None, || {
        rest::execute(client.patch(url).json(message))
    })
    .await
    .map(|_| ())
}
