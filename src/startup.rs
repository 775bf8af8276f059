//! The one place a service is wired from its settings: the engine opened from `faq/` and
//! `index/`, the command layer's app, the gateway bot, the HTTP server with its listener, the
//! signal handling. `versus bot` and `versus serve` call this, and so do the tests, so they run
//! exactly what production runs.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use versus_core::engine::{Engine, Startup};
use versus_core::index::IndexError;
use versus_discord::command::{Admins, App};

use crate::config::{self, Config, Secret};
use crate::gateway::{self, BotError, BotOptions};
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
                eprintln!(
                    "warning: {} has problems (run `versus check`); answering from the last good index",
                    dirs.faq.display()
                );
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

/// The command layer's app over `engine`, with the admins and cooldown of `[discord]`.
pub fn app(engine: Arc<Engine>, discord: &config::Discord) -> App {
    let admins = Admins {
        roles: discord.admin_role_ids.clone(),
        users: discord.admin_user_ids.clone(),
    };
    App::new(
        engine,
        admins,
        Duration::from_secs(discord.ask_cooldown_secs),
    )
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

/// As [`app`], logging to `journal` when there is one (whose store then also holds the
/// cooldown, when shared by replicas).
pub fn app_with_journal(
    engine: Arc<Engine>,
    discord: &config::Discord,
    journal: Option<Arc<StoreJournal>>,
) -> App {
    let Some(journal) = journal else {
        return app(engine, discord);
    };
    let mut discord = discord.clone();
    if journal.shares_cooldown() {
        // The store keeps the cooldown for every replica; a second, local one would only differ.
        discord.ask_cooldown_secs = 0;
    }
    app(engine, &discord).with_journal(journal)
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

/// A multi-threaded runtime for a service.
fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// `versus bot`: the gateway bot over `dirs` until Ctrl-C or SIGTERM.
pub fn run_bot(config: &Config, dirs: &Dirs, api_base: Option<String>) -> Result<()> {
    let token = Secret::from_env("DISCORD_TOKEN").context(
        "DISCORD_TOKEN is not set: put the bot token from the Discord developer portal in the environment",
    )?;
    let options = BotOptions {
        token,
        api_base: api_base.filter(|b| !b.trim().is_empty()),
        discord: config.discord.clone(),
    };
    let engine = Arc::new(open_engine(dirs)?);
    let runtime = runtime()?;
    let result = runtime.block_on(async move {
        // Signal handlers are installed before connecting, so an early SIGTERM is clean too.
        let shutdown = shutdown_signal().context("cannot install signal handlers")?;
        let journal = open_journal(config).await;
        let result = bot_with_journal(options, engine, journal.clone(), shutdown).await;
        flush_journal(journal.as_ref()).await;
        result.map_err(anyhow::Error::from)
    });
    // A blocking task still running (a reindex) must not hold the exit forever.
    runtime.shutdown_timeout(BLOCKING_DRAIN);
    result
}

/// The gateway bot over `engine` until `shutdown` completes.
pub async fn bot(
    options: BotOptions,
    engine: Arc<Engine>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), BotError> {
    bot_with_journal(options, engine, None, shutdown).await
}

/// The gateway bot over `engine`, logging to `journal`, until `shutdown` completes.
pub async fn bot_with_journal(
    options: BotOptions,
    engine: Arc<Engine>,
    journal: Option<Arc<StoreJournal>>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), BotError> {
    let app = Arc::new(app_with_journal(engine, &options.discord, journal));
    gateway::run(options, app, shutdown).await
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
pub fn run_server(config: &Config, dirs: &Dirs, listen: Option<&str>) -> Result<()> {
    let addr = listen.unwrap_or(&config.serve.listen).to_string();
    let options = server_options(config)?;
    runtime()?.block_on(async {
        let signal = shutdown_signal().context("cannot install signal handlers")?;
        let server = Server::start(&addr, options).await?;
        let journal = open_journal(config).await;
        let settings = dirs.clone();
        let loaded = tokio::task::spawn_blocking(move || open_engine(&settings))
            .await
            .context("loading the index panicked")?;
        match loaded {
            Ok(engine) => {
                let generation = engine.brain().generation.number;
                server.install_with_journal(
                    Arc::new(app_with_journal(
                        Arc::new(engine),
                        &config.discord,
                        journal.clone(),
                    )),
                    journal.clone(),
                );
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
        let listener = TcpListener::bind(addr)
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

    /// Installs the app; from now on questions are answered. False when one already is.
    pub fn install(&self, app: Arc<App>) -> bool {
        self.state.install(app)
    }

    /// Installs the app and the journal behind `/api/gaps` and the store's metrics.
    pub fn install_with_journal(&self, app: Arc<App>, journal: Option<Arc<StoreJournal>>) -> bool {
        if let Some(j) = journal {
            self.state.set_journal(j);
        }
        self.state.install(app)
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
