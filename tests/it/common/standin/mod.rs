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
//!
//! The REST side is in `rest`, the gateway in `gateway`, the faults in `faults`; this module holds
//! the state they share and the handle a test drives.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::serve::ListenerExt;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;

mod faults;
mod gateway;
mod rest;

pub use faults::{GatewayFault, RestFault};
pub use rest::{echo_commands, settles};

use gateway::connection;
use rest::rest_call;

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

/// Runs `f` with a deadline, failing the test with `what` when it passes.
pub async fn within<T>(what: &str, f: impl Future<Output = T>) -> T {
    tokio::time::timeout(WAIT, f)
        .await
        .unwrap_or_else(|_| panic!("timed out: {what}"))
}
