//! Discord's request signatures: Ed25519 over `timestamp ‖ body`, checked against the
//! application's public key, plus a freshness window on the timestamp (Discord's own scheme has
//! none, so without it a captured request could be replayed forever). Pure: the caller passes
//! the headers' values and the clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signature, VerifyingKey, PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH};

/// The header carrying the hex signature.
pub const SIGNATURE_HEADER: &str = "x-signature-ed25519";
/// The header carrying the unix timestamp (seconds) that was signed with the body.
pub const TIMESTAMP_HEADER: &str = "x-signature-timestamp";

/// The Discord application's public key.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", hex::encode(self.0.as_bytes()))
    }
}

/// Why a public key could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    /// Not 64 hex characters.
    #[error("the public key must be {} hex characters", PUBLIC_KEY_LENGTH * 2)]
    NotHex,
    /// 32 bytes, but not a point on the curve.
    #[error("the public key is not a valid Ed25519 key")]
    NotAKey,
}

impl PublicKey {
    /// Parses the hex form the Discord developer portal shows.
    pub fn from_hex(text: &str) -> Result<PublicKey, KeyError> {
        let mut bytes = [0u8; PUBLIC_KEY_LENGTH];
        hex::decode_to_slice(text.trim(), &mut bytes).map_err(|_| KeyError::NotHex)?;
        VerifyingKey::from_bytes(&bytes)
            .map(PublicKey)
            .map_err(|_| KeyError::NotAKey)
    }

    /// Wraps a key already parsed (tests derive it from a signing key).
    pub fn from_key(key: VerifyingKey) -> PublicKey {
        PublicKey(key)
    }
}

/// Why a request was refused. All of them answer 401; the kind is for the debug log.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Refusal {
    /// No signature header.
    #[error("no signature header")]
    MissingSignature,
    /// No timestamp header.
    #[error("no timestamp header")]
    MissingTimestamp,
    /// The signature is not 128 hex characters.
    #[error("the signature is not hex of the right length")]
    MalformedSignature,
    /// The timestamp is not a whole number of seconds.
    #[error("the timestamp is not a number")]
    MalformedTimestamp,
    /// The timestamp is further from now than the window allows.
    #[error("the timestamp is {age_secs} s from now, outside the window")]
    Stale {
        /// Distance from now, either way.
        age_secs: u64,
    },
    /// The signature does not match the timestamp and body.
    #[error("the signature does not match")]
    BadSignature,
}

/// Checks one request: both headers present and well formed, the timestamp within `window` of
/// `now` (either way: clocks drift), and the signature valid for `timestamp ‖ body`.
pub fn verify(
    key: &PublicKey,
    signature: Option<&[u8]>,
    timestamp: Option<&[u8]>,
    body: &[u8],
    window: Duration,
    now: SystemTime,
) -> Result<(), Refusal> {
    let signature = signature.ok_or(Refusal::MissingSignature)?;
    let timestamp = timestamp.ok_or(Refusal::MissingTimestamp)?;
    let mut sig = [0u8; SIGNATURE_LENGTH];
    hex::decode_to_slice(signature, &mut sig).map_err(|_| Refusal::MalformedSignature)?;
    let signed_at: i64 = std::str::from_utf8(timestamp)
        .ok()
        .and_then(|t| t.parse().ok())
        .ok_or(Refusal::MalformedTimestamp)?;
    let now_secs = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let age_secs = now_secs.abs_diff(signed_at);
    if age_secs > window.as_secs() {
        return Err(Refusal::Stale { age_secs });
    }
    let mut message = Vec::with_capacity(timestamp.len() + body.len());
    message.extend_from_slice(timestamp);
    message.extend_from_slice(body);
    // verify_strict also refuses weak keys and malleable signatures, which Discord never sends.
    key.0
        .verify_strict(&message, &Signature::from_bytes(&sig))
        .map_err(|_| Refusal::BadSignature)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    const NOW: u64 = 1_700_000_000;
    const WINDOW: Duration = Duration::from_secs(300);

    fn signing() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    fn key() -> PublicKey {
        PublicKey::from_key(signing().verifying_key())
    }

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(NOW)
    }

    fn sign(timestamp: &str, body: &str) -> String {
        let message = format!("{timestamp}{body}");
        hex::encode(signing().sign(message.as_bytes()).to_bytes())
    }

    fn check(signature: Option<&str>, timestamp: Option<&str>, body: &str) -> Result<(), Refusal> {
        verify(
            &key(),
            signature.map(str::as_bytes),
            timestamp.map(str::as_bytes),
            body.as_bytes(),
            WINDOW,
            now(),
        )
    }

    #[test]
    fn a_fresh_correct_signature_passes() {
        let ts = NOW.to_string();
        assert_eq!(check(Some(&sign(&ts, "{}")), Some(&ts), "{}"), Ok(()));
    }

    #[test]
    fn each_way_of_being_wrong_is_refused() {
        let ts = NOW.to_string();
        let good = sign(&ts, "{}");
        let old = (NOW - 301).to_string();
        let future = (NOW + 301).to_string();
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str, Refusal);
        let cases: &[Case] = &[
            (
                "no signature",
                None,
                Some(&ts),
                "{}",
                Refusal::MissingSignature,
            ),
            (
                "no timestamp",
                Some(&good),
                None,
                "{}",
                Refusal::MissingTimestamp,
            ),
            (
                "signature not hex",
                Some("zz"),
                Some(&ts),
                "{}",
                Refusal::MalformedSignature,
            ),
            (
                "timestamp not a number",
                Some(&good),
                Some("soon"),
                "{}",
                Refusal::MalformedTimestamp,
            ),
            (
                "body changed",
                Some(&good),
                Some(&ts),
                "{ }",
                Refusal::BadSignature,
            ),
            (
                "timestamp changed",
                Some(&good),
                Some(&(NOW - 1).to_string()),
                "{}",
                Refusal::BadSignature,
            ),
            (
                "too old",
                Some(&sign(&old, "{}")),
                Some(&old),
                "{}",
                Refusal::Stale { age_secs: 301 },
            ),
            (
                "too far ahead",
                Some(&sign(&future, "{}")),
                Some(&future),
                "{}",
                Refusal::Stale { age_secs: 301 },
            ),
        ];
        for (what, sig, ts, body, want) in cases {
            assert_eq!(check(*sig, *ts, body).as_ref(), Err(want), "{what}");
        }
    }

    #[test]
    fn the_edge_of_the_window_still_passes() {
        let ts = (NOW - 300).to_string();
        assert_eq!(check(Some(&sign(&ts, "x")), Some(&ts), "x"), Ok(()));
    }

    #[test]
    fn public_keys_parse_from_the_portal_hex() {
        let hex_key = hex::encode(signing().verifying_key().as_bytes());
        assert_eq!(PublicKey::from_hex(&hex_key), Ok(key()));
        assert_eq!(PublicKey::from_hex("abc"), Err(KeyError::NotHex));
        assert_eq!(PublicKey::from_hex(&"g".repeat(64)), Err(KeyError::NotHex));
    }
}
