//! The few REST calls that answer users — interaction callbacks, `@original` edits, channel
//! messages and DMs — sent with Discord's retry rules: a 429 is waited out for its `retry_after`
//! (never past the caller's deadline), a 5xx is retried a bounded number of times, anything else
//! is returned as a typed [`RestError`] that never quotes the URL (interaction URLs carry the
//! interaction token).
//!
//! With serenity's ratelimiter on (talking to Discord itself) the request goes through serenity's
//! `Http`, whose ratelimiter already honours `retry_after`. With it off (`DISCORD_API_BASE`)
//! serenity would hand back a 429 without its body or headers, so the request, built by serenity
//! the same way, is executed here and the status, headers and body read directly.

use std::time::{Duration, Instant};

use serde_json::Value;
use serenity::all::{Http, HttpError};
use serenity::http::Request;

use crate::retry::{rate_limit_wait, retry_after_header, transport_kind};

/// Attempts per request, the first included.
const MAX_ATTEMPTS: u32 = 4;
/// Wait before retrying a 5xx or a failed connection; doubled each time.
const SERVER_ERROR_BACKOFF: Duration = Duration::from_millis(250);
/// The longest 429 wait honoured when the caller has no deadline of its own: a longer one means
/// a global limit, and the reply would be stale by then.
const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(10);
/// Used when a 429 says neither `retry_after` nor `Retry-After`.
const DEFAULT_RATE_LIMIT_WAIT: Duration = Duration::from_secs(1);
/// Time for one request once the wait is over, so a retry still lands before the deadline.
const SEND_MARGIN: Duration = Duration::from_millis(200);
/// Discord's error code for a second callback to one interaction.
const ALREADY_ACKNOWLEDGED: i64 = 40060;

/// Why a REST call failed for good.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RestError {
    /// Discord answered with an error status.
    #[error("discord answered {status} (code {code}: {message})")]
    Status {
        /// The HTTP status.
        status: u16,
        /// Discord's JSON error code (0 when the body had none).
        code: i64,
        /// Discord's error message.
        message: String,
    },
    /// Rate-limited for longer than the caller can wait.
    #[error("rate-limited for {retry_after:?}, longer than there is time for")]
    RateLimited {
        /// What Discord asked to wait.
        retry_after: Duration,
    },
    /// No HTTP response (the URL is left out on purpose).
    #[error("{0} (no HTTP response)")]
    Transport(&'static str),
    /// The request could not be built or its answer read.
    #[error("{0}")]
    Invalid(String),
}

impl RestError {
    /// The HTTP status, when Discord answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            RestError::Status { status, .. } => Some(*status),
            RestError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }
}

/// One attempt's result, before the retry rules.
#[derive(Debug)]
enum Attempt {
    Done(Value),
    RateLimited(Option<Duration>),
    Failed(RestError),
}

/// Sends `request` (`what` names it in the log) until it succeeds, fails for good, or the next
/// attempt could not finish before `deadline`. The answer's JSON body (`Null` when empty).
pub async fn send(
    http: &Http,
    client: &reqwest::Client,
    what: &'static str,
    request: Request<'_>,
    deadline: Option<Instant>,
) -> Result<Value, RestError> {
    let mut attempt = 1;
    loop {
        // Each arm either returns or says how long to wait and what to report if there is no
        // time left for that wait.
        let (wait, out_of_time) = match once(http, client, request.clone()).await {
            Attempt::Done(body) => return Ok(body),
            // A 5xx or a lost connection may hide a callback that went through: its retry is then
            // refused as already acknowledged, which means the user has the answer.
            Attempt::Failed(RestError::Status {
                status: 400, code, ..
            }) if attempt > 1 && code == ALREADY_ACKNOWLEDGED => return Ok(Value::Null),
            Attempt::Failed(e) if attempt >= MAX_ATTEMPTS || !retryable(&e) => return Err(e),
            Attempt::Failed(e) => {
                let wait = SERVER_ERROR_BACKOFF * 2u32.pow(attempt - 1);
                tracing::warn!(request = what, attempt, error = %e, ?wait, "sending to discord failed; retrying");
                (wait, e)
            }
            Attempt::RateLimited(asked) => {
                let wait = asked.unwrap_or(DEFAULT_RATE_LIMIT_WAIT);
                let e = RestError::RateLimited { retry_after: wait };
                if attempt >= MAX_ATTEMPTS || wait > MAX_RATE_LIMIT_WAIT {
                    return Err(e);
                }
                tracing::warn!(
                    request = what,
                    attempt,
                    ?wait,
                    "discord rate-limited a request; waiting as asked"
                );
                (wait, e)
            }
        };
        if deadline.is_some_and(|d| Instant::now() + wait + SEND_MARGIN > d) {
            return Err(out_of_time);
        }
        tokio::time::sleep(wait).await;
        attempt += 1;
    }
}

/// Whether sending again may succeed: a 5xx, or no response at all.
fn retryable(e: &RestError) -> bool {
    match e {
        RestError::Status { status, .. } => (500..600).contains(status),
        RestError::Transport(_) => true,
        RestError::RateLimited { .. } | RestError::Invalid(_) => false,
    }
}

async fn once(http: &Http, client: &reqwest::Client, request: Request<'_>) -> Attempt {
    if http.ratelimiter.is_some() {
        return through_serenity(http, request).await;
    }
    let built = match request.build(client, http.token(), http.proxy.as_deref()) {
        Ok(b) => b,
        Err(e) => return Attempt::Failed(RestError::Invalid(e.to_string())),
    };
    let response = match built.send().await {
        Ok(r) => r,
        Err(e) => return Attempt::Failed(RestError::Transport(transport_kind(&e))),
    };
    let status = response.status().as_u16();
    let header = retry_after_header(&response);
    let body = match response.bytes().await {
        Ok(b) => b,
        Err(e) => return Attempt::Failed(RestError::Transport(transport_kind(&e))),
    };
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        return Attempt::Done(json);
    }
    if status == 429 {
        return Attempt::RateLimited(rate_limit_wait(header.as_deref(), &json));
    }
    Attempt::Failed(RestError::Status {
        status,
        code: json["code"].as_i64().unwrap_or(0),
        message: json["message"].as_str().unwrap_or("").to_string(),
    })
}

async fn through_serenity(http: &Http, request: Request<'_>) -> Attempt {
    match http.request(request).await {
        Ok(response) => match response.bytes().await {
            Ok(body) => Attempt::Done(serde_json::from_slice(&body).unwrap_or(Value::Null)),
            Err(e) => Attempt::Failed(RestError::Transport(transport_kind(&e))),
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
            Attempt::Failed(RestError::Transport(transport_kind(&e)))
        }
        Err(e) => Attempt::Failed(RestError::Invalid(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_server_errors_and_lost_connections_are_retried() {
        let status = |status| RestError::Status {
            status,
            code: 0,
            message: String::new(),
        };
        assert!(retryable(&status(500)));
        assert!(retryable(&status(502)));
        assert!(!retryable(&status(404)));
        assert!(!retryable(&status(400)));
        assert!(retryable(&RestError::Transport("could not connect")));
    }

    #[tokio::test]
    async fn a_lost_connection_past_the_deadline_is_reported_without_the_url() {
        let http = super::super::http(&crate::config::Secret::new("t"), Some("http://127.0.0.1:9"))
            .unwrap();
        let request = Request::new(
            serenity::http::Route::InteractionResponse {
                interaction_id: serenity::all::InteractionId::new(1),
                token: "secret-interaction-token",
            },
            serenity::http::LightMethod::Post,
        )
        .body(Some(b"{\"type\":1}".to_vec()));
        // A deadline too close for any retry: one attempt, then the error.
        let e = send(
            &http,
            &reqwest::Client::new(),
            "test",
            request,
            Some(Instant::now()),
        )
        .await
        .unwrap_err();
        assert_eq!(e, RestError::Transport("could not connect"));
        assert!(!e.to_string().contains("secret-interaction-token"));
    }
}
