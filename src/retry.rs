//! What a Discord REST answer asks of a retry, shared by the gateway bot (`discord::rest`) and
//! `versus serve`'s deferred follow-ups: the wait a 429 names, and a transport failure described
//! without its URL (which carries an interaction token).

use std::time::Duration;

use serde_json::Value;

/// A wait of `secs` seconds, when that is a sane number (capped at an hour).
pub fn seconds(secs: f64) -> Option<Duration> {
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(3600.0)))
}

/// The wait a 429 asks for: the body's `retry_after` (a float, more precise), else the
/// `Retry-After` header (whole seconds).
pub fn rate_limit_wait(header: Option<&str>, body: &Value) -> Option<Duration> {
    let from_body = body["retry_after"].as_f64().and_then(seconds);
    let from_header = header.and_then(|h| seconds(h.trim().parse().ok()?));
    from_body.or(from_header)
}

/// The `Retry-After` header of a response, as text.
pub fn retry_after_header(response: &reqwest::Response) -> Option<String> {
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

    #[test]
    fn nonsense_waits_are_ignored() {
        assert_eq!(seconds(0.3), Some(Duration::from_millis(300)));
        assert_eq!(seconds(-1.0), None);
        assert_eq!(seconds(f64::NAN), None);
        assert_eq!(seconds(1e12), Some(Duration::from_secs(3600)));
    }

    #[test]
    fn the_body_wait_wins_over_the_header() {
        let body = serde_json::json!({"retry_after": 0.25});
        assert_eq!(
            rate_limit_wait(Some("3"), &body),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            rate_limit_wait(Some(" 2 "), &Value::Null),
            Some(Duration::from_secs(2))
        );
        assert_eq!(rate_limit_wait(Some("soon"), &Value::Null), None);
    }
}
