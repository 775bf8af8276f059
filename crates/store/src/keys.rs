//! The keyed hashes that stand in for a user id in feedback and cooldown rows. The key is
//! never in the store: it comes from the environment or a file (shared by replicas), or else
//! is random, held in memory only and replaced daily, so a copy of the database alone can
//! never be matched against Discord ids.

use std::sync::{Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::config::SECS_PER_DAY;

/// Bytes in a generated key: SHA-256's block-safe 256 bits.
const KEY_BYTES: usize = 32;
/// Prefix of the hashed text for cooldown rows, so they never equal a voter's hash: a
/// cooldown row cannot be joined to the votes someone cast.
const COOLDOWN_DOMAIN: &str = "cooldown:";

/// A user as the store sees them: HMAC-SHA256 of the user id, hex. Not reversible without the key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserKey(String);

impl UserKey {
    /// The hash's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where the HMAC key comes from.
enum Key {
    /// `VERSUS_FEEDBACK_KEY` or `feedback_key_file`: the same in every replica and restart.
    Configured(Vec<u8>),
    /// Random, in memory only, replaced when the UTC day changes; `day` is the day it is for.
    Daily { day: u64, key: [u8; KEY_BYTES] },
}

/// The HMAC key and the hashes made with it.
pub(crate) struct Hasher {
    key: Mutex<Key>,
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hasher(..)")
    }
}

impl Hasher {
    /// Uses `configured` if set; otherwise a random key of the day, never written anywhere.
    pub(crate) fn new(configured: Option<&str>) -> Hasher {
        let key = match configured {
            Some(k) => Key::Configured(k.as_bytes().to_vec()),
            None => Key::Daily {
                day: today(),
                key: fresh_key(),
            },
        };
        Hasher {
            key: Mutex::new(key),
        }
    }

    /// Whether the key is configured (shared by replicas) rather than this process's own.
    pub(crate) fn is_configured(&self) -> bool {
        matches!(
            *self.key.lock().unwrap_or_else(PoisonError::into_inner),
            Key::Configured(_)
        )
    }

    /// The voter hash of a user id.
    pub(crate) fn user_key(&self, user_id: u64) -> UserKey {
        self.hash("", user_id)
    }

    /// The cooldown hash of a user id: a different value from the voter hash.
    pub(crate) fn cooldown_key(&self, user_id: u64) -> UserKey {
        self.hash(COOLDOWN_DOMAIN, user_id)
    }

    fn hash(&self, domain: &str, user_id: u64) -> UserKey {
        let mut key = self.key.lock().unwrap_or_else(PoisonError::into_inner);
        let today = today();
        if let Key::Daily { day, key } = &mut *key {
            if *day != today {
                // Forget yesterday's key: hashes made with it can no longer be recomputed.
                *day = today;
                *key = fresh_key();
            }
        }
        let bytes: &[u8] = match &*key {
            Key::Configured(k) => k,
            Key::Daily { key, .. } => key,
        };
        let mut mac =
            Hmac::<Sha256>::new_from_slice(bytes).expect("HMAC accepts keys of any length");
        drop(key);
        mac.update(domain.as_bytes());
        mac.update(user_id.to_string().as_bytes());
        UserKey(hex::encode(mac.finalize().into_bytes()))
    }
}

fn fresh_key() -> [u8; KEY_BYTES] {
    let mut key = [0u8; KEY_BYTES];
    rand::thread_rng().fill_bytes(&mut key);
    key
}

/// Days since the Unix epoch, UTC.
fn today() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / SECS_PER_DAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_hash_other_key_other_hash() {
        let a = Hasher::new(Some("one"));
        let b = Hasher::new(Some("two"));
        assert_eq!(a.user_key(42), a.user_key(42));
        assert_ne!(a.user_key(42), a.user_key(43));
        assert_ne!(a.user_key(42), b.user_key(42));
        assert_eq!(a.user_key(42).as_str().len(), 64);
        assert!(!a.user_key(42).as_str().contains("42"));
        assert_ne!(
            a.user_key(42),
            a.cooldown_key(42),
            "votes and cooldowns do not join"
        );
    }

    #[test]
    fn an_unconfigured_key_is_random_and_replaced_with_the_day() {
        let a = Hasher::new(None);
        let b = Hasher::new(None);
        assert!(!a.is_configured() && Hasher::new(Some("k")).is_configured());
        assert_eq!(a.user_key(42), a.user_key(42), "stable within the day");
        assert_ne!(a.user_key(42), b.user_key(42), "each process draws its own");
        let before = a.user_key(42);
        if let Key::Daily { day, .. } = &mut *a.key.lock().unwrap() {
            *day -= 1;
        }
        assert_ne!(a.user_key(42), before, "a new day, a new key");
    }
}
