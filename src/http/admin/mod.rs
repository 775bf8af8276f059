//! The admin page at `/admin`: what people ask, what went unanswered, the 👎 answers and the
//! sources, in a browser, served by `versus serve` itself when `VERSUS_ADMIN_TOKEN` is set (404
//! otherwise). Server-rendered HTML (maud), its CSS in the binary, no script. The pages read the
//! store's `GapsReport` (the object `/gaps` and `GET /api/gaps` read) and the engine's
//! knowledge; Reindex and Import call the same engine reindex and `versus_import` as the CLI.
//!
//! A login (the admin token in a password field) starts a session ([`session`]); every action
//! is a POST carrying the session's CSRF token ([`csrf`]); login attempts share the admin API's
//! rate limit (`http::limit`).

mod actions;
mod chart;
mod csrf;
mod dates;
mod login;
mod pages;
mod session;
mod views;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::Markup;
use versus_core::engine::{ReindexError, ReindexReport};
use versus_core::index::IndexError;

use super::State;
use crate::config;
use session::Sessions;

/// Where the login form posts: login attempts count against the admin rate limit.
pub const LOGIN_PATH: &str = "/admin/login";
/// Where the import form uploads: the one route taking an article-sized body.
pub const IMPORT_PATH: &str = "/admin/import";
/// The largest upload accepted: the importer's own limit plus room for the form around it.
pub const MAX_UPLOAD_BYTES: usize = versus_import::MAX_ARTICLE_BYTES + 64 * 1024;

/// The admin page's settings, from `[serve]` and `[serve.admin]`.
#[derive(Debug, Clone)]
pub struct PageOptions {
    /// How long a login lasts.
    pub session_ttl: Duration,
    /// Mark the session cookie `Secure` (the public URL is https).
    pub secure_cookie: bool,
}

impl PageOptions {
    /// The options of `serve`.
    pub fn new(serve: &config::Serve) -> PageOptions {
        PageOptions {
            session_ttl: Duration::from_secs(serve.admin.session_minutes.saturating_mul(60)),
            secure_cookie: serve
                .public_url
                .as_deref()
                .is_some_and(|url| url.trim().to_ascii_lowercase().starts_with("https://")),
        }
    }
}

/// The admin page's state: its sessions and the last reindex it saw.
#[derive(Debug)]
pub struct Admin {
    sessions: Sessions,
    last_reindex: Mutex<Option<ReindexNote>>,
}

impl Admin {
    /// No sessions yet.
    pub fn new(options: &PageOptions) -> Admin {
        Admin {
            sessions: Sessions::new(options.session_ttl, options.secure_cookie),
            last_reindex: Mutex::new(None),
        }
    }

    /// Remembers how a reindex went, for the Sources page.
    pub fn note_reindex(&self, result: &Result<ReindexReport, ReindexError>) {
        let note = ReindexNote::of(result);
        *self.last_reindex.lock().unwrap_or_else(|e| e.into_inner()) = Some(note);
    }

    fn last_reindex(&self) -> Option<ReindexNote> {
        self.last_reindex
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// How the last reindex went.
#[derive(Debug, Clone)]
pub struct ReindexNote {
    /// When it finished, in Unix seconds.
    at_unix: i64,
    outcome: ReindexOutcome,
}

/// A reindex's outcome as the Sources page shows it.
#[derive(Debug, Clone)]
enum ReindexOutcome {
    /// The new generation serves.
    Done { generation: u64, entries: usize },
    /// faq/ has problems (each `file:line: message`); the old generation keeps answering.
    Refused(Vec<String>),
    /// Another reindex was running.
    Busy,
    /// It failed for another reason (logged).
    Failed,
}

impl ReindexNote {
    fn of(result: &Result<ReindexReport, ReindexError>) -> ReindexNote {
        let outcome = match result {
            Ok(r) => ReindexOutcome::Done {
                generation: r.generation,
                entries: r.entries,
            },
            Err(ReindexError::Busy) => ReindexOutcome::Busy,
            Err(ReindexError::Index(IndexError::Invalid(problems))) => {
                ReindexOutcome::Refused(problems.iter().map(ToString::to_string).collect())
            }
            Err(_) => ReindexOutcome::Failed,
        };
        ReindexNote {
            at_unix: now_unix(),
            outcome,
        }
    }
}

/// A message shown once on the next page, after an action.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Whether it reports a failure.
    kind: NoticeKind,
    /// The headline.
    text: String,
    /// Details, one a line (problems as `file:line: message`).
    lines: Vec<String>,
}

/// Whether a notice reports success or failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoticeKind {
    Done,
    Failed,
}

impl Notice {
    fn done(text: impl Into<String>) -> Notice {
        Notice {
            kind: NoticeKind::Done,
            text: text.into(),
            lines: Vec::new(),
        }
    }

    fn failed(text: impl Into<String>, lines: Vec<String>) -> Notice {
        Notice {
            kind: NoticeKind::Failed,
            text: text.into(),
            lines,
        }
    }
}

/// What every page of a session carries: the CSRF token for its forms, a notice to show.
#[derive(Debug)]
struct View {
    csrf: String,
    notice: Option<Notice>,
}

/// The `/admin` routes; each answers 404 while no admin token is configured.
pub(super) fn routes() -> Router<Arc<State>> {
    Router::new()
        .route("/admin", get(views::overview))
        .route("/admin/style.css", get(views::style))
        .route(LOGIN_PATH, post(login::login))
        .route("/admin/logout", post(login::logout))
        .route("/admin/gaps", get(views::gaps))
        .route("/admin/feedback", get(views::feedback))
        .route("/admin/sources", get(views::sources))
        .route("/admin/reindex", post(actions::reindex))
        .route(
            IMPORT_PATH,
            post(actions::import_preview).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/admin/import/apply", post(actions::import_apply))
}

/// The body limit of a request to `path`: article-sized for uploads while the page is on.
pub(super) fn body_limit(state: &State, path: &str) -> usize {
    if path == IMPORT_PATH && state.options.admin_token.is_some() {
        MAX_UPLOAD_BYTES.max(state.options.max_body_bytes)
    } else {
        state.options.max_body_bytes
    }
}

/// The admin state when the page is on (`None`: answer 404).
fn enabled(state: &State) -> Option<&Admin> {
    state.options.admin_token.as_ref().map(|_| &state.admin)
}

/// For a page: the session's view (taking its notice); `None` without a session.
fn page_session(admin: &Admin, headers: &HeaderMap) -> Option<View> {
    admin.sessions.with(headers, |s| View {
        csrf: s.csrf.as_str().to_string(),
        notice: s.notice.take(),
    })
}

/// For an action: the 403 owed unless the request has a session and `given` is its CSRF token.
fn action_refusal(admin: &Admin, headers: &HeaderMap, given: &str) -> Option<Response> {
    match admin.sessions.with(headers, |s| s.csrf.matches(given)) {
        Some(true) => None,
        Some(false) => Some(forbidden(
            "The form's security token is missing or stale. Reload the page and try again.",
        )),
        None => Some(forbidden("You are not logged in (or the session expired).")),
    }
}

/// The login form, where a page sends a request without a session.
fn to_login() -> Response {
    redirect("/admin")
}

fn not_found() -> Response {
    super::not_found()
}

/// Keeps `notice` for the session's next page.
fn leave_notice(admin: &Admin, headers: &HeaderMap, notice: Notice) {
    admin.sessions.with(headers, |s| s.notice = Some(notice));
}

/// A 303 to `location`: after a POST, the browser GETs the page.
fn redirect(location: &'static str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, HeaderValue::from_static(location))],
    )
        .into_response()
}

/// A 403 page saying why.
fn forbidden(why: &str) -> Response {
    html(StatusCode::FORBIDDEN, pages::refused(why))
}

/// An HTML response that no cache keeps and no other site frames, running no script.
fn html(status: StatusCode, body: Markup) -> Response {
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_https_public_url_marks_the_cookie_secure_and_minutes_set_the_expiry() {
        let mut serve = config::Serve::default();
        let defaults = PageOptions::new(&serve);
        assert!(!defaults.secure_cookie);
        assert_eq!(defaults.session_ttl, Duration::from_secs(3600));
        serve.public_url = Some(" HTTPS://admin.example.org ".into());
        serve.admin.session_minutes = 5;
        let https = PageOptions::new(&serve);
        assert!(https.secure_cookie);
        assert_eq!(https.session_ttl, Duration::from_secs(300));
        serve.public_url = Some("http://admin.example.org".into());
        assert!(!PageOptions::new(&serve).secure_cookie);
    }
}
