//! The retry policy for Discord's REST API, one for both transports (the gateway bot's replies
//! and `versus serve`'s deferred follow-ups): how many attempts, how long to wait after a 5xx or
//! a lost connection, which 429 waits to honour. Pure decisions; the transports do the sending
//! and the sleeping.

use std::time::Duration;

use serde_json::Value;

/// Discord's retry rules as versus applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub max_attempts: u32,
    /// Wait before retrying a 5xx or a failed connection; doubled each time.
    pub backoff: Duration,
    /// The longest 429 wait honoured: a longer one means a global limit, and the reply would
    /// be stale by then.
    pub max_rate_limit_wait: Duration,
    /// Used when a 429 says neither `retry_after` nor `Retry-After`.
    pub default_rate_limit_wait: Duration,
}

/// The policy every Discord REST call of versus uses.
pub const DISCORD_REST: RetryPolicy = RetryPolicy {
    max_attempts: 4,
    backoff: Duration::from_millis(250),
    max_rate_limit_wait: Duration::from_secs(10),
    default_rate_limit_wait: Duration::from_secs(1),
};

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Discord answered with this status (not 429).
    Status(u16),
    /// No HTTP response at all.
    NoResponse,
    /// Rate-limited, with the wait Discord named, if any.
    RateLimited(Option<Duration>),
    /// The request itself is broken; sending it again cannot help.
    Invalid,
}

impl RetryPolicy {
    /// How long to wait before attempt `attempt + 1` after `failure` on attempt `attempt`
    /// (counted from 1); `None` to give up.
    pub fn wait_after(&self, attempt: u32, failure: Failure) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        match failure {
            Failure::Status(s) if (500..600).contains(&s) => Some(self.backoff_for(attempt)),
            Failure::NoResponse => Some(self.backoff_for(attempt)),
            Failure::RateLimited(asked) => {
                let wait = asked.unwrap_or(self.default_rate_limit_wait);
                (wait <= self.max_rate_limit_wait).then_some(wait)
            }
            // Any other 4xx (an unknown or expired token, a refused body) will not improve.
            Failure::Status(_) | Failure::Invalid => None,
        }
    }

    fn backoff_for(&self, attempt: u32) -> Duration {
        self.backoff * 2u32.saturating_pow(attempt.saturating_sub(1))
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_and_lost_connections_back_off_doubling_other_4xx_give_up() {
        let p = DISCORD_REST;
        assert_eq!(
            p.wait_after(1, Failure::Status(502)),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            p.wait_after(2, Failure::NoResponse),
            Some(Duration::from_millis(500))
        );
        assert_eq!(p.wait_after(1, Failure::Status(404)), None);
        assert_eq!(p.wait_after(1, Failure::Invalid), None);
        assert_eq!(p.wait_after(p.max_attempts, Failure::Status(500)), None);
    }

    #[test]
    fn a_429_is_waited_out_unless_it_asks_too_long() {
        let p = DISCORD_REST;
        let short = Some(Duration::from_millis(50));
        assert_eq!(p.wait_after(1, Failure::RateLimited(short)), short);
        assert_eq!(
            p.wait_after(1, Failure::RateLimited(None)),
            Some(p.default_rate_limit_wait)
        );
        assert_eq!(
            p.wait_after(1, Failure::RateLimited(Some(Duration::from_secs(60)))),
            None
        );
    }

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
