//! Replay refusal for signed interactions. A signature is only accepted while its timestamp is
//! within the window, so remembering every signature seen for twice the window (a timestamp may
//! also lie up to a window in the future) is enough to refuse a captured request sent again.
//! Ed25519 signatures are deterministic and `verify_strict` refuses malleable ones, so the same
//! request always carries the same signature.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Signatures remembered at most. Far above Discord's traffic to one bot inside a window
/// (~110 bytes each, so ~11 MB at the cap); past it the oldest are forgotten first, and a warning
/// says so, rather than refusing genuine interactions.
pub const MAX_REMEMBERED: usize = 100_000;

/// The signatures seen, each with when it may be forgotten.
#[derive(Debug)]
pub struct Seen {
    keep_for: Duration,
    cap: usize,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    set: HashSet<[u8; 64]>,
    /// In insertion order, so expiry times only grow from front to back.
    order: VecDeque<(Instant, [u8; 64])>,
}

impl Seen {
    /// Remembers signatures for twice `window`, at most [`MAX_REMEMBERED`].
    pub fn new(window: Duration) -> Seen {
        Seen::with_cap(window, MAX_REMEMBERED)
    }

    /// As [`Seen::new`] with another cap (tests).
    pub fn with_cap(window: Duration, cap: usize) -> Seen {
        Seen {
            keep_for: window.saturating_mul(2),
            cap: cap.max(1),
            inner: Mutex::default(),
        }
    }

    /// Records `signature` at `now`; false when it was already seen (a replay).
    pub fn first_time(&self, signature: [u8; 64], now: Instant) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        while inner.order.front().is_some_and(|(until, _)| *until <= now) {
            if let Some((_, old)) = inner.order.pop_front() {
                inner.set.remove(&old);
            }
        }
        if inner.set.contains(&signature) {
            return false;
        }
        if inner.order.len() >= self.cap {
            tracing::warn!(
                cap = self.cap,
                "replay memory full; forgetting the oldest signature early"
            );
            if let Some((_, old)) = inner.order.pop_front() {
                inner.set.remove(&old);
            }
        }
        inner.set.insert(signature);
        inner.order.push_back((now + self.keep_for, signature));
        true
    }

    /// Signatures remembered now.
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.order.len())
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(n: u8) -> [u8; 64] {
        [n; 64]
    }

    #[test]
    fn a_signature_is_accepted_once_inside_the_window() {
        let seen = Seen::new(Duration::from_secs(300));
        let t = Instant::now();
        assert!(seen.first_time(sig(1), t));
        assert!(!seen.first_time(sig(1), t + Duration::from_secs(599)));
        assert!(seen.first_time(sig(2), t));
    }

    #[test]
    fn signatures_are_forgotten_after_twice_the_window() {
        let seen = Seen::new(Duration::from_secs(300));
        let t = Instant::now();
        assert!(seen.first_time(sig(1), t));
        assert!(seen.first_time(sig(2), t + Duration::from_secs(601)));
        assert_eq!(seen.len(), 1, "the expired one is pruned");
    }

    #[test]
    fn memory_is_capped() {
        let seen = Seen::with_cap(Duration::from_secs(300), 3);
        let t = Instant::now();
        for n in 0..10 {
            assert!(seen.first_time(sig(n), t));
        }
        assert_eq!(seen.len(), 3);
        assert!(!seen.first_time(sig(9), t), "the newest are still refused");
    }
}
