//! Replay refusal for signed interactions. A signature is only accepted while its timestamp is
//! within the window, so remembering every signature seen for twice the window (a timestamp may
//! also lie up to a window in the future) is enough to refuse a captured request sent again.
//! Ed25519 signatures are deterministic and `verify_strict` refuses malleable ones, so the same
//! request always carries the same signature.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Signatures remembered at most. Far above Discord's traffic to one bot inside a window
/// (~110 bytes each, so ~11 MB at the cap). Past it new interactions are refused (503) until old
/// signatures expire: forgetting one early would let its request be replayed.
pub const MAX_REMEMBERED: usize = 100_000;

/// What [`Seen::first_time`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Never seen inside the window: remembered now, go ahead.
    New,
    /// Seen before inside the window: a replay.
    Replay,
    /// The memory is full of signatures still inside their window: refused, not remembered.
    Full,
}

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
    /// Whether the memory is full and refusing: one warning when it fills, one line when it
    /// has room again, not one per interaction.
    full: bool,
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

    /// Records `signature` at `now` when it is new and there is room; a signature is only ever
    /// forgotten once its window has passed.
    pub fn first_time(&self, signature: [u8; 64], now: Instant) -> Verdict {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        while inner.order.front().is_some_and(|(until, _)| *until <= now) {
            if let Some((_, old)) = inner.order.pop_front() {
                inner.set.remove(&old);
            }
        }
        if inner.set.contains(&signature) {
            return Verdict::Replay;
        }
        if inner.order.len() >= self.cap {
            if !inner.full {
                inner.full = true;
                tracing::warn!(
                    cap = self.cap,
                    "replay memory full; refusing new interactions (503) until signatures expire"
                );
            }
            return Verdict::Full;
        }
        if inner.full {
            inner.full = false;
            tracing::info!("replay memory has room again; accepting interactions");
        }
        inner.set.insert(signature);
        inner.order.push_back((now + self.keep_for, signature));
        Verdict::New
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
        assert_eq!(seen.first_time(sig(1), t), Verdict::New);
        assert_eq!(
            seen.first_time(sig(1), t + Duration::from_secs(599)),
            Verdict::Replay
        );
        assert_eq!(seen.first_time(sig(2), t), Verdict::New);
    }

    #[test]
    fn signatures_are_forgotten_after_twice_the_window() {
        let seen = Seen::new(Duration::from_secs(300));
        let t = Instant::now();
        assert_eq!(seen.first_time(sig(1), t), Verdict::New);
        assert_eq!(
            seen.first_time(sig(2), t + Duration::from_secs(601)),
            Verdict::New
        );
        assert_eq!(seen.len(), 1, "the expired one is pruned");
    }

    #[test]
    fn a_full_memory_refuses_newcomers_and_forgets_nothing_inside_the_window() {
        let seen = Seen::with_cap(Duration::from_secs(300), 3);
        let t = Instant::now();
        for n in 0..3 {
            assert_eq!(seen.first_time(sig(n), t), Verdict::New);
        }
        for n in 3..10 {
            assert_eq!(seen.first_time(sig(n), t), Verdict::Full, "{n}");
        }
        assert_eq!(seen.len(), 3);
        let later = t + Duration::from_secs(599);
        for n in 0..3 {
            assert_eq!(seen.first_time(sig(n), later), Verdict::Replay, "{n}");
        }
        // Once the first ones' window has passed there is room again.
        let after = t + Duration::from_secs(600);
        assert_eq!(seen.first_time(sig(9), after), Verdict::New);
        assert_eq!(seen.first_time(sig(0), after), Verdict::New);
    }

    #[test]
    fn a_full_memory_warns_once_an_episode() {
        let seen = Seen::with_cap(Duration::from_secs(1), 1);
        let t = Instant::now();
        let warnings = |seen: &Seen| {
            let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u8>::new()));
            let sink = lines.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::WARN)
                .with_writer(move || Sink(sink.clone()))
                .finish();
            tracing::subscriber::with_default(subscriber, || {
                assert_eq!(seen.first_time(sig(1), t), Verdict::New);
                for n in 2..50 {
                    assert_eq!(seen.first_time(sig(n), t), Verdict::Full);
                }
                let expired = t + Duration::from_secs(2);
                assert_eq!(seen.first_time(sig(60), expired), Verdict::New);
                assert_eq!(seen.first_time(sig(61), expired), Verdict::Full);
            });
            let text = String::from_utf8(lines.lock().unwrap().clone()).unwrap();
            text.matches("replay memory full").count()
        };
        assert_eq!(warnings(&seen), 2, "one for each of the two episodes");
    }

    /// A writer into a shared buffer, to count log lines.
    struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
}
