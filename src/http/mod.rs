//! `versus serve`: Discord's HTTP interactions endpoint, a JSON API, health and metrics, on
//! axum. One [`router`] wires every route and [`serve`] runs it; `startup` builds it from the
//! config, for production and tests alike. Interactions go through the Discord protocol crate
//! (`versus-discord`), the JSON API straight to the engine; this module knows HTTP, not
//! serenity, and not how answers are found.

pub mod admin;
mod api;
pub mod conn;
mod followup;
mod gaps;
pub mod interactions;
pub mod limit;
pub mod metrics;
pub mod replay;
pub mod signature;
pub mod work;

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State as AxumState};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tokio::net::TcpListener;

use versus_discord::api_base::{api_origin, ApiBaseError, DISCORD_ORIGIN};
use versus_discord::command::App;

use crate::config::{self, Secret};
use crate::record::StoreJournal;
use crate::tasks::InFlight;

pub use metrics::Metrics;
pub use signature::PublicKey;

/// How long shutdown waits for open connections and owed follow-ups before giving up.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Settings of the server, from `[serve]` and the environment.
#[derive(Debug, Clone)]
pub struct Options {
    /// The application's public key; without one, `/interactions` is off (404).
    pub public_key: Option<PublicKey>,
    /// The bearer token of `POST /api/reindex`; without one, that route is off (404).
    pub admin_token: Option<Secret>,
    /// How far a signed timestamp may be from now.
    pub signature_window: Duration,
    /// The largest request body accepted (413 beyond).
    pub max_body_bytes: usize,
    /// The origin follow-up messages go to: Discord's, or a stand-in's (`DISCORD_API_BASE`).
    pub discord_api_base: String,
    /// Header timeout, idle timeout and connection caps.
    pub bounds: conn::Bounds,
    /// Connections the kernel may hold completed before they are accepted.
    pub listen_backlog: u32,
    /// How long a request's whole body may take to arrive (408 beyond).
    pub body_read_timeout: Duration,
    /// Engine calls running at once (0 = one per CPU).
    pub engine_threads: usize,
    /// Per-address limits on `/api/*`.
    pub rate_limit: config::RateLimit,
    /// The admin page's sessions (the page is on when `admin_token` is set).
    pub admin_page: admin::PageOptions,
}

/// Why the server's settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The public key (from `DISCORD_PUBLIC_KEY` or `[serve] public_key`) is unusable.
    #[error("invalid Discord public key: {0}")]
    PublicKey(#[from] signature::KeyError),
    /// The HTTP client for follow-ups could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
    /// `DISCORD_API_BASE` is not a usable URL.
    #[error(transparent)]
    ApiBase(#[from] ApiBaseError),
}

impl Options {
    /// Options from `[serve]` with no environment: interactions and reindex off.
    pub fn new(serve: &config::Serve) -> Options {
        Options {
            public_key: None,
            admin_token: None,
            signature_window: Duration::from_secs(serve.signature_window_secs),
            max_body_bytes: serve.max_body_bytes,
            discord_api_base: DISCORD_ORIGIN.to_string(),
            bounds: conn::Bounds::new(serve),
            listen_backlog: serve.listen_backlog,
            body_read_timeout: Duration::from_secs(serve.body_read_timeout_secs.max(1)),
            engine_threads: serve.engine_threads,
            rate_limit: serve.rate_limit.clone(),
            admin_page: admin::PageOptions::new(serve),
        }
    }

    /// Options from `[serve]` and the environment: `DISCORD_PUBLIC_KEY` (else the config's
    /// `public_key`), `VERSUS_ADMIN_TOKEN`, `DISCORD_API_BASE`.
    pub fn from_env(serve: &config::Serve) -> Result<Options, SetupError> {
        let mut options = Options::new(serve);
        let key = std::env::var("DISCORD_PUBLIC_KEY")
            .ok()
            .filter(|k| !k.trim().is_empty())
            .or_else(|| serve.public_key.clone());
        if let Some(key) = key {
            options.public_key = Some(PublicKey::from_hex(&key)?);
        }
        options.admin_token = Secret::from_env("VERSUS_ADMIN_TOKEN");
        if let Ok(base) = std::env::var("DISCORD_API_BASE") {
            if !base.trim().is_empty() {
                options.discord_api_base = api_origin(&base)?;
            }
        }
        Ok(options)
    }
}

/// Everything the handlers share: the options, the app once loaded, metrics, tasks owed.
#[derive(Debug)]
pub struct State {
    options: Options,
    app: OnceLock<Arc<App>>,
    metrics: Metrics,
    followups: Arc<InFlight>,
    client: reqwest::Client,
    workers: work::Workers,
    limits: Option<limit::Limits>,
    seen: replay::Seen,
    journal: OnceLock<Arc<StoreJournal>>,
    admin: admin::Admin,
}

impl State {
    /// A server state with no index loaded yet (health answers 503 until [`State::install`]).
    pub fn new(options: Options) -> Result<State, SetupError> {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(15))
            .user_agent(concat!("versus/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SetupError::Client(e.to_string()))?;
        Ok(State {
            app: OnceLock::new(),
            metrics: Metrics::default(),
            followups: Arc::default(),
            client,
            workers: work::Workers::new(options.engine_threads),
            limits: limit::Limits::new(&options.rate_limit),
            seen: replay::Seen::new(options.signature_window),
            admin: admin::Admin::new(&options.admin_page),
            options,
            journal: OnceLock::new(),
        })
    }

    /// Installs the loaded app; from now on questions are answered. Returns false (and changes
    /// nothing) when one is already installed: later knowledge arrives by reindex.
    pub fn install(&self, app: Arc<App>) -> bool {
        self.app.set(app).is_ok()
    }

    /// The app, once loaded.
    pub fn app(&self) -> Option<&Arc<App>> {
        self.app.get()
    }

    /// Sets the store behind `/api/gaps` and the store's metrics (once).
    pub fn set_journal(&self, journal: Arc<StoreJournal>) -> bool {
        self.journal.set(journal).is_ok()
    }

    /// The store's journal, when one is open.
    pub fn journal(&self) -> Option<&Arc<StoreJournal>> {
        self.journal.get()
    }

    /// The counters behind `/metrics`.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The settings.
    pub fn options(&self) -> &Options {
        &self.options
    }
}

/// Every route, with the rate limits, the body limit and deadline, and request counting.
pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/interactions", post(interactions::endpoint))
        .route("/api/ask", post(api::ask))
        .route("/api/compare", get(api::compare))
        .route("/api/sources", get(api::sources))
        .route("/api/reindex", post(api::reindex))
        .route("/api/gaps", get(gaps::gaps))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .merge(admin::routes())
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), edges))
        .layer(DefaultBodyLimit::max(state.options.max_body_bytes))
        .with_state(state)
}

/// Serves on `listener` until `shutdown` resolves, then stops accepting, lets requests in
/// flight and owed follow-ups finish (within [`DRAIN_TIMEOUT`]), and returns.
pub async fn serve(
    listener: TcpListener,
    state: Arc<State>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    tracing::info!("listening on http://{addr}");
    let (stopping_tx, stopping) = tokio::sync::watch::channel(false);
    let per_address = conn::PerAddress::new(
        state.options.bounds.max_connections_per_address,
        state.options.rate_limit.trusted_proxies.clone(),
    );
    let server = conn::accept_loop(
        listener,
        router(state.clone()),
        state.options.bounds,
        per_address,
        stopping.clone(),
    );
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: draining requests");
        let _ = stopping_tx.send(true);
        // Kept alive until serve returns: dropping it would read as "stop" to the loop anyway.
        std::future::pending::<()>().await;
    };
    let sweeper = sweep_limits(state.clone());
    // Graceful shutdown waits for every connection to close; a client that never does must not
    // hold the process forever.
    let mut stopped = stopping.clone();
    let drain_bound = async move {
        let _ = stopped.wait_for(|s| *s).await;
        tokio::time::sleep(DRAIN_TIMEOUT).await;
    };
    tokio::select! {
        () = server => {}
        () = signal => {}
        () = sweeper => {}
        _ = drain_bound => tracing::warn!("connections still open after {DRAIN_TIMEOUT:?}; closing them"),
    }
    let owed = state.followups.count();
    if owed > 0 {
        tracing::info!(owed, "waiting for deferred replies");
        if !state.followups.wait_idle(DRAIN_TIMEOUT).await {
            tracing::warn!(
                owed = state.followups.count(),
                "deferred replies still running; exiting without them"
            );
        }
    }
    Ok(())
}

/// Forgets, now and then, the addresses the rate limits no longer hold back. Never ends.
async fn sweep_limits(state: Arc<State>) {
    let Some(limits) = state.limits.as_ref() else {
        return std::future::pending().await;
    };
    let mut every = tokio::time::interval(limit::SWEEP_EVERY);
    loop {
        every.tick().await;
        limits.sweep();
    }
}

/// What every request passes through before its handler: the rate limits, then the whole
/// body read; every response is counted by route and status. One middleware rather than a
/// layer each, because each layer boxes the request's future again.
async fn edges(AxumState(state): AxumState<Arc<State>>, request: Request, next: Next) -> Response {
    let route = metrics::route_index(
        request
            .extensions()
            .get::<MatchedPath>()
            .map(MatchedPath::as_str),
    );
    let response = match limit::refusal(&state, &request) {
        Some(refused) => refused,
        None => read_body(&state, request, next).await,
    };
    state.metrics.request(route, response.status().as_u16());
    response
}

/// Body bytes read and thrown away after a 413, so that a client that sends its whole body
/// before reading (Python's `http.client`) is not reset under the response: closing a socket
/// with unread data sends a reset, and the client sees a broken pipe instead of the 413.
const LINGER_BYTES: usize = 8 * 1024 * 1024;

/// How long the rest of a refused body is read at most (nginx's `lingering_time`).
const LINGER_TIME: Duration = Duration::from_secs(10);
/// A silence this long ends the reading (nginx's `lingering_timeout`): a client that stopped
/// sending is reading already.
const LINGER_SILENCE: Duration = Duration::from_secs(1);

/// How reading a body within the limit ended badly.
enum BodyError {
    /// More than the limit; the body, partly read, for [`linger`].
    TooLarge(axum::body::Body),
    /// The connection broke or the body was malformed.
    Unreadable,
}

/// Reads the whole body before the handler runs: a declared `Content-Length` over the limit is
/// a 413 without keeping a byte, and a body that has not fully arrived within the body timeout
/// is a 408, so a client trickling bytes cannot hold a connection and a handler.
async fn read_body(state: &State, request: Request, next: Next) -> Response {
    let limit = admin::body_limit(state, request.uri().path());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let (parts, body) = request.into_parts();
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(body);
    }
    let read = read_limited(body, limit);
    let bytes = match tokio::time::timeout(state.options.body_read_timeout, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(BodyError::TooLarge(rest))) => return too_large(rest),
        Ok(Err(BodyError::Unreadable)) => {
            return error(StatusCode::BAD_REQUEST, "cannot read the request body")
        }
        Err(_) => {
            let mut response = error(
                StatusCode::REQUEST_TIMEOUT,
                "the request body took too long",
            );
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return response;
        }
    };
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

/// The body's bytes, or the body itself once it has gone past `limit`.
async fn read_limited(
    mut body: axum::body::Body,
    limit: usize,
) -> Result<axum::body::Bytes, BodyError> {
    use http_body_util::BodyExt;
    // Most bodies arrive as one frame, kept as it is; only more than one are copied together.
    let mut first: Option<axum::body::Bytes> = None;
    let mut joined = Vec::new();
    let mut len = 0;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(BodyError::Unreadable);
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        len += data.len();
        if len > limit {
            return Err(BodyError::TooLarge(body));
        }
        match first.take() {
            None if joined.is_empty() => first = Some(data),
            earlier => {
                joined.extend_from_slice(earlier.as_deref().unwrap_or_default());
                joined.extend_from_slice(&data);
            }
        }
    }
    Ok(first.unwrap_or_else(|| joined.into()))
}

/// 413, closing the connection once the rest of the body has been read away (bounded by
/// [`LINGER_BYTES`] and [`LINGER_TIME`]) in the background, so the client can read the 413.
fn too_large(rest: axum::body::Body) -> Response {
    tokio::spawn(linger(rest));
    let mut response = error(StatusCode::PAYLOAD_TOO_LARGE, "request body too large");
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Reads `body` to nothing until it ends, [`LINGER_BYTES`] have come, [`LINGER_TIME`] has
/// passed or it has been silent for [`LINGER_SILENCE`]. The connection holds its slot of the
/// cap meanwhile, so the cost is bounded by `max_connections`.
async fn linger(mut body: axum::body::Body) {
    use http_body_util::BodyExt;
    let started = tokio::time::Instant::now();
    let mut drained = 0usize;
    while drained < LINGER_BYTES {
        let until = (tokio::time::Instant::now() + LINGER_SILENCE).min(started + LINGER_TIME);
        match tokio::time::timeout_at(until, body.frame()).await {
            Ok(Some(Ok(frame))) => {
                drained += frame.data_ref().map_or(0, |d| d.len());
            }
            _ => return,
        }
    }
}

/// `GET /healthz`: 200 with the generation once an index is loaded, 503 before. The body
/// names the store's state (`up`, `failing`, `off`) but the status does not follow it:
/// answers flow without the store, so a failing store must not take the replica out.
async fn healthz(AxumState(state): AxumState<Arc<State>>) -> Response {
    let store = metrics::StoreState::of(state.journal().map(|j| &**j)).as_str();
    match state.app() {
        Some(app) => Json(json!({
            "status": "ok",
            "generation": app.engine.brain().generation.number,
            "store": store,
        }))
        .into_response(),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "loading", "store": store})),
        )
            .into_response(),
    }
}

/// `GET /metrics`: Prometheus text format.
async fn metrics_text(AxumState(state): AxumState<Arc<State>>) -> Response {
    let generation = state.app().map(|a| a.engine.brain().generation.number);
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        metrics_body(&state, generation),
    )
        .into_response()
}

/// The metrics text, with the store's series (zeros when no store is open).
fn metrics_body(state: &State, generation: Option<u64>) -> String {
    let mut text = state.metrics.render(generation);
    let journal = state.journal().map(|j| &**j);
    let (stats, unanswered) = journal.map(|j| j.stats()).unwrap_or_default();
    metrics::render_store(
        &mut text,
        &stats,
        unanswered,
        metrics::StoreState::of(journal),
    );
    text
}

async fn fallback() -> Response {
    not_found()
}

async fn method_not_allowed() -> Response {
    error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
}

/// A short JSON error: `{"error": "..."}`.
fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not found")
}

fn loading() -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "starting up: the index is loading",
    )
}

/// The reply to a body that could not be read: 413 when over the limit.
fn body_error(rejection: BytesRejection) -> Response {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        error(StatusCode::PAYLOAD_TOO_LARGE, "request body too large")
    } else {
        error(StatusCode::BAD_REQUEST, "cannot read the request body")
    }
}

/// A request whose work panicked; answers 500.
#[derive(Debug)]
pub struct Panicked;

impl IntoResponse for Panicked {
    fn into_response(self) -> Response {
        error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
    }
}

/// Runs `work`, turning a panic into [`Panicked`] so one bad input cannot take a connection (or
/// a blocking thread) down with it. The panic itself is reported by the panic hook.
fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, Panicked> {
    std::panic::catch_unwind(AssertUnwindSafe(work)).map_err(|_| {
        tracing::error!("a request panicked; answered 500");
        Panicked
    })
}
