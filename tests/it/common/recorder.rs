//! A tiny stand-in for Discord's REST API on loopback: records every request as
//! `(method, path, body)` and answers follow-up edits with a message, or with faults a test
//! queued first; serves files a test hosts (an attachment for `/import`).

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};
use tokio::sync::Notify;

/// One request the stand-in received.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// HTTP method.
    pub method: String,
    /// Path, as `/api/v10/...`.
    pub path: String,
    /// The JSON body (Null when not JSON).
    pub body: Value,
}

#[derive(Default)]
struct Inner {
    seen: Mutex<Vec<Recorded>>,
    faults: Mutex<VecDeque<(StatusCode, Value)>>,
    files: Mutex<HashMap<String, Vec<u8>>>,
    arrived: Notify,
}

/// The stand-in; stops when dropped.
pub struct Recorder {
    /// Where it listens.
    pub addr: SocketAddr,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

impl Recorder {
    /// Starts it on 127.0.0.1:0.
    pub async fn start() -> Recorder {
        let inner = Arc::new(Inner::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().fallback(record).with_state(inner.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Recorder { addr, inner, task }
    }

    /// The base URL to give versus as `DISCORD_API_BASE`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers the next request with `status` and `body` instead of success.
    pub fn fail_next(&self, status: u16, body: Value) {
        self.inner
            .faults
            .lock()
            .unwrap()
            .push_back((StatusCode::from_u16(status).unwrap(), body));
    }

    /// Serves `bytes` at `path` (answering GETs); returns its URL.
    pub fn host(&self, path: &str, bytes: Vec<u8>) -> String {
        self.inner
            .files
            .lock()
            .unwrap()
            .insert(path.to_string(), bytes);
        format!("{}{path}", self.base())
    }

    /// Everything received so far.
    pub fn seen(&self) -> Vec<Recorded> {
        self.inner.seen.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived (panics after `timeout`).
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Recorded> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.inner.arrived.notified();
            let seen = self.seen();
            if seen.len() >= n {
                return seen;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("expected {n} request(s) within {timeout:?}, got {seen:#?}");
            }
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn record(
    State(inner): State<Arc<Inner>>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let recorded = Recorded {
        method: method.to_string(),
        path: uri.path().to_string(),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    };
    inner.seen.lock().unwrap().push(recorded.clone());
    inner.arrived.notify_waiters();
    if let Some((status, body)) = inner.faults.lock().unwrap().pop_front() {
        return (status, axum::Json(body)).into_response();
    }
    if method == Method::GET {
        if let Some(file) = inner.files.lock().unwrap().get(&recorded.path) {
            return file.clone().into_response();
        }
    }
    let is_followup = recorded.path.starts_with("/api/v10/webhooks/");
    if (method == Method::PATCH || method == Method::POST) && is_followup {
        let message = json!({
            "id": "1100000000000000001",
            "channel_id": "645027906669510667",
            "type": 20,
            "content": recorded.body.get("content").cloned().unwrap_or(Value::Null),
            "embeds": recorded.body.get("embeds").cloned().unwrap_or(json!([])),
        });
        return axum::Json(message).into_response();
    }
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"message": "Unknown route", "code": 0})),
    )
        .into_response()
}
