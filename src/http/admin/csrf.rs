//! The CSRF token of a session: random, put in every form as a hidden field, and compared in
//! constant time on every POST. SameSite=Strict already keeps other sites' requests from
//! carrying the cookie; the token also covers browsers and proxies that get that wrong.

use rand::rngs::OsRng;
use rand::RngCore;
use subtle::ConstantTimeEq;

/// The form field the token travels in.
pub const FIELD: &str = "csrf";
/// Bytes of randomness in a token.
const TOKEN_BYTES: usize = 32;

/// One session's token.
#[derive(Debug, Clone)]
pub struct CsrfToken(String);

impl CsrfToken {
    /// A fresh random token.
    pub fn generate() -> CsrfToken {
        let mut bytes = [0u8; TOKEN_BYTES];
        OsRng.fill_bytes(&mut bytes);
        CsrfToken(hex::encode(bytes))
    }

    /// The token's text, for the hidden field.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `given` (the form's field; empty when missing) is this token.
    pub fn matches(&self, given: &str) -> bool {
        given.len() == self.0.len() && bool::from(given.as_bytes().ct_eq(self.0.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_matches() {
        let t = CsrfToken::generate();
        assert!(t.matches(t.as_str()));
        assert!(!t.matches(""));
        assert!(!t.matches(&t.as_str()[1..]));
        assert!(!t.matches(CsrfToken::generate().as_str()));
        assert_eq!(t.as_str().len(), TOKEN_BYTES * 2);
    }
}
