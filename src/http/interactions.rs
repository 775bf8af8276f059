//! `POST /interactions`: Discord's HTTP interactions endpoint, a thin transport over the
//! Discord protocol crate. Checks the signature before anything reads the body as JSON, hands
//! the body to the protocol's one interaction parser, answers through the same command layer as
//! the gateway bot, and writes the protocol's callback. Slow commands are deferred and finished
//! by a follow-up ([`followup`]).

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State as AxumState;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use versus_discord::callback::{self, Callback};
use versus_discord::command::{self, Via};
use versus_discord::interaction::{self, Interaction};

use super::replay::Verdict;
use super::{body_error, error, followup, not_found, signature, State};

/// A callback as the HTTP response to the interaction.
fn callback_response(body: &Callback<'_>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body.to_bytes(),
    )
        .into_response()
}

/// The handler of `POST /interactions`.
pub(super) async fn endpoint(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(key) = &state.options.public_key else {
        return not_found();
    };
    let body = match body {
        Ok(b) => b,
        Err(r) => return body_error(r),
    };
    if let Err(refusal) = signature::verify(
        key,
        headers
            .get(signature::SIGNATURE_HEADER)
            .map(|v| v.as_bytes()),
        headers
            .get(signature::TIMESTAMP_HEADER)
            .map(|v| v.as_bytes()),
        &body,
        state.options.signature_window,
        SystemTime::now(),
    ) {
        tracing::debug!(reason = %refusal, "interaction refused");
        return error(StatusCode::UNAUTHORIZED, "invalid request signature");
    }
    match first_time(&state, &headers) {
        Verdict::New => {}
        Verdict::Replay => {
            tracing::warn!("a signed interaction arrived again inside the window; refused");
            return error(StatusCode::CONFLICT, "interaction already received");
        }
        Verdict::Full => {
            return error(
                StatusCode::SERVICE_UNAVAILABLE,
                "too many interactions; retry later",
            );
        }
    }
    let interaction = match interaction::parse(&body, Via::Webhook) {
        Ok(i) => i,
        Err(e) => {
            tracing::debug!(error = %e, "interaction not understood");
            return error(StatusCode::BAD_REQUEST, &e.to_string());
        }
    };
    let (reply_to, caller, invocation) = match interaction {
        Interaction::Ping => return callback_response(&callback::pong()),
        Interaction::Command {
            reply_to,
            caller,
            invocation,
        } => (reply_to, caller, invocation),
    };
    let Some(app) = state.app().cloned() else {
        return super::loading();
    };
    tracing::debug!(command = invocation.name(), "interaction");
    if invocation.is_slow() {
        let task_state = state.clone();
        state.followups.spawn(async move {
            followup::finish(task_state, app, reply_to, caller, invocation).await;
        });
        return callback_response(&callback::deferred(true));
    }
    if let Some(wait) = command::shared_cooldown(&app, &caller, &invocation).await {
        return callback_response(&callback::callback(&wait));
    }
    let work_state = state.clone();
    let reply = state
        .workers
        .run(move || command::handle_observed(&app, &caller, invocation, &work_state.metrics))
        .await;
    match reply {
        Ok(reply) => callback_response(&callback::callback(&reply)),
        Err(panicked) => panicked.into_response(),
    }
}

/// Whether this (already verified) signature is new; a replay of a captured request is not.
fn first_time(state: &State, headers: &HeaderMap) -> Verdict {
    let mut signature = [0u8; 64];
    let decoded = headers
        .get(signature::SIGNATURE_HEADER)
        .map(|v| hex::decode_to_slice(v.as_bytes(), &mut signature));
    // verify() has checked the header; anything else here is refused all the same.
    if !matches!(decoded, Some(Ok(()))) {
        return Verdict::Replay;
    }
    state.seen.first_time(signature, Instant::now())
}
