//! Helpers for `versus serve` tests: the server started in-process on 127.0.0.1:0 through
//! `versus::startup::Server`, as production starts it, a signing key made in the test, and
//! signed interaction requests built from the Discord fixtures.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;

use versus::config;
use versus::http::{Options, PublicKey, State};
use versus::startup::{Server, Services};
use versus_core::engine::Engine;
use versus_discord::command::App;

/// The user in the interaction fixtures; the test apps make them an admin.
pub const FIXTURE_USER: u64 = 53908232506183680;
/// The application id in the interaction fixtures.
pub const FIXTURE_APP: u64 = 111111111111111111;
/// The interaction token in the interaction fixtures.
pub const FIXTURE_TOKEN: &str = "A_UNIQUE_TOKEN";
/// The admin token the test servers accept on `POST /api/reindex`.
pub const ADMIN_TOKEN: &str = "test-admin-token-3f9a";

/// The application's signing key, from fixed bytes (Discord holds the real one).
pub fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

/// Server options as in production, with the test key, no admin token and Discord's address.
pub fn options() -> Options {
    let mut o = Options::new(&config::Serve::default());
    o.public_key = Some(PublicKey::from_key(signing_key().verifying_key()));
    o
}

/// An app over `engine` with no cooldown, the fixture user as admin.
pub fn app(engine: Arc<Engine>) -> Arc<App> {
    let discord = config::Discord {
        ask_cooldown_secs: 0,
        admin_user_ids: vec![FIXTURE_USER],
        ..config::Discord::default()
    };
    Arc::new(Services::builder(engine, &discord).build().app())
}

/// Now, in unix seconds.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The hex signature Discord would send for `body` at `timestamp`.
pub fn sign(timestamp: &str, body: &[u8]) -> String {
    let mut message = timestamp.as_bytes().to_vec();
    message.extend_from_slice(body);
    hex::encode(signing_key().sign(&message).to_bytes())
}

/// A Discord interaction fixture from tests/data/discord/.
pub fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/discord")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The slash command fixture turned into `/name` with string options.
pub fn command(name: &str, options: &[(&str, &str)]) -> Value {
    let mut v = fixture("synthetic_slash_command_interaction.serenity_ok.json");
    v["data"]["name"] = name.into();
    v["data"]["options"] = options
        .iter()
        .map(|(n, value)| serde_json::json!({"type": 3, "name": n, "value": value}))
        .collect();
    v
}

/// A server running in this process.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state (install an app, read metrics).
    pub state: Arc<State>,
    /// A client for it.
    pub client: reqwest::Client,
    server: Option<Server>,
}

impl TestServer {
    /// Starts a server with `options` and no index loaded yet.
    pub async fn start(options: Options) -> TestServer {
        let server = Server::start("127.0.0.1:0", options).await.unwrap();
        TestServer {
            addr: server.addr,
            state: server.state.clone(),
            client: reqwest::Client::new(),
            server: Some(server),
        }
    }

    /// Starts a server answering with `app`.
    pub async fn with_app(options: Options, app: Arc<App>) -> TestServer {
        let server = TestServer::start(options).await;
        assert!(server.state.install(app));
        server
    }

    /// A server over the shared in-memory engine, with the default test options.
    pub async fn answering() -> TestServer {
        TestServer::with_app(options(), app(super::engine())).await
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// POSTs `body` to /interactions, signed now.
    pub async fn interact(&self, body: &Value) -> reqwest::Response {
        let body = serde_json::to_vec(body).unwrap();
        let ts = now_secs().to_string();
        let sig = sign(&ts, &body);
        self.post_interaction(body, Some(&sig), Some(&ts)).await
    }

    /// POSTs raw bytes to /interactions with the given signature headers.
    pub async fn post_interaction(
        &self,
        body: Vec<u8>,
        signature: Option<&str>,
        timestamp: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/interactions"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(s) = signature {
            request = request.header("X-Signature-Ed25519", s);
        }
        if let Some(t) = timestamp {
            request = request.header("X-Signature-Timestamp", t);
        }
        request.send().await.unwrap()
    }

    /// GETs `path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// POSTs `body` as JSON text to `path`.
    pub async fn post(&self, path: &str, body: &str) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }

    /// The `/metrics` text.
    pub async fn metrics(&self) -> String {
        self.get("/metrics").await.text().await.unwrap()
    }

    /// Asks the server to shut down and waits (bounded) until `serve` returns.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let server = self.server.take().unwrap();
        tokio::time::timeout(Duration::from_secs(20), server.stop())
            .await
            .expect("the server stops within 20 s")
    }

    /// Triggers shutdown without waiting; `stop` then waits.
    pub fn begin_stop(&mut self) {
        if let Some(s) = self.server.as_mut() {
            s.begin_stop();
        }
    }
}

/// One sample's value in a Prometheus text exposition (0 when absent).
pub fn sample(metrics: &str, series: &str) -> f64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or(0.0)
}
