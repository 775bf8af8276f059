//! The one place a service is wired from its settings: the engine opened from `faq/` and
//! `index/`, the command layer's app, the gateway bot, the HTTP server with its listener, the
//! signal handling. `versus bot` and `versus serve` call this, and so do the tests, so they run
//! exactly what production runs.

use std::future::Future;
use std::net::SocketAddr;
use std::num::NonZeroU64;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use versus_core::engine::{Engine, Startup};
use versus_core::index::IndexError;
use versus_discord::api_base::DISCORD_ORIGIN;
use versus_discord::attachment::Hosts;
use versus_discord::command::{Admins, App};

use crate::attachments::Downloader;
use crate::config::{self, Config, Secret};
use crate::gateway::health::HealthServer;
use crate::gateway::{self, register, BotError, BotOptions, GatewayHealth};
use crate::http::{self, Options, State};
use crate::record::StoreJournal;

/// How long a stopping process waits for blocking work still running (a reindex).
const BLOCKING_DRAIN: Duration = Duration::from_secs(5);

/// Where the knowledge and the index are, after command-line overrides.
#[derive(Debug, Clone)]
pub struct Dirs {
    /// The knowledge directory.
    pub faq: PathBuf,
    /// The index root.
    pub index: PathBuf,
}

impl Dirs {
    /// The config's paths, with `faq` and `index` overriding them where given.
    pub fn new(config: &Config, faq: Option<&Path>, index: Option<&Path>) -> Dirs {
        Dirs {
            faq: faq.map_or_else(|| config.paths.faq.clone(), Path::to_path_buf),
            index: index.map_or_else(|| config.paths.index.clone(), Path::to_path_buf),
        }
    }
}

/// Opens the engine over `dirs`: the recorded generation when it matches `faq/`, else a fresh
/// build; with a broken `faq/`, the last good generation (and a warning).
pub fn open_engine(dirs: &Dirs) -> Result<Engine> {
    match Engine::open(&dirs.faq, &dirs.index) {
        Ok((engine, startup)) => {
            if startup == Startup::StaleServing {
                report_stale(&dirs.faq);
            }
            Ok(engine)
        }
        Err(IndexError::Invalid(problems)) => {
            for p in &problems {
                eprintln!("{p}");
            }
            anyhow::bail!(
                "{} has {} problem(s) and there is no earlier index to answer from",
                dirs.faq.display(),
                problems.len()
            )
        }
        Err(e) => Err(e).context(format!("cannot open the index at {}", dirs.index.display())),
    }
}

/// Says what is wrong with `faq` while the last good generation answers: the same bounded scan
/// and load as a reindex, so a FIFO, a huge file or a wide TOML only costs its problem line.
fn report_stale(faq: &Path) {
    let problems = versus_core::knowledge::load_dir(faq)
        .err()
        .unwrap_or_default();
    for p in problems.iter().take(MAX_PROBLEMS_AT_START) {
        eprintln!("{p}");
    }
    if problems.len() > MAX_PROBLEMS_AT_START {
        eprintln!("… and {} more", problems.len() - MAX_PROBLEMS_AT_START);
    }
    eprintln!(
        "warning: {} has {} problem(s) (run `versus check`); answering from the last good index",
        faq.display(),
        problems.len()
    );
}

/// Problems printed at start-up before "and N more": enough to act on, short enough to read.
const MAX_PROBLEMS_AT_START: usize = 20;

/// What a service is built from: the engine, the `[discord]` settings, and what the service
/// adds (another Discord origin, the question log, shard health). `versus bot`, `versus serve`
/// and the tests all build through [`Services::builder`], so they run the same wiring.
pub struct Services {
    engine: Arc<Engine>,
    discord: config::Discord,
    api_base: Option<String>,
    import_hosts: Vec<String>,
    journal: Option<Arc<StoreJournal>>,
    health: Arc<GatewayHealth>,
}

/// Builds [`Services`]: everything but the engine and `[discord]` is optional.
#[must_use]
pub struct ServicesBuilder(Services);

impl Services {
    /// Starts building the services over `engine` with the admins, cooldown and gateway
    /// settings of `discord`.
    pub fn builder(engine: Arc<Engine>, discord: &config::Discord) -> ServicesBuilder {
        ServicesBuilder(Services {
            engine,
            discord: discord.clone(),
            api_base: None,
            import_hosts: Vec::new(),
            journal: None,
            health: Arc::new(GatewayHealth::default()),
        })
    }

    /// The command layer's app: the admins and cooldown of `[discord]`, questions and votes
    /// logged to the journal when there is one (whose store then also holds the cooldown, when
    /// shared by replicas); `/import` downloads from Discord's attachment hosts and the API
    /// base's origin.
    pub fn app(&self) -> App {
        let api_base = self
            .api_base
            .as_deref()
            .filter(|b| b.trim_end_matches('/') != DISCORD_ORIGIN);
        let downloader =
            Downloader::new(Hosts::with_api_base(api_base).with_pages(&self.import_hosts));
        let admins = Admins {
            roles: self.discord.admin_role_ids.clone(),
            users: self.discord.admin_user_ids.clone(),
        };
        // The store keeps the cooldown for every replica; a second, local one would only differ.
        let shared_cooldown = self.journal.as_ref().is_some_and(|j| j.shares_cooldown());
        let cooldown = if shared_cooldown {
            Duration::ZERO
        } else {
            Duration::from_secs(self.discord.ask_cooldown_secs)
        };
        let help_channel = self.discord.help_channel_id.map(NonZeroU64::get);
        let app = App::new(self.engine.clone(), admins, cooldown)
            .with_attachments(Arc::new(downloader))
            .with_follow_up_window(Duration::from_secs(self.discord.follow_up_secs))
            .with_help_channel(help_channel);
        match &self.journal {
            Some(journal) => app.with_journal(journal.clone()),
            None => app,
        }
    }

    /// The question log, when there is one.
    pub fn journal(&self) -> Option<&Arc<StoreJournal>> {
        self.journal.as_ref()
    }

    /// The gateway bot with `token` until `shutdown` completes, its shard health and metrics
    /// kept in the builder's [`GatewayHealth`].
    pub async fn bot(
        self,
        token: Secret,
        shutdown: impl Future<Output = ()> + Send,
    ) -> Result<(), BotError> {
        let app = Arc::new(self.app());
        self.health.install(app.clone());
        let options = BotOptions {
            token,
            api_base: self.api_base,
            discord: self.discord,
        };
        gateway::run(options, app, self.health, shutdown).await
    }
}

impl ServicesBuilder {
    /// Another base URL for Discord's REST API (`DISCORD_API_BASE`, a stand-in): the bot talks
    /// to it and `/import` also downloads from its origin. Blank means Discord's.
    pub fn api_base(mut self, base: impl Into<Option<String>>) -> Self {
        self.0.api_base = base.into().filter(|b| !b.trim().is_empty());
        self
    }

    /// The hosts `/import url:` may fetch pages from (`[import] allowed_hosts`).
    pub fn import_hosts(mut self, hosts: &[String]) -> Self {
        self.0.import_hosts = hosts.to_vec();
        self
    }

    /// The question log (a store that cannot be opened is `None`: recording off).
    pub fn journal(mut self, journal: impl Into<Option<Arc<StoreJournal>>>) -> Self {
        self.0.journal = journal.into();
        self
    }

    /// Where the bot keeps shard health and metrics (serve it with [`HealthServer`]).
    pub fn health(mut self, health: Arc<GatewayHealth>) -> Self {
        self.0.health = health;
        self
    }

    /// The services.
    pub fn build(self) -> Services {
        self.0
    }
}

/// Opens the store of `[store]` for a service. A store that cannot be opened is logged and the
/// service runs with recording off: the question log must never stop the answers.
pub async fn open_journal(config: &Config) -> Option<Arc<StoreJournal>> {
    match versus_store::Store::open(&config.store.store_config()).await {
        Ok(store) => {
            tracing::info!(backend = ?store.backend(), recording = store.recorder().is_enabled(), "store open");
            let cooldown = Duration::from_secs(config.discord.ask_cooldown_secs);
            Some(Arc::new(StoreJournal::new(store, cooldown)))
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot open the store; running with recording off");
            None
        }
    }
}

/// Waits (bounded) for the question log to be written, at shutdown.
pub async fn flush_journal(journal: Option<&Arc<StoreJournal>>) {
    if let Some(j) = journal {
        if tokio::time::timeout(BLOCKING_DRAIN, j.store().flush())
            .await
            .is_err()
        {
            tracing::warn!("the store did not finish writing before shutdown");
        }
    }
}

/// Downloads the page at `url` for `versus import URL`, as `/import` downloads: only from
/// `[import] allowed_hosts` over https (and `api_base`'s origin, where the tests' stand-in
/// serves), redirects refused, within the download timeout and `[import] max_page_bytes`.
pub fn fetch_page(
    config: &Config,
    api_base: Option<&str>,
    url: &str,
) -> Result<Vec<u8>, versus_discord::attachment::FetchError> {
    use versus_discord::attachment::{Attachments, FetchError};
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|_| FetchError::Unavailable)?;
    let _entered = runtime.enter();
    let hosts = Hosts::with_api_base(api_base).with_pages(&config.import.allowed_hosts);
    Downloader::new(hosts).fetch(url, config.import.max_page_bytes)
}

/// A multi-threaded runtime for a service.
fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// `versus bot`: the gateway bot over `dirs` until Ctrl-C or SIGTERM, with `/healthz` and
/// `/metrics` on `[bot] health_listen` when set. That endpoint listens first, so a supervisor
/// reads 503 (not "connection refused") while the index loads and the shards connect.
pub fn run_bot(config: &Config, dirs: &Dirs, api_base: Option<String>) -> Result<()> {
    let token = Secret::from_env("DISCORD_TOKEN").context(
        "DISCORD_TOKEN is not set: put the bot token from the Discord developer portal in the environment",
    )?;
    // Bad shard settings are reported before anything connects.
    gateway::shards::plan(config.discord.shards, config.discord.shard_ids, None, None)?;
    let health_listen = config.bot.health_listen;
    let runtime = runtime()?;
    let settings = dirs.clone();
    let result = runtime.block_on(async move {
        // Signal handlers are installed before connecting, so an early SIGTERM is clean too.
        let shutdown = shutdown_signal().context("cannot install signal handlers")?;
        let listener = match health_listen {
            None => None,
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr} ([bot] health_listen)"))?,
            ),
        };
        let health = Arc::new(GatewayHealth::default());
        let server = match listener {
            Some(l) => Some(HealthServer::start(l, health.clone())?),
            None => None,
        };
        let engine = tokio::task::spawn_blocking(move || open_engine(&settings))
            .await
            .context("loading the index panicked")??;
        let journal = open_journal(config).await;
        let result = Services::builder(Arc::new(engine), &config.discord)
            .import_hosts(&config.import.allowed_hosts)
            .api_base(api_base)
            .journal(journal.clone())
            .health(health)
            .build()
            .bot(token, shutdown)
            .await
            .map_err(anyhow::Error::from);
        flush_journal(journal.as_ref()).await;
        if let Some(s) = server {
            s.stop().await;
        }
        result
    });
    // A blocking task still running (a reindex) must not hold the exit forever.
    runtime.shutdown_timeout(BLOCKING_DRAIN);
    result
}

/// `versus register`: the slash command table registered for the token's application (globally,
/// or in `dev_guild_id`), only when Discord's copy differs.
pub fn run_register(config: &Config, api_base: Option<String>) -> Result<register::Report> {
    let token = Secret::from_env("DISCORD_TOKEN").context(
        "DISCORD_TOKEN is not set: put the bot token from the Discord developer portal in the environment",
    )?;
    let api_base = api_base.filter(|b| !b.trim().is_empty());
    let scope = gateway::Scope::from_dev_guild(config.discord.dev_guild_id);
    let application_id = config.discord.application_id;
    runtime()?.block_on(async move {
        let http = gateway::http(&token, api_base.as_deref())?;
        Ok(register::register_table(&http, application_id, scope).await?)
    })
}

/// The HTTP server's options from `[serve]` and the environment, with the start-up warnings.
pub fn server_options(config: &Config) -> Result<Options> {
    let options = Options::from_env(&config.serve)?;
    if options.public_key.is_none() {
        tracing::warn!("no DISCORD_PUBLIC_KEY (or [serve] public_key): /interactions is off");
    }
    match &options.admin_token {
        None => tracing::info!("no VERSUS_ADMIN_TOKEN: POST /api/reindex is off"),
        Some(t) if t.expose().len() < 16 => tracing::warn!(
            "VERSUS_ADMIN_TOKEN is shorter than 16 characters; use a long random one"
        ),
        Some(_) => {}
    }
    Ok(options)
}

/// `versus serve`: listens first (so `/healthz` says 503, not "connection refused", while the
/// index loads), opens the engine off the runtime, answers until Ctrl-C or SIGTERM.
pub fn run_server(config: &Config, dirs: &Dirs, listen: Option<SocketAddr>) -> Result<()> {
    let addr = listen.unwrap_or(config.serve.listen);
    let options = server_options(config)?;
    let api_base = options.discord_api_base.clone();
    runtime()?.block_on(async {
        let signal = shutdown_signal().context("cannot install signal handlers")?;
        let server = Server::start(&addr.to_string(), options).await?;
        let journal = open_journal(config).await;
        let settings = dirs.clone();
        let loaded = tokio::task::spawn_blocking(move || open_engine(&settings))
            .await
            .context("loading the index panicked")?;
        match loaded {
            Ok(engine) => {
                let generation = engine.brain().generation.number;
                let services = Services::builder(Arc::new(engine), &config.discord)
                    .import_hosts(&config.import.allowed_hosts)
                    .api_base(api_base)
                    .journal(journal.clone())
                    .build();
                server.install(&services);
                tracing::info!(generation, "index loaded; answering");
            }
            Err(e) => {
                // Nothing to serve: stop rather than answer 503 forever.
                let _ = server.stop().await;
                return Err(e);
            }
        }
        let result = server.run_until(signal).await;
        flush_journal(journal.as_ref()).await;
        result
    })
}

/// A running HTTP server: its address, its state, and how to stop it.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state (install an app, read metrics).
    pub state: Arc<State>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// Listens on `addr` and serves with `options`, answering 503 until an app is installed.
    pub async fn start(addr: &str, options: Options) -> Result<Server> {
        let listener = http::conn::bind(addr, options.listen_backlog)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::new(options)?);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(http::serve(listener, state.clone(), async move {
            let _ = stopped.await;
        }));
        Ok(Server {
            addr,
            state,
            stop: Some(stop),
            task,
        })
    }

    /// Installs the app of `services` and its journal (behind `/api/gaps` and the store's
    /// metrics); from now on questions are answered. False when an app already is installed.
    pub fn install(&self, services: &Services) -> bool {
        if let Some(j) = services.journal() {
            self.state.set_journal(j.clone());
        }
        self.state.install(Arc::new(services.app()))
    }

    /// Starts shutting down without waiting; [`Server::stop`] then waits.
    pub fn begin_stop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }

    /// Shuts down: stops accepting, drains requests and owed follow-ups, and returns.
    pub async fn stop(mut self) -> Result<()> {
        self.begin_stop();
        (&mut self.task)
            .await
            .context("the server task failed")?
            .context("the server failed")
    }

    /// Serves until `signal` completes (or the server fails), then stops.
    pub async fn run_until(mut self, signal: impl Future<Output = ()>) -> Result<()> {
        tokio::select! {
            () = signal => self.stop().await,
            result = &mut self.task => result.context("the server task failed")?.context("the server failed"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.begin_stop();
    }
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = tokio::signal::ctrl_c() => tracing::info!("Ctrl-C received"),
            _ = term.recv() => tracing::info!("SIGTERM received"),
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("Ctrl-C received");
        }
    })
}
