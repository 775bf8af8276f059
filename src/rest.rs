//! Sending to Discord's REST API with the shared retry policy
//! ([`retry::DISCORD_REST`](versus_discord::retry::DISCORD_REST)), for both transports: the
//! gateway bot's callbacks, edits, channel messages and DMs, and `versus serve`'s deferred
//! follow-ups. A 429 is waited out for its `retry_after` (never past the caller's deadline), a
//! 5xx or a lost connection is retried with a doubling backoff, anything else comes back as a
//! typed [`RestError`] that never quotes the URL (interaction URLs carry the interaction token).

use std::future::Future;
use std::time::{Duration, Instant};

use serde_json::Value;
use versus_discord::retry::{rate_limit_wait, Failure, RetryPolicy};

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
pub enum Attempt {
    /// 2xx, with the JSON body (`Null` when empty).
    Done(Value),
    /// 429, with the wait Discord named.
    RateLimited(Option<Duration>),
    /// Anything else.
    Failed(RestError),
}

impl Attempt {
    fn failure(&self) -> Failure {
        match self {
            Attempt::RateLimited(wait) => Failure::RateLimited(*wait),
            Attempt::Failed(RestError::Status { status, .. }) => Failure::Status(*status),
            Attempt::Failed(RestError::Transport(_)) => Failure::NoResponse,
            Attempt::Failed(_) | Attempt::Done(_) => Failure::Invalid,
        }
    }
}

/// Runs `once` until it succeeds, fails for good under `policy`, or the next attempt could not
/// finish before `deadline`. `what` names the request in the log.
pub async fn send<F, Fut>(
    what: &'static str,
    policy: &RetryPolicy,
    deadline: Option<Instant>,
    mut once: F,
) -> Result<Value, RestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Attempt>,
{
    let mut attempt = 1;
    loop {
        let result = once().await;
        let failure = result.failure();
        let error = match result {
            Attempt::Done(body) => return Ok(body),
            // A 5xx or a lost connection may hide a callback that went through: its retry is then
            // refused as already acknowledged, which means the user has the answer.
            Attempt::Failed(RestError::Status {
                status: 400, code, ..
            }) if attempt > 1 && code == ALREADY_ACKNOWLEDGED => return Ok(Value::Null),
            Attempt::Failed(e) => e,
            Attempt::RateLimited(asked) => RestError::RateLimited {
                retry_after: asked.unwrap_or(policy.default_rate_limit_wait),
            },
        };
        let Some(wait) = policy.wait_after(attempt, failure) else {
            return Err(error);
        };
        tracing::warn!(request = what, attempt, error = %error, ?wait, "sending to discord failed; retrying");
        if deadline.is_some_and(|d| Instant::now() + wait + SEND_MARGIN > d) {
            return Err(error);
        }
        tokio::time::sleep(wait).await;
        attempt += 1;
    }
}

/// Sends a built request once and reads its status, `Retry-After` and JSON body.
pub async fn execute(request: reqwest::RequestBuilder) -> Attempt {
    let response = match request.send().await {
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

/// The `Retry-After` header of a response, as text.
fn retry_after_header(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// What kind of transport failure, without the URL reqwest's text would quote.
pub fn transport_kind(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use versus_discord::retry::DISCORD_REST;

    #[tokio::test]
    async fn a_lost_connection_past_the_deadline_is_reported_without_the_url() {
        let client = reqwest::Client::new();
        let url = "http://127.0.0.1:9/api/v10/interactions/1/secret-interaction-token/callback";
        // A deadline too close for any retry: one attempt, then the error.
        let e = send("test", &DISCORD_REST, Some(Instant::now()), || {
            execute(client.post(url).body("{\"type\":1}"))
        })
        .await
        .unwrap_err();
        assert_eq!(e, RestError::Transport("could not connect"));
        assert!(!e.to_string().contains("secret-interaction-token"));
    }

    #[tokio::test]
    async fn a_4xx_is_not_retried() {
        let mut calls = 0;
        let e = send("test", &DISCORD_REST, None, || {
            calls += 1;
            async {
                Attempt::Failed(RestError::Status {
                    status: 404,
                    code: 10062,
                    message: "Unknown interaction".into(),
                })
            }
        })
        .await
        .unwrap_err();
        assert_eq!(calls, 1);
        assert_eq!(e.status(), Some(404));
    }
}
