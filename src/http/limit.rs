//! Per-client-address rate limits on the JSON API (`/api/*`), with `governor`'s keyed GCRA
//! limiters: one for every API request, a much stricter one for `POST /api/reindex` and admin
//! page login (`POST /admin/login`) attempts, so an admin token cannot be guessed at speed. A
//! refusal is a 429 with `Retry-After`.
//! `/interactions` is not limited here: it comes from Discord's own addresses and has the
//! per-user cooldown of the command layer.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use super::{error, State};
use crate::config::RateLimit;

/// Addresses tracked before idle ones are swept early: bounds the limiters' memory (~100 bytes
/// an address) however many clients come by.
const MAX_TRACKED: usize = 100_000;

/// `X-Forwarded-For` hops looked at, from the right: a chain of proxies is a few hops, and a
/// header of thousands must not cost a walk of thousands.
const MAX_HOPS: usize = 32;

/// How often addresses whose allowance is full again are forgotten.
pub const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// The limiters, or none when `[serve.rate_limit] enabled = false`.
#[derive(Debug)]
pub struct Limits {
    api: DefaultKeyedRateLimiter<IpAddr>,
    admin: DefaultKeyedRateLimiter<IpAddr>,
    trusted_proxies: Vec<IpAddr>,
}

impl Limits {
    /// The limiters of `[serve.rate_limit]`; `None` when they are off.
    pub fn new(settings: &RateLimit) -> Option<Limits> {
        if !settings.enabled {
            return None;
        }
        let per_second = NonZeroU32::new(settings.per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(settings.burst.max(1)).unwrap_or(NonZeroU32::MIN);
        let admin = NonZeroU32::new(settings.admin_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Some(Limits {
            api: DefaultKeyedRateLimiter::keyed(Quota::per_second(per_second).allow_burst(burst)),
            admin: DefaultKeyedRateLimiter::keyed(Quota::per_minute(admin)),
            trusted_proxies: settings.trusted_proxies.clone(),
        })
    }

    /// Forgets addresses whose allowance is whole again.
    pub fn sweep(&self) {
        for limiter in [&self.api, &self.admin] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// How long `client` must wait before this request would be allowed; `None`: go ahead.
    fn wait(&self, client: IpAddr, admin: bool) -> Option<Duration> {
        if self.api.len() > MAX_TRACKED || self.admin.len() > MAX_TRACKED {
            self.sweep();
        }
        let now = DefaultClock::default().now();
        let refused = |limiter: &DefaultKeyedRateLimiter<IpAddr>| {
            limiter
                .check_key(&client)
                .err()
                .map(|not_until| not_until.wait_time_from(now))
        };
        refused(&self.api).or_else(|| if admin { refused(&self.admin) } else { None })
    }

    /// The address a request is counted under: the peer, or for a trusted proxy the right-most
    /// untrusted hop of its `X-Forwarded-For`. IPv6 clients are counted by /64, the block one
    /// host gets.
    fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let client = if self.trusted_proxies.contains(&peer) {
            self.forwarded_client(headers).unwrap_or(peer)
        } else {
            peer
        };
        block(client)
    }

    /// The right-most hop of `X-Forwarded-For` that is not one of our proxies. Every header line
    /// counts, as one list in order: a proxy that appends its own line (HAProxy's `option
    /// forwardfor`) leaves whatever the client sent before it, so the client's own lines are
    /// never believed. A hop that is not an address stops the walk: nothing left of it is
    /// vouched for.
    fn forwarded_client(&self, headers: &HeaderMap) -> Option<IpAddr> {
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .rev()
            .flat_map(|line| line.to_str().unwrap_or("").rsplit(','));
        for hop in hops.take(MAX_HOPS) {
            let hop = hop.trim().parse::<IpAddr>().ok()?;
            if !self.trusted_proxies.contains(&hop) {
                return Some(hop);
            }
        }
        None
    }
}

/// The address `ip` is counted under: IPv6 by /64, the block one host gets; a v4-mapped v6
/// address as its v4.
pub(super) fn block(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

/// The 429 with `Retry-After` owed when the client is over its allowance on `/api/*`; `None`
/// lets the request through.
pub(super) fn refusal(state: &State, request: &Request) -> Option<Response> {
    let limits = state.limits.as_ref()?;
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())?;
    let path = request.uri().path();
    let post = request.method() == Method::POST;
    let login = post && path == super::admin::LOGIN_PATH;
    if !path.starts_with("/api/") && !login {
        return None;
    }
    let admin = login || (post && path == "/api/reindex");
    let client = limits.client(peer, request.headers());
    let wait = limits.wait(client, admin)?;
    tracing::debug!(%client, admin, ?wait, "rate limited");
    Some(too_many(wait))
}

/// A 429 saying how many whole seconds to wait (at least 1).
fn too_many(wait: Duration) -> Response {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        "too many requests; slow down",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_second: u32, burst: u32) -> Limits {
        Limits::new(&RateLimit {
            per_second,
            burst,
            admin_per_minute: 2,
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..RateLimit::default()
        })
        .unwrap()
    }

    #[test]
    fn a_burst_is_allowed_then_refused_with_a_wait() {
        let l = limits(1, 3);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(l.wait(ip, false), None);
        }
        let wait = l.wait(ip, false).expect("the fourth is refused");
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        assert_eq!(
            l.wait("10.0.0.2".parse().unwrap(), false),
            None,
            "per address"
        );
    }

    #[test]
    fn admin_attempts_have_their_own_stricter_allowance() {
        let l = limits(100, 100);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert_eq!(l.wait(ip, true), None);
        assert_eq!(l.wait(ip, true), None);
        let wait = l
            .wait(ip, true)
            .expect("the third attempt in a minute is refused");
        assert!(wait > Duration::from_secs(20), "{wait:?}");
        assert_eq!(l.wait(ip, false), None, "other API calls still pass");
    }

    #[test]
    fn off_means_no_limiter() {
        let off = RateLimit {
            enabled: false,
            ..RateLimit::default()
        };
        assert!(Limits::new(&off).is_none());
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client_and_v6_counts_by_block() {
        let l = limits(1, 1);
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.2.3.4, 5.6.7.8"),
        );
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let stranger: IpAddr = "9.9.9.9".parse().unwrap();
        assert_eq!(l.client(proxy, &h), "5.6.7.8".parse::<IpAddr>().unwrap());
        assert_eq!(l.client(stranger, &h), stranger);
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(l.client(a, &h), l.client(b, &h));
    }

    #[test]
    fn every_forwarded_line_counts_and_the_right_most_untrusted_hop_is_the_client() {
        let l = Limits::new(&RateLimit {
            trusted_proxies: vec!["127.0.0.1".parse().unwrap(), "10.0.0.9".parse().unwrap()],
            ..RateLimit::default()
        })
        .unwrap();
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let forwarded = |lines: &[&'static str]| {
            let mut h = HeaderMap::new();
            for line in lines {
                h.append("x-forwarded-for", HeaderValue::from_static(line));
            }
            l.client(proxy, &h)
        };
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // The client's spoofed line first, the proxy's own line (the real peer) appended.
        assert_eq!(forwarded(&["6.6.6.6", "5.6.7.8"]), ip("5.6.7.8"));
        assert_eq!(forwarded(&["6.6.6.6, 7.7.7.7", "5.6.7.8"]), ip("5.6.7.8"));
        // A chain of our own proxies is walked past.
        assert_eq!(forwarded(&["6.6.6.6", "5.6.7.8, 10.0.0.9"]), ip("5.6.7.8"));
        assert_eq!(forwarded(&["6.6.6.6, 5.6.7.8", "10.0.0.9"]), ip("5.6.7.8"));
        // Nothing believable: the proxy itself.
        assert_eq!(forwarded(&["6.6.6.6", "junk"]), proxy);
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up() {
        let r = too_many(Duration::from_millis(1200));
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "2");
        assert_eq!(too_many(Duration::ZERO).headers()[header::RETRY_AFTER], "1");
    }
}
