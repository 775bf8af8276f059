//! A Discord stand-in on 127.0.0.1, for driving the real serenity client end to end: a REST side
//! that records every call and answers like Discord does, and a websocket gateway (HELLO,
//! IDENTIFY → READY, RESUME → RESUMED, heartbeat ACK, then scripted dispatches).
//!
//! It keeps Discord's rules where a bot can break them: interaction callbacks need a known
//! interaction and its token, are accepted once and within the 3 s deadline; `@original` can be
//! edited only after a callback; REST needs `Authorization: Bot <token>`; IDENTIFY with a wrong
//! token closes with 4004, and asking for MESSAGE_CONTENT unapproved closes with 4014; without
//! that intent, guild messages that do not mention the bot arrive with empty content. Any route
//! it does not know answers 404 and is kept in [`Record::unexpected`] for the test to fail on.
//!
//! Shards: `GET /gateway/bot` recommends [`Options::shards`]; each IDENTIFY's `shard` array is
//! recorded, and every shard has its own connection, session and queue of dispatches (the
//! `*_on` methods aim at one shard; the others at shard 0). [`StandIn::hold_connections`] keeps
//! new connections waiting for HELLO, so a dropped shard stays down until released.
//!
//! Attachments: [`StandIn::host_attachment`] serves a file at `/attachments/...` on the REST
//! origin, as Discord's CDN would, streamed in chunks without a `Content-Length`.
//!
//! Faults can be queued: REST ([`RestFault`]: 429 with `retry_after`, 5xx, 10062) for the next
//! call to an [`Endpoint`], and gateway ([`GatewayFault`]: a dropped connection, a close code, op 7
//! reconnect, op 9 invalid session) on the live connection.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::serve::ListenerExt;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message as Frame;

/// The application id (and the bot's user id), as in the fixtures.
pub const APP_ID: u64 = 111111111111111111;
/// The bot's user id.
pub const BOT_ID: u64 = 111111111111111111;
/// The guild of the fixtures.
pub const GUILD_ID: u64 = 290926798626357999;
/// The channel interactions come from.
pub const CHANNEL_ID: u64 = 645027906669510667;
/// The channel messages are posted in.
pub const MESSAGE_CHANNEL_ID: u64 = 290926798999357250;
/// DM channels the stand-in opens get ids from here on.
pub const DM_CHANNEL_BASE: u64 = 900000000000000000;
/// The bot token the stand-in accepts unless told otherwise.
pub const TOKEN: &str = "MTExMTExMTExMTExMTExMTEx.standin.Zx9-qQ7wT3kR";
/// The MESSAGE_CONTENT intent bit.
pub const INTENT_MESSAGE_CONTENT: u64 = 1 << 15;
/// The GUILD_MESSAGES intent bit.
pub const INTENT_GUILD_MESSAGES: u64 = 1 << 9;
/// The DIRECT_MESSAGES intent bit.
pub const INTENT_DIRECT_MESSAGES: u64 = 1 << 12;

/// The fixture directory.
pub fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/discord"))
}

/// A fixture, parsed.
pub fn fixture(name: &str) -> Value {
    let path = fixtures().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// What a REST call was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `GET /gateway` or `/gateway/bot`.
    Gateway,
    /// `POST /interactions/{id}/{token}/callback`.
    Callback,
    /// `PATCH /webhooks/{app}/{token}/messages/@original`.
    EditOriginal,
    /// `POST /webhooks/{app}/{token}`.
    Followup,
    /// `GET|PUT /applications/{app}[/guilds/{g}]/commands`.
    Commands,
    /// `POST /channels/{id}/messages`.
    ChannelMessage,
    /// `POST /users/@me/channels`.
    OpenDm,
    /// `PUT /channels/{c}/messages/{m}/reactions/{emoji}/@me`.
    Reaction,
    /// `GET /oauth2/applications/@me`.
    Application,
    /// `GET /attachments/{channel}/{id}/{file}` (the CDN, on the REST origin).
    Attachment,
    /// Anything else.
    Other,
}

/// One REST call as the stand-in received it.
#[derive(Debug, Clone)]
pub struct Call {
    /// HTTP method.
    pub method: String,
    /// Path (and query), e.g. `/api/v10/channels/1/messages`.
    pub path: String,
    /// The JSON body (`Null` when none).
    pub body: Value,
    /// What it was for.
    pub endpoint: Endpoint,
    /// The status the stand-in answered.
    pub status: u16,
    /// When it arrived.
    pub at: Instant,
}

/// A REST fault for the next call to an endpoint.
#[derive(Debug, Clone)]
pub enum RestFault {
    /// 429 with `retry_after` seconds (body and `Retry-After` header), as Discord sends it.
    RateLimited {
        /// Seconds.
        retry_after: f64,
    },
    /// A 5xx.
    ServerError(u16),
    /// 404 with code 10062, "Unknown interaction" (what an expired token gets).
    UnknownInteraction,
}

/// A gateway fault on the live connection.
#[derive(Debug, Clone, Copy)]
pub enum GatewayFault {
    /// The TCP connection is dropped without a close frame.
    Drop,
    /// A close frame with this code.
    Close(u16),
    /// op 7 RECONNECT.
    Reconnect,
    /// op 9 INVALID SESSION; not resumable forgets the session (the client must IDENTIFY again).
    InvalidSession {
        /// `d`.
        resumable: bool,
    },
}

/// How the stand-in behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// The token it accepts.
    pub token: String,
    /// Whether the application is approved for MESSAGE_CONTENT.
    pub approve_message_content: bool,
    /// HELLO's heartbeat interval.
    pub heartbeat_interval: Duration,
    /// How long after a dispatch an interaction callback is accepted.
    pub callback_deadline: Duration,
    /// The shard count `GET /gateway/bot` recommends.
    pub shards: u32,
    /// Close every IDENTIFY with this code (4011: sharding required), as Discord does.
    pub refuse_identify: Option<u16>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            token: TOKEN.to_string(),
            approve_message_content: false,
            heartbeat_interval: Duration::from_millis(300),
            callback_deadline: Duration::from_secs(3),
            shards: 1,
            refuse_identify: None,
        }
    }
}

/// Everything observed so far.
#[derive(Debug, Default, Clone)]
pub struct Record {
    /// Every REST call, in order.
    pub calls: Vec<Call>,
    /// Calls to routes Discord does not have (or the stand-in does not know): a test failure.
    pub unexpected: Vec<Call>,
    /// Websocket connections accepted.
    pub connections: usize,
    /// IDENTIFY payloads (`d`), the token replaced by whether it matched.
    pub identifies: Vec<Value>,
    /// Successful RESUMEs.
    pub resumes: usize,
    /// Heartbeats received (each ACKed).
    pub heartbeats: usize,
    /// READY dispatches sent.
    pub readies: usize,
    /// The shard of each READY sent, in order.
    pub ready_shards: Vec<u32>,
    /// Close codes the stand-in sent because of a bad IDENTIFY.
    pub refusals: Vec<u16>,
}

impl Record {
    /// The calls to one endpoint.
    pub fn to(&self, endpoint: Endpoint) -> Vec<&Call> {
        self.calls
            .iter()
            .filter(|c| c.endpoint == endpoint)
            .collect()
    }
}

#[derive(Debug)]
struct Pending {
    token: String,
    sent_at: Option<Instant>,
    acked: bool,
    ephemeral: bool,
}

enum Out {
    Dispatch {
        t: String,
        d: Value,
        interaction: Option<u64>,
    },
    Fault(GatewayFault),
}

/// One shard's gateway session.
#[derive(Default)]
struct Session {
    id: String,
    seq: u64,
    /// Dispatches sent in this session, by sequence number, for replay on RESUME.
    sent: Vec<(u64, Value)>,
}

#[derive(Default)]
struct Inner {
    record: Record,
    rest_faults: HashMap<Endpoint, VecDeque<RestFault>>,
    commands: HashMap<String, Value>,
    interactions: HashMap<u64, Pending>,
    next_id: u64,
    /// Per shard: the live connection's number and its queue.
    live: HashMap<u32, (u64, mpsc::UnboundedSender<Out>)>,
    /// Per shard: dispatches waiting for a live connection.
    pending: HashMap<u32, VecDeque<Out>>,
    sessions: HashMap<u32, Session>,
    intents: u64,
    /// New connections wait for HELLO while set.
    held: bool,
    /// Files served at `/attachments/...`, by path.
    attachments: HashMap<String, Vec<u8>>,
}

struct Hub {
    options: Options,
    gateway_url: String,
    inner: Mutex<Inner>,
    changed: Notify,
}

impl Hub {
    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let out = f(&mut inner);
        drop(inner);
        self.changed.notify_waiters();
        out
    }

    fn next_id(&self) -> u64 {
        self.with(|i| {
            i.next_id += 1;
            1_300_000_000_000_000_000 + i.next_id
        })
    }
}

/// A running stand-in; its servers stop when it is dropped.
pub struct StandIn {
    hub: Arc<Hub>,
    api_base: String,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for StandIn {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// An interaction sent through the gateway.
#[derive(Debug, Clone)]
pub struct Sent {
    /// Interaction id.
    pub id: u64,
    /// Interaction token.
    pub token: String,
}

/// How long a test waits for anything before failing.
pub const WAIT: Duration = Duration::from_secs(10);

impl StandIn {
    /// Starts a stand-in with the default options.
    pub async fn start() -> StandIn {
        StandIn::start_with(Options::default()).await
    }

    /// Starts a stand-in.
    pub async fn start_with(options: Options) -> StandIn {
        super::trace();
        let rest = TcpListener::bind("127.0.0.1:0").await.expect("bind rest");
        let gateway = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind gateway");
        let api_base = format!("http://{}", rest.local_addr().unwrap());
        let gateway_url = format!("ws://{}", gateway.local_addr().unwrap());
        let hub = Arc::new(Hub {
            options,
            gateway_url,
            inner: Mutex::new(Inner::default()),
            changed: Notify::new(),
        });
        let router = axum::Router::new()
            .fallback(rest_call)
            .with_state(hub.clone());
        // Small writes go out at once, as from a real-time service: with Nagle on, a frame
        // written just after another waits for the peer's delayed ACK (~40 ms on Linux).
        let rest = rest.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let rest_task = tokio::spawn(async move {
            let _ = axum::serve(rest, router).await;
        });
        let gw_hub = hub.clone();
        let gateway_task = tokio::spawn(async move {
            while let Ok((stream, _)) = gateway.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(connection(gw_hub.clone(), stream));
            }
        });
        StandIn {
            hub,
            api_base,
            tasks: vec![rest_task, gateway_task],
        }
    }

    /// The base URL for `DISCORD_API_BASE`.
    pub fn api_base(&self) -> &str {
        &self.api_base
    }

    /// The token it accepts.
    pub fn token(&self) -> &str {
        &self.hub.options.token
    }

    /// A copy of everything observed so far.
    pub fn record(&self) -> Record {
        self.hub.with(|i| i.record.clone())
    }

    /// Waits until `f` finds something in the record, or fails the test after [`WAIT`], showing
    /// what was observed.
    pub async fn wait_for<T>(&self, what: &str, mut f: impl FnMut(&Record) -> Option<T>) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            let notified = self.hub.changed.notified();
            if let Some(t) = self.hub.with(|i| f(&i.record)) {
                return t;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || tokio::time::timeout(left, notified).await.is_err() {
                let r = self.record();
                let calls: Vec<String> = r
                    .calls
                    .iter()
                    .map(|c| format!("{} {} -> {}", c.method, c.path, c.status))
                    .collect();
                panic!(
                    "timed out waiting for {what}; calls: {calls:#?}; connections {}, identifies {}, resumes {}, heartbeats {}",
                    r.connections,
                    r.identifies.len(),
                    r.resumes,
                    r.heartbeats
                );
            }
        }
    }

    /// Waits for the `n`th READY (1 = the first connection).
    pub async fn wait_ready(&self, n: usize) {
        self.wait_for(&format!("READY #{n}"), |r| (r.readies >= n).then_some(()))
            .await;
    }

    /// Waits for the `n`th READY of `shard`.
    pub async fn wait_shard_ready(&self, shard: u32, n: usize) {
        self.wait_for(&format!("READY #{n} of shard {shard}"), |r| {
            (r.ready_shards.iter().filter(|&&s| s == shard).count() >= n).then_some(())
        })
        .await;
    }

    /// Waits until the slash commands were looked up (`GET`); the overwrite, when one is due,
    /// follows (a stopped bot has finished it).
    pub async fn wait_commands_read(&self) {
        self.wait_for("the registered commands to be read", |r| {
            r.to(Endpoint::Commands)
                .iter()
                .any(|c| c.method == "GET")
                .then_some(())
        })
        .await
    }

    /// Waits for the bulk overwrite of the commands; returns its body.
    pub async fn wait_commands_put(&self) -> Call {
        self.wait_for("the bulk command overwrite", |r| {
            r.to(Endpoint::Commands)
                .into_iter()
                .find(|c| c.method == "PUT")
                .cloned()
        })
        .await
    }

    /// Commands as registered at `path` (e.g. `/api/v10/applications/{app}/guilds/{g}/commands`).
    pub fn registered(&self, path: &str) -> Option<Value> {
        self.hub.with(|i| i.commands.get(path).cloned())
    }

    /// Pre-registers commands at `path`, as if an earlier run had put `body` there.
    pub fn preregister(&self, path: &str, body: &Value) {
        let echo = echo_commands(path, body);
        self.hub.with(|i| {
            i.commands.insert(path.to_string(), echo);
        });
    }

    /// Queues a REST fault for the next call to `endpoint`.
    pub fn fail_next(&self, endpoint: Endpoint, fault: RestFault) {
        self.hub.with(|i| {
            i.rest_faults.entry(endpoint).or_default().push_back(fault);
        });
    }

    /// Sends a gateway fault on shard 0's live connection (or the next one).
    pub fn gateway_fault(&self, fault: GatewayFault) {
        self.gateway_fault_on(0, fault);
    }

    /// Sends a gateway fault on `shard`'s live connection (or the next one).
    pub fn gateway_fault_on(&self, shard: u32, fault: GatewayFault) {
        self.push(shard, Out::Fault(fault));
    }

    /// While `held`, new gateway connections get no HELLO (the client waits, then gives up and
    /// tries again); released, the waiting ones get theirs.
    pub fn hold_connections(&self, held: bool) {
        self.hub.with(|i| i.held = held);
    }

    fn push(&self, shard: u32, out: Out) {
        self.hub.with(|i| match i.live.get(&shard) {
            Some((_, tx)) => {
                if let Err(mpsc::error::SendError(out)) = tx.send(out) {
                    i.pending.entry(shard).or_default().push_back(out);
                }
            }
            None => i.pending.entry(shard).or_default().push_back(out),
        });
    }

    /// Serves `bytes` as the attachment `filename`; returns its URL.
    pub fn host_attachment(&self, filename: &str, bytes: Vec<u8>) -> String {
        let path = format!(
            "/attachments/{CHANNEL_ID}/{}/{filename}",
            self.hub.next_id()
        );
        self.hub.with(|i| i.attachments.insert(path.clone(), bytes));
        format!("{}{path}", self.api_base)
    }

    /// Dispatches an `INTERACTION_CREATE` on shard 0, giving it a fresh id and token.
    pub fn interact(&self, payload: Value) -> Sent {
        self.interact_on(0, payload)
    }

    /// Dispatches an `INTERACTION_CREATE` on `shard`, giving it a fresh id and token.
    pub fn interact_on(&self, shard: u32, mut payload: Value) -> Sent {
        let id = self.hub.next_id();
        let token = format!("interaction-token-{id}");
        payload["id"] = json!(id.to_string());
        payload["token"] = json!(token);
        payload["application_id"] = json!(APP_ID.to_string());
        self.hub.with(|i| {
            i.interactions.insert(
                id,
                Pending {
                    token: token.clone(),
                    sent_at: None,
                    acked: false,
                    ephemeral: false,
                },
            );
        });
        self.push(
            shard,
            Out::Dispatch {
                t: "INTERACTION_CREATE".into(),
                d: payload,
                interaction: Some(id),
            },
        );
        Sent { id, token }
    }

    /// Dispatches a `MESSAGE_CREATE`, giving it a fresh id; returns the id.
    pub fn post(&self, message: Value) -> u64 {
        self.post_on(0, message)
    }

    /// Dispatches a `MESSAGE_CREATE` on `shard`, giving it a fresh id; returns the id.
    pub fn post_on(&self, shard: u32, mut message: Value) -> u64 {
        let id = self.hub.next_id();
        message["id"] = json!(id.to_string());
        self.push(
            shard,
            Out::Dispatch {
                t: "MESSAGE_CREATE".into(),
                d: message,
                interaction: None,
            },
        );
        id
    }

    /// Waits for the callback that settled interaction `sent`: the first one neither rate-limited
    /// nor a 5xx (both are retried).
    pub async fn callback(&self, sent: &Sent) -> Call {
        let path = format!("/api/v10/interactions/{}/{}/callback", sent.id, sent.token);
        self.wait_for(&format!("the callback of interaction {}", sent.id), |r| {
            r.calls
                .iter()
                .find(|c| c.path == path && settles(c.status))
                .cloned()
        })
        .await
    }

    /// Waits for the edit of interaction `sent`'s original response.
    pub async fn edit_original(&self, sent: &Sent) -> Call {
        let path = format!(
            "/api/v10/webhooks/{APP_ID}/{}/messages/@original",
            sent.token
        );
        self.wait_for(&format!("the @original edit of {}", sent.id), |r| {
            r.calls.iter().find(|c| c.path == path).cloned()
        })
        .await
    }

    /// Waits for a channel message replying to message `id`.
    pub async fn reply_to(&self, id: u64) -> Call {
        let want = id.to_string();
        self.wait_for(&format!("a reply to message {id}"), |r| {
            r.calls
                .iter()
                .find(|c| {
                    c.endpoint == Endpoint::ChannelMessage
                        && c.body["message_reference"]["message_id"] == json!(want)
                })
                .cloned()
        })
        .await
    }

    /// Time from interaction `sent` leaving the gateway to its settling callback arriving.
    pub fn callback_latency(&self, sent: &Sent) -> Option<Duration> {
        let path = format!("/api/v10/interactions/{}/{}/callback", sent.id, sent.token);
        self.hub.with(|i| {
            let at = i
                .record
                .calls
                .iter()
                .find(|c| c.path == path && settles(c.status))?
                .at;
            let sent_at = i.interactions.get(&sent.id)?.sent_at?;
            Some(at.saturating_duration_since(sent_at))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// REST

fn error_body(status: StatusCode, code: u64, message: &str) -> Response {
    (
        status,
        axum::Json(json!({ "message": message, "code": code })),
    )
        .into_response()
}

fn classify(method: &Method, segments: &[&str]) -> Endpoint {
    match (method.as_str(), segments) {
        ("GET", ["gateway"] | ["gateway", "bot"]) => Endpoint::Gateway,
        ("POST", ["interactions", _, _, "callback"]) => Endpoint::Callback,
        ("PATCH", ["webhooks", _, _, "messages", "@original"]) => Endpoint::EditOriginal,
        ("POST", ["webhooks", _, _]) => Endpoint::Followup,
        ("GET" | "PUT", ["applications", _, "commands"])
        | ("GET" | "PUT", ["applications", _, "guilds", _, "commands"]) => Endpoint::Commands,
        ("POST", ["channels", _, "messages"]) => Endpoint::ChannelMessage,
        ("POST", ["users", "@me", "channels"]) => Endpoint::OpenDm,
        ("PUT", ["channels", _, "messages", _, "reactions", _, "@me"]) => Endpoint::Reaction,
        ("GET", ["oauth2", "applications", "@me"]) => Endpoint::Application,
        _ => Endpoint::Other,
    }
}

/// Like Discord: the gateway address and interaction webhooks need no bot token; the
/// recommended shard count (`/gateway/bot`) and everything else does.
fn needs_token(endpoint: Endpoint, segments: &[&str]) -> bool {
    match endpoint {
        Endpoint::Callback | Endpoint::EditOriginal | Endpoint::Followup => false,
        Endpoint::Attachment => false,
        Endpoint::Gateway => segments.len() != 1,
        _ => true,
    }
}

/// Whether a call with this status settles its request (429s and 5xxs are retried).
pub fn settles(status: u16) -> bool {
    status != 429 && status < 500
}

async fn rest_call(
    State(hub): State<Arc<Hub>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let at = Instant::now();
    let path = uri.path().to_string();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let segments: Vec<&str> = path
        .strip_prefix("/api/v10/")
        .unwrap_or("")
        .split('/')
        .collect();
    let endpoint = if method == Method::GET && path.starts_with("/attachments/") {
        Endpoint::Attachment
    } else {
        classify(&method, &segments)
    };
    let authorized = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bot {}", hub.options.token));
    let fault = hub.with(|i| {
        i.rest_faults
            .get_mut(&endpoint)
            .and_then(VecDeque::pop_front)
    });
    let response = if let Some(fault) = fault {
        match fault {
            RestFault::RateLimited { retry_after } => {
                let mut r = (
                    StatusCode::TOO_MANY_REQUESTS,
                    axum::Json(json!({
                        "message": "You are being rate limited.",
                        "retry_after": retry_after,
                        "global": false,
                    })),
                )
                    .into_response();
                let h = r.headers_mut();
                h.insert(
                    "retry-after",
                    retry_after.ceil().to_string().parse().unwrap(),
                );
                h.insert("x-ratelimit-scope", "user".parse().unwrap());
                r
            }
            RestFault::ServerError(code) => error_body(
                StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                0,
                "500: Internal Server Error",
            ),
            RestFault::UnknownInteraction => {
                error_body(StatusCode::NOT_FOUND, 10062, "Unknown interaction")
            }
        }
    } else if !authorized && needs_token(endpoint, &segments) {
        error_body(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized")
    } else {
        answer(&hub, endpoint, &method, &path, &segments, &body)
    };
    let call = Call {
        method: method.to_string(),
        path,
        body,
        endpoint,
        status: response.status().as_u16(),
        at,
    };
    hub.with(|i| {
        if endpoint == Endpoint::Other {
            i.record.unexpected.push(call.clone());
        }
        i.record.calls.push(call);
    });
    response
}

fn answer(
    hub: &Hub,
    endpoint: Endpoint,
    method: &Method,
    path: &str,
    segments: &[&str],
    body: &Value,
) -> Response {
    match endpoint {
        Endpoint::Gateway => {
            let mut g = fixture("docs_get_gateway_response.json");
            g["url"] = json!(hub.gateway_url);
            if segments.len() == 2 {
                g["shards"] = json!(hub.options.shards);
                g["session_start_limit"] = json!({
                    "total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1
                });
            }
            axum::Json(g).into_response()
        }
        Endpoint::Callback => {
            let id: u64 = segments[1].parse().unwrap_or(0);
            let token = segments[2];
            let deadline = hub.options.callback_deadline;
            let outcome = hub.with(|i| {
                let Some(p) = i.interactions.get_mut(&id) else {
                    return Err((StatusCode::NOT_FOUND, 10062, "Unknown interaction"));
                };
                if p.token != token {
                    return Err((StatusCode::UNAUTHORIZED, 50027, "Invalid Webhook Token"));
                }
                if p.sent_at.is_none_or(|s| s.elapsed() > deadline) {
                    return Err((StatusCode::NOT_FOUND, 10062, "Unknown interaction"));
                }
                if p.acked {
                    return Err((
                        StatusCode::BAD_REQUEST,
                        40060,
                        "Interaction has already been acknowledged.",
                    ));
                }
                p.acked = true;
                p.ephemeral = body["data"]["flags"].as_u64().unwrap_or(0) & 64 != 0;
                Ok(())
            });
            match outcome {
                Ok(()) => StatusCode::NO_CONTENT.into_response(),
                Err((status, code, message)) => error_body(status, code, message),
            }
        }
        Endpoint::EditOriginal | Endpoint::Followup => {
            let app = segments[1];
            let token = segments[2];
            let found = hub.with(|i| {
                i.interactions
                    .values()
                    .find(|p| p.token == token && p.acked)
                    .map(|p| p.ephemeral)
            });
            match found {
                Some(ephemeral) if app == APP_ID.to_string() => {
                    let mut m = message_json(hub.next_id(), CHANNEL_ID, body);
                    m["webhook_id"] = json!(APP_ID.to_string());
                    m["application_id"] = json!(APP_ID.to_string());
                    if ephemeral {
                        m["flags"] = json!(64);
                    }
                    axum::Json(m).into_response()
                }
                _ => error_body(StatusCode::NOT_FOUND, 10015, "Unknown Webhook"),
            }
        }
        Endpoint::Commands => {
            if *method == Method::PUT {
                if !body.is_array() {
                    return error_body(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
                }
                let echo = echo_commands(path, body);
                hub.with(|i| i.commands.insert(path.to_string(), echo.clone()));
                axum::Json(echo).into_response()
            } else {
                let current = hub.with(|i| i.commands.get(path).cloned());
                axum::Json(current.unwrap_or_else(|| json!([]))).into_response()
            }
        }
        Endpoint::ChannelMessage => {
            let channel: u64 = segments[1].parse().unwrap_or(0);
            let mut m = message_json(hub.next_id(), channel, body);
            if let Some(r) = body.get("message_reference") {
                m["type"] = json!(19);
                m["message_reference"] = r.clone();
            }
            axum::Json(m).into_response()
        }
        Endpoint::OpenDm => {
            let recipient = body["recipient_id"].as_str().unwrap_or("0").to_string();
            let n = recipient.parse::<u64>().unwrap_or(0) % 1000;
            axum::Json(json!({
                "id": (DM_CHANNEL_BASE + n).to_string(),
                "type": 1,
                "last_message_id": null,
                "flags": 0,
                "recipients": [{
                    "id": recipient,
                    "username": "Mason",
                    "discriminator": "1337",
                    "avatar": null,
                    "global_name": null
                }]
            }))
            .into_response()
        }
        Endpoint::Reaction => StatusCode::NO_CONTENT.into_response(),
        Endpoint::Application => axum::Json(json!({
            "id": APP_ID.to_string(),
            "name": "versus",
            "description": "",
            "bot_public": true,
            "bot_require_code_grant": false,
            "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
            "flags": 0
        }))
        .into_response(),
        Endpoint::Attachment => match hub.with(|i| i.attachments.get(path).cloned()) {
            // In chunks and without a length, so a client can only tell the size by reading.
            Some(bytes) => {
                let chunks: Vec<Result<Bytes, std::io::Error>> = bytes
                    .chunks(64 * 1024)
                    .map(|c| Ok(Bytes::copy_from_slice(c)))
                    .collect();
                axum::body::Body::from_stream(futures_util::stream::iter(chunks)).into_response()
            }
            None => error_body(StatusCode::NOT_FOUND, 0, "404: Not Found"),
        },
        Endpoint::Other => error_body(StatusCode::NOT_FOUND, 0, "404: Not Found"),
    }
}

/// A message as Discord returns it after a create or an edit: the fixture's message with the
/// bot as author and the posted content and embeds.
fn message_json(id: u64, channel: u64, body: &Value) -> Value {
    let mut m = fixture("synthetic_gateway_message_create.json")["d"].clone();
    let o = m.as_object_mut().unwrap();
    o.remove("guild_id");
    o.remove("member");
    m["id"] = json!(id.to_string());
    m["channel_id"] = json!(channel.to_string());
    m["author"] = bot_user();
    m["content"] = body.get("content").cloned().unwrap_or(json!(""));
    m["embeds"] = body.get("embeds").cloned().unwrap_or(json!([]));
    m["reactions"] = json!([]);
    m
}

fn bot_user() -> Value {
    fixture("synthetic_gateway_ready.json")["d"]["user"].clone()
}

/// What Discord stores and echoes for a bulk overwrite at `path`: each command with an id, the
/// application id, a version and Discord's defaults.
pub fn echo_commands(path: &str, body: &Value) -> Value {
    let guild = path.contains("/guilds/");
    let commands = body.as_array().cloned().unwrap_or_default();
    Value::Array(
        commands
            .into_iter()
            .enumerate()
            .map(|(n, mut c)| {
                c["id"] = json!(format!("{}", 1_200_000_000_000_000_000u64 + n as u64));
                c["application_id"] = json!(APP_ID.to_string());
                c["version"] = json!("1300000000000000001");
                c["type"] = json!(c["type"].as_u64().unwrap_or(1));
                c["nsfw"] = json!(false);
                if c.get("default_member_permissions").is_none() {
                    c["default_member_permissions"] = Value::Null;
                }
                if guild {
                    c["guild_id"] = json!(GUILD_ID.to_string());
                    // Guild commands have no DM setting; Discord drops it.
                    c.as_object_mut().unwrap().remove("dm_permission");
                } else if c.get("dm_permission").is_none() {
                    c["dm_permission"] = json!(true);
                }
                c
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// Gateway

fn frame(v: &Value) -> Frame {
    Frame::Text(v.to_string())
}

async fn connection(hub: Arc<Hub>, stream: TcpStream) {
    let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let (mut sink, mut source) = ws.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Out>();
    let conn = hub.with(|i| {
        i.record.connections += 1;
        i.record.connections as u64
    });
    // A held connection is open but silent, as a gateway that stopped answering.
    loop {
        let released = hub.changed.notified();
        // Read without `with`, which would wake this very waiter and spin.
        if !hub.inner.lock().unwrap_or_else(|p| p.into_inner()).held {
            break;
        }
        released.await;
    }
    let mut hello = fixture("docs_gateway_hello.json");
    hello["d"]["heartbeat_interval"] = json!(hub.options.heartbeat_interval.as_millis() as u64);
    if sink.send(frame(&hello)).await.is_err() {
        return;
    }
    // The shard this connection serves, once it identified or resumed.
    let mut shard: Option<u32> = None;
    // Set once this connection was told to reconnect: nothing more is dispatched on it.
    let mut closing = false;
    loop {
        tokio::select! {
            incoming = source.next() => {
                let text = match incoming {
                    Some(Ok(Frame::Text(t))) => t,
                    Some(Ok(Frame::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let Ok(msg) = serde_json::from_str::<Value>(&text) else { continue };
                match msg["op"].as_u64() {
                    Some(1) => {
                        hub.with(|i| i.record.heartbeats += 1);
                        if sink.send(frame(&json!({ "op": 11 }))).await.is_err() {
                            break;
                        }
                    }
                    Some(2) => {
                        if let Err(code) = identify(&hub, &msg["d"]) {
                            let _ = sink.send(Frame::Close(Some(CloseFrame {
                                code: CloseCode::from(code),
                                reason: "refused by the stand-in".into(),
                            }))).await;
                            break;
                        }
                        let id = msg["d"]["shard"][0].as_u64().unwrap_or(0) as u32;
                        shard = Some(id);
                        let session = format!("standin-session-{conn}");
                        let mut ready = fixture("synthetic_gateway_ready.json");
                        ready["d"]["session_id"] = json!(session);
                        ready["d"]["resume_gateway_url"] = json!(hub.gateway_url);
                        ready["d"]["shard"] = msg["d"]["shard"].clone();
                        ready["s"] = json!(1);
                        hub.with(|i| {
                            i.sessions.insert(id, Session { id: session, seq: 1, sent: Vec::new() });
                        });
                        if sink.send(frame(&ready)).await.is_err() {
                            break;
                        }
                        go_live(&hub, id, conn, &tx);
                        hub.with(|i| {
                            i.record.readies += 1;
                            i.record.ready_shards.push(id);
                        });
                    }
                    Some(6) => {
                        let wanted = msg["d"]["session_id"].as_str().unwrap_or("");
                        let resumed_shard = hub.with(|i| {
                            i.sessions.iter().find(|(_, s)| s.id == wanted).map(|(&k, _)| k)
                        });
                        if let Some(id) = resumed_shard {
                            shard = Some(id);
                            // Like Discord: the events the client missed, in order, then RESUMED.
                            let after = msg["d"]["seq"].as_u64().unwrap_or(0);
                            let missed: Vec<Value> = hub.with(|i| {
                                i.sessions[&id].sent.iter().filter(|(s, _)| *s > after).map(|(_, f)| f.clone()).collect()
                            });
                            let mut failed = false;
                            for f in &missed {
                                failed |= sink.send(frame(f)).await.is_err();
                            }
                            let s = hub.with(|i| {
                                let session = i.sessions.entry(id).or_default();
                                session.seq += 1;
                                session.seq
                            });
                            let resumed = json!({ "op": 0, "t": "RESUMED", "s": s, "d": {} });
                            if failed || sink.send(frame(&resumed)).await.is_err() {
                                break;
                            }
                            go_live(&hub, id, conn, &tx);
                            hub.with(|i| i.record.resumes += 1);
                        } else if sink.send(frame(&json!({ "op": 9, "d": false }))).await.is_err() {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            out = rx.recv() => {
                let Some(out) = out else { break };
                // Only a live connection receives: it has a shard.
                let id = shard.unwrap_or(0);
                match out {
                    Out::Dispatch { t, d, interaction } => {
                        if closing {
                            // Discord sends nothing more on a connection it told to go away.
                            hub.with(|i| i.pending.entry(id).or_default().push_back(Out::Dispatch { t, d, interaction }));
                            continue;
                        }
                        let Some(d) = deliverable(&hub, &t, d) else { continue };
                        let payload = hub.with(|i| {
                            let session = i.sessions.entry(id).or_default();
                            session.seq += 1;
                            let p = json!({ "op": 0, "t": t, "s": session.seq, "d": d });
                            session.sent.push((session.seq, p.clone()));
                            p
                        });
                        // Stamped before the write: the bot may answer before the write returns.
                        if let Some(id) = interaction {
                            hub.with(|i| {
                                if let Some(p) = i.interactions.get_mut(&id) {
                                    p.sent_at = Some(Instant::now());
                                }
                            });
                        }
                        if sink.send(frame(&payload)).await.is_err() {
                            break;
                        }
                    }
                    Out::Fault(GatewayFault::Drop) => break,
                    Out::Fault(GatewayFault::Close(code)) => {
                        let _ = sink.send(Frame::Close(Some(CloseFrame {
                            code: CloseCode::from(code),
                            reason: "closed by the stand-in".into(),
                        }))).await;
                        break;
                    }
                    Out::Fault(GatewayFault::Reconnect) => {
                        closing = true;
                        hub.with(|i| i.live.remove(&id));
                        if sink.send(frame(&json!({ "op": 7, "d": null }))).await.is_err() {
                            break;
                        }
                    }
                    Out::Fault(GatewayFault::InvalidSession { resumable }) => {
                        closing = true;
                        hub.with(|i| {
                            i.live.remove(&id);
                            if !resumable {
                                i.sessions.remove(&id);
                            }
                        });
                        if sink.send(frame(&json!({ "op": 9, "d": resumable }))).await.is_err() {
                            break;
                        }
                    }
                }
            }
        }
    }
    // Whatever this connection had not sent waits for the next one of its shard, in order.
    rx.close();
    let Some(id) = shard else { return };
    hub.with(|i| {
        if i.live.get(&id).is_some_and(|(c, _)| *c == conn) {
            i.live.remove(&id);
        }
        let mut left = Vec::new();
        while let Ok(out) = rx.try_recv() {
            if matches!(out, Out::Dispatch { .. }) {
                left.push(out);
            }
        }
        let pending = i.pending.entry(id).or_default();
        for out in left.into_iter().rev() {
            pending.push_front(out);
        }
    });
    // Dropping both halves closes the TCP connection (without a close frame for `Drop`).
}

/// Checks an IDENTIFY like Discord: the token, MESSAGE_CONTENT only when approved, and the
/// scripted refusal (4011) when there is one.
fn identify(hub: &Hub, d: &Value) -> Result<(), u16> {
    let token = d["token"].as_str().unwrap_or("");
    let token_ok = token.strip_prefix("Bot ").unwrap_or(token) == hub.options.token;
    let intents = d["intents"].as_u64().unwrap_or(0);
    let mut seen = d.clone();
    seen["token"] = json!(if token_ok { "<ok>" } else { "<wrong>" });
    let refusal = if !token_ok {
        Some(4004)
    } else if intents & INTENT_MESSAGE_CONTENT != 0 && !hub.options.approve_message_content {
        Some(4014)
    } else {
        hub.options.refuse_identify
    };
    hub.with(|i| {
        i.record.identifies.push(seen);
        i.intents = intents;
        if let Some(code) = refusal {
            i.record.refusals.push(code);
        }
    });
    refusal.map_or(Ok(()), Err)
}

/// Makes `conn` the live connection of `shard` and hands it whatever was waiting.
fn go_live(hub: &Hub, shard: u32, conn: u64, tx: &mpsc::UnboundedSender<Out>) {
    hub.with(|i| {
        if let Some(pending) = i.pending.get_mut(&shard) {
            while let Some(out) = pending.pop_front() {
                let _ = tx.send(out);
            }
        }
        i.live.insert(shard, (conn, tx.clone()));
    });
}

/// What Discord would deliver of a dispatch under the identified intents: guild messages need
/// GUILD_MESSAGES, DMs DIRECT_MESSAGES, and without MESSAGE_CONTENT a guild message that does
/// not mention the bot arrives with its content blanked.
fn deliverable(hub: &Hub, t: &str, mut d: Value) -> Option<Value> {
    if t != "MESSAGE_CREATE" {
        return Some(d);
    }
    let intents = hub.with(|i| i.intents);
    let in_guild = d.get("guild_id").is_some_and(|g| !g.is_null());
    let needed = if in_guild {
        INTENT_GUILD_MESSAGES
    } else {
        INTENT_DIRECT_MESSAGES
    };
    if intents & needed == 0 {
        return None;
    }
    let mentions_bot = d["mentions"]
        .as_array()
        .is_some_and(|m| m.iter().any(|u| u["id"] == json!(BOT_ID.to_string())));
    if in_guild && !mentions_bot && intents & INTENT_MESSAGE_CONTENT == 0 {
        d["content"] = json!("");
        d["embeds"] = json!([]);
        d["attachments"] = json!([]);
    }
    Some(d)
}

/// Runs `f` with a deadline, failing the test with `what` when it passes.
pub async fn within<T>(what: &str, f: impl Future<Output = T>) -> T {
    tokio::time::timeout(WAIT, f)
        .await
        .unwrap_or_else(|_| panic!("timed out: {what}"))
}
