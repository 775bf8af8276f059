//! The gateway bot's REST requests, sent with the shared retry policy ([`crate::rest`]).
//!
//! With serenity's ratelimiter on (talking to Discord itself) a request goes through serenity's
//! `Http`, whose ratelimiter already honours `retry_after`. With it off (`DISCORD_API_BASE`)
//! serenity would hand back a 429 without its body or headers, so the request, built by serenity
//! the same way, is executed by [`rest::execute`] and its status, headers and body read directly.

use std::time::Instant;

use serde_json::Value;
use serenity::all::{Http, HttpError};
use serenity::http::Request;
use versus_discord::retry::DISCORD_REST;

use crate::rest::{self, Attempt, RestError};

/// Sends `request` (`what` names it in the log) under the shared retry policy, never waiting
/// past `deadline`. The answer's JSON body (`Null` when empty).
pub async fn send(
    http: &Http,
    client: &reqwest::Client,
    what: &'static str,
    request: Request<'_>,
    deadline: Option<Instant>,
) -> Result<Value, RestError> {
    rest::send(what, &DISCORD_REST, deadline, || {
        once(http, client, request.clone())
    })
    .await
}

async fn once(http: &Http, client: &reqwest::Client, request: Request<'_>) -> Attempt {
    if http.ratelimiter.is_some() {
        return through_serenity(http, request).await;
    }
    match request.build(client, http.token(), http.proxy.as_deref()) {
        Ok(built) => rest::execute(built).await,
        Err(e) => Attempt::Failed(RestError::Invalid(e.to_string())),
    }
}

async fn through_serenity(http: &Http, request: Request<'_>) -> Attempt {
    match http.request(request).await {
        Ok(response) => match response.bytes().await {
            Ok(body) => Attempt::Done(serde_json::from_slice(&body).unwrap_or(Value::Null)),
            Err(e) => Attempt::Failed(RestError::Transport(rest::transport_kind(&e))),
        },
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(r))) => {
            if r.status_code.as_u16() == 429 {
                // The ratelimiter already waited and retried; one more wait of our own is enough.
                return Attempt::RateLimited(None);
            }
            Attempt::Failed(RestError::Status {
                status: r.status_code.as_u16(),
                code: r.error.code as i64,
                message: r.error.message,
            })
        }
        Err(serenity::Error::Http(HttpError::Request(e))) => {
            Attempt::Failed(RestError::Transport(rest::transport_kind(&e)))
        }
        Err(e) => Attempt::Failed(RestError::Invalid(e.to_string())),
    }
}
