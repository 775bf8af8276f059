//! Admin page logins: a random session id in an HttpOnly, SameSite=Strict cookie (Secure when
//! the public URL is https), kept in memory with its expiry, its CSRF token and what the pages
//! carry from one request to the next (a notice, an import waiting to be applied).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, HeaderValue};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::csrf::CsrfToken;
use super::Notice;

/// The cookie's name.
pub const COOKIE: &str = "versus_admin";
/// Sessions kept at once: a handful of admins, each with a browser or two. Past it the one
/// closest to expiring is dropped, so logins cannot grow memory without bound.
const MAX_SESSIONS: usize = 64;
/// Bytes of randomness in a session id: 256 bits, beyond guessing.
const ID_BYTES: usize = 32;

/// An import uploaded and previewed, waiting for "Apply".
#[derive(Debug, Clone)]
pub struct Pending {
    /// Names this upload in the apply form, so an older preview cannot apply a newer file.
    pub key: String,
    /// The uploaded file's bare name.
    pub file_name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The source id asked for (empty: from the file name).
    pub id: String,
    /// Replace a source of the same id.
    pub force: bool,
}

/// One login.
#[derive(Debug)]
pub struct Session {
    expires: Instant,
    /// The token every form of this session carries.
    pub csrf: CsrfToken,
    /// What the next page shows once (after an action's redirect).
    pub notice: Option<Notice>,
    /// The import previewed last.
    pub pending: Option<Pending>,
}

/// The sessions of this process; a restart ends them all.
#[derive(Debug)]
pub struct Sessions {
    ttl: Duration,
    secure: bool,
    // Keyed by the id's hash: the lookup then leaks nothing about ids through its timing.
    map: Mutex<HashMap<[u8; 32], Session>>,
}

impl Sessions {
    /// No sessions yet; each lasts `ttl`, and its cookie is `Secure` when `secure`.
    pub fn new(ttl: Duration, secure: bool) -> Sessions {
        Sessions {
            ttl,
            secure,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a session; returns the `Set-Cookie` value that carries it.
    pub fn create(&self) -> HeaderValue {
        let mut id = [0u8; ID_BYTES];
        OsRng.fill_bytes(&mut id);
        let id = hex::encode(id);
        let session = Session {
            expires: Instant::now() + self.ttl,
            csrf: CsrfToken::generate(),
            notice: None,
            pending: None,
        };
        let mut map = self.lock();
        let now = Instant::now();
        map.retain(|_, s| s.expires > now);
        if map.len() >= MAX_SESSIONS {
            let oldest = map.iter().min_by_key(|(_, s)| s.expires).map(|(k, _)| *k);
            if let Some(k) = oldest {
                map.remove(&k);
            }
        }
        map.insert(key(&id), session);
        self.cookie(&id, self.ttl.as_secs())
    }

    /// Runs `f` on the request's live session; `None` without one (no cookie, unknown, expired).
    pub fn with<R>(&self, headers: &HeaderMap, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        let id = cookie_value(headers, COOKIE)?;
        let key = key(id);
        let mut map = self.lock();
        let session = map.get_mut(&key)?;
        if session.expires <= Instant::now() {
            map.remove(&key);
            return None;
        }
        Some(f(session))
    }

    /// Ends the request's session, if any; returns the `Set-Cookie` value that clears it.
    pub fn end(&self, headers: &HeaderMap) -> HeaderValue {
        if let Some(id) = cookie_value(headers, COOKIE) {
            self.lock().remove(&key(id));
        }
        self.cookie("", 0)
    }

    fn cookie(&self, id: &str, max_age: u64) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let value = format!(
            "{COOKIE}={id}; Path=/admin; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
        );
        // Hex, digits and fixed ASCII: always a valid header value.
        HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static(""))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Session>> {
        // A panic while holding it cannot leave a session half-written: every change is one
        // insert or remove.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn key(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

/// The value of cookie `name` in the request's `Cookie` headers.
fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with(set_cookie: &HeaderValue) -> HeaderMap {
        let pair = set_cookie.to_str().unwrap().split(';').next().unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; {pair}")).unwrap(),
        );
        h
    }

    #[test]
    fn a_session_is_found_by_its_cookie_until_it_ends() {
        let sessions = Sessions::new(Duration::from_secs(60), false);
        let cookie = sessions.create();
        let text = cookie.to_str().unwrap();
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Strict"));
        assert!(!text.contains("Secure"));
        let h = request_with(&cookie);
        assert!(sessions.with(&h, |_| ()).is_some());
        assert!(sessions.with(&HeaderMap::new(), |_| ()).is_none());
        let cleared = sessions.end(&h);
        assert!(cleared.to_str().unwrap().contains("Max-Age=0"));
        assert!(sessions.with(&h, |_| ()).is_none(), "logged out");
    }

    #[test]
    fn sessions_expire_and_https_marks_the_cookie_secure() {
        let sessions = Sessions::new(Duration::ZERO, true);
        let cookie = sessions.create();
        assert!(cookie.to_str().unwrap().ends_with("; Secure"));
        assert!(sessions.with(&request_with(&cookie), |_| ()).is_none());
    }

    #[test]
    fn a_forged_or_altered_id_finds_nothing() {
        let sessions = Sessions::new(Duration::from_secs(60), false);
        let cookie = sessions.create();
        let mut forged = cookie.to_str().unwrap().to_string();
        let at = COOKIE.len() + 1;
        let flipped = if &forged[at..=at] == "0" { "1" } else { "0" };
        forged.replace_range(at..=at, flipped);
        let forged = HeaderValue::from_str(&forged).unwrap();
        assert!(sessions.with(&request_with(&forged), |_| ()).is_none());
    }

    #[test]
    fn logins_beyond_the_cap_drop_the_oldest() {
        let sessions = Sessions::new(Duration::from_secs(60), false);
        let first = sessions.create();
        for _ in 0..MAX_SESSIONS {
            sessions.create();
        }
        assert_eq!(sessions.lock().len(), MAX_SESSIONS);
        assert!(sessions.with(&request_with(&first), |_| ()).is_none());
    }
}
