//! The keyed hash that stands in for a user id in feedback and cooldown rows.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::db::{on_pool, Db};
use crate::error::StoreError;

/// The meta row holding the generated key, so replicas sharing a database hash alike.
const KEY_ROW: &str = "voter_key";
/// Bytes in a generated key: SHA-256's block-safe 256 bits.
const KEY_BYTES: usize = 32;

/// A user as the store sees them: HMAC-SHA256 of the user id, hex. Not reversible without the key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserKey(String);

impl UserKey {
    /// The hash's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The HMAC key, from config when given, else the one kept in (or first written to) the store.
#[derive(Clone)]
pub(crate) struct Hasher {
    key: Vec<u8>,
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hasher(..)")
    }
}

impl Hasher {
    /// Uses `configured` if set; otherwise reads the stored key, creating it if none exists.
    pub(crate) async fn load(db: &Db, configured: Option<&str>) -> Result<Hasher, StoreError> {
        let key = match configured {
            Some(k) => k.as_bytes().to_vec(),
            None => stored_key(db).await?.into_bytes(),
        };
        Ok(Hasher { key })
    }

    /// The keyed hash of a user id.
    pub(crate) fn user_key(&self, user_id: u64) -> UserKey {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC accepts keys of any length");
        mac.update(user_id.to_string().as_bytes());
        UserKey(hex::encode(mac.finalize().into_bytes()))
    }
}

/// The key in the meta table; the first replica to get there writes it, the others read it.
async fn stored_key(db: &Db) -> Result<String, StoreError> {
    let mut fresh = [0u8; KEY_BYTES];
    rand::thread_rng().fill_bytes(&mut fresh);
    let fresh = hex::encode(fresh);
    on_pool!(db, |pool| {
        sqlx::query("INSERT INTO meta (k, v) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING")
            .bind(KEY_ROW)
            .bind(&fresh)
            .execute(pool)
            .await?;
        let key: String = sqlx::query_scalar("SELECT v FROM meta WHERE k = $1")
            .bind(KEY_ROW)
            .fetch_one(pool)
            .await?;
        Ok(key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_hash_other_key_other_hash() {
        let a = Hasher {
            key: b"one".to_vec(),
        };
        let b = Hasher {
            key: b"two".to_vec(),
        };
        assert_eq!(a.user_key(42), a.user_key(42));
        assert_ne!(a.user_key(42), a.user_key(43));
        assert_ne!(a.user_key(42), b.user_key(42));
        assert_eq!(a.user_key(42).as_str().len(), 64);
        assert!(!a.user_key(42).as_str().contains("42"));
    }
}
