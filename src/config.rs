//! Typed settings: `config.toml` (every setting, documented there), then `VERSUS_*` environment
//! overrides. Secrets never come from the file: they are read from the environment into
//! [`Secret`], which prints as `<redacted>`.

use std::fmt;
use std::net::SocketAddr;
use std::num::NonZeroU64;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::gateway::shards::ShardIds;

/// A value that must never reach a log or an error message.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Reads a secret from the environment; empty counts as unset.
    pub fn from_env(name: &str) -> Option<Secret> {
        std::env::var(name)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(|v| Secret(v.trim().to_string()))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid.
    #[error("invalid config {path}: {message}")]
    Invalid { path: PathBuf, message: String },
    /// A `VERSUS_*` environment override is not a valid value for its setting.
    #[error("invalid environment variable {name}: {message}")]
    Env { name: &'static str, message: String },
    /// The file holds a secret.
    #[error("{path}:{line}: `{key}` looks like a secret; secrets are never read from config files — set the {env} environment variable instead, and remove it from the file")]
    SecretInFile {
        path: PathBuf,
        line: usize,
        key: String,
        env: &'static str,
    },
}

/// Where things are on disk.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Paths {
    /// The knowledge base directory.
    pub faq: PathBuf,
    /// The index root directory.
    pub index: PathBuf,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            faq: PathBuf::from("faq"),
            index: PathBuf::from("index"),
        }
    }
}

/// The Discord bot's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Discord {
    /// Guild where commands are registered for development (instant updates); `None` = global.
    #[serde(deserialize_with = "de::discord_id")]
    pub dev_guild_id: Option<NonZeroU64>,
    /// Roles whose members may run admin commands.
    pub admin_role_ids: Vec<u64>,
    /// Users who may run admin commands.
    pub admin_user_ids: Vec<u64>,
    /// Seconds a user waits between questions (`/ask` and mentions); 0 = no cooldown.
    pub ask_cooldown_secs: u64,
    /// Channels where questions are answered without a mention (needs the MESSAGE_CONTENT intent).
    pub auto_answer_channel_ids: Vec<u64>,
    /// Ask for the privileged MESSAGE_CONTENT intent.
    pub message_content_intent: bool,
    /// The application id for `versus register`; `None` = ask Discord
    /// (`GET /oauth2/applications/@me`).
    #[serde(deserialize_with = "de::discord_id")]
    pub application_id: Option<NonZeroU64>,
    /// Total gateway shards of the bot; 0 = as many as Discord recommends (`GET /gateway/bot`).
    pub shards: u32,
    /// The shards this process runs, `"A-B"` or `"A"` of `shards`; `None` = all of them.
    #[serde(deserialize_with = "de::shard_ids")]
    pub shard_ids: Option<ShardIds>,
    /// Seconds within which a user's next question in the same channel continues their last
    /// answered one ("and for mobile?"); 0 = never.
    pub follow_up_secs: u64,
    /// The channel a declined help request (code, errors, setup) is pointed to; `None` = none.
    #[serde(deserialize_with = "de::discord_id")]
    pub help_channel_id: Option<NonZeroU64>,
}

impl Default for Discord {
    fn default() -> Self {
        Discord {
            dev_guild_id: None,
            admin_role_ids: Vec::new(),
            admin_user_ids: Vec::new(),
            ask_cooldown_secs: 5,
            auto_answer_channel_ids: Vec::new(),
            message_content_intent: false,
            application_id: None,
            shards: 0,
            shard_ids: None,
            follow_up_secs: 600,
            help_channel_id: None,
        }
    }
}

/// The gateway bot's own settings (besides `[discord]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Bot {
    /// Address of the bot's `/healthz` and `/metrics`; `None` (or `""`) = no such endpoint.
    #[serde(deserialize_with = "de::optional_addr")]
    pub health_listen: Option<SocketAddr>,
}

/// The HTTP server's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Serve {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How old a signed interaction may be, in seconds.
    pub signature_window_secs: u64,
    /// The Discord application's public key (hex); `DISCORD_PUBLIC_KEY` overrides it; `None`
    /// (or `""`) = none.
    #[serde(deserialize_with = "de::optional_text")]
    pub public_key: Option<String>,
    /// Seconds a client has to send a request's head, from connecting or from the last response.
    pub header_read_timeout_secs: u64,
    /// Seconds a client has to send a request's body once its head has arrived.
    pub body_read_timeout_secs: u64,
    /// Seconds a connection may stay open with no bytes moving either way.
    pub idle_timeout_secs: u64,
    /// Connections served at once; beyond it a new one gets a 503 and is closed.
    pub max_connections: usize,
    /// Connections served at once from one client address; 0 = no such limit.
    pub max_connections_per_address: usize,
    /// Completed connections the kernel holds until they are accepted (`listen(2)`'s backlog).
    pub listen_backlog: u32,
    /// Engine calls (answers, comparisons, commands) running at once; 0 = one per CPU.
    pub engine_threads: usize,
    /// Per-address request limits on `/api/*`.
    pub rate_limit: RateLimit,
    /// The address people reach this server at (`https://…` marks cookies `Secure`); `None` (or
    /// `""`) = unknown.
    #[serde(deserialize_with = "de::optional_text")]
    pub public_url: Option<String>,
    /// The admin page at `/admin`.
    pub admin: AdminPage,
}

/// The admin page's settings (`[serve.admin]`); the page is on only with `VERSUS_ADMIN_TOKEN`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminPage {
    /// Minutes a login lasts before the token must be given again.
    pub session_minutes: u64,
}

impl Default for AdminPage {
    fn default() -> Self {
        AdminPage {
            session_minutes: 60,
        }
    }
}

impl Default for Serve {
    fn default() -> Self {
        Serve {
            listen: SocketAddr::from(([127, 0, 0, 1], DEFAULT_LISTEN_PORT)),
            max_body_bytes: 64 * 1024,
            signature_window_secs: 300,
            public_key: None,
            header_read_timeout_secs: 10,
            body_read_timeout_secs: 10,
            idle_timeout_secs: 60,
            max_connections: 512,
            max_connections_per_address: 64,
            listen_backlog: 1024,
            engine_threads: 0,
            rate_limit: RateLimit::default(),
            public_url: None,
            admin: AdminPage::default(),
        }
    }
}

/// Per-client-address limits on the JSON API (`[serve.rate_limit]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimit {
    /// Off switch: false lets every address ask as fast as it likes.
    pub enabled: bool,
    /// Requests a second one address may make to `/api/*`, sustained.
    pub per_second: u32,
    /// Requests one address may make at once before the sustained rate applies.
    pub burst: u32,
    /// `POST /api/reindex` attempts (right or wrong token) one address may make a minute.
    pub admin_per_minute: u32,
    /// Proxies whose `X-Forwarded-For` names the client (its last address); empty = none.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            enabled: true,
            per_second: 20,
            burst: 40,
            admin_per_minute: 10,
            trusted_proxies: Vec::new(),
        }
    }
}

/// The question log's store (`[store]`): SQLite by default, PostgreSQL for replicas.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreSettings {
    /// The SQLite file, when no `database_url` is set.
    pub sqlite_path: PathBuf,
    /// `postgres://user@host/db` to share one store between processes; `None` (or `""`) = SQLite.
    /// `VERSUS_DATABASE_URL` overrides it; a password only ever comes from there.
    #[serde(deserialize_with = "de::optional_text")]
    pub database_url: Option<String>,
    /// Log every question answered through Discord and the HTTP API.
    pub record_questions: bool,
    /// Questions (and their votes) older than this many days are purged.
    pub retention_days: u32,
    /// Most questions kept; past it the oldest are pruned (0: no cap).
    pub max_rows: u64,
    /// A file whose first line is the voter / cooldown hash key (empty: none). Replicas on one
    /// PostgreSQL store must share a key: this file or `VERSUS_FEEDBACK_KEY` (which wins).
    pub feedback_key_file: PathBuf,
}

impl Default for StoreSettings {
    fn default() -> Self {
        StoreSettings {
            sqlite_path: PathBuf::from(versus_store::DEFAULT_SQLITE_PATH),
            database_url: None,
            record_questions: true,
            retention_days: versus_store::DEFAULT_RETENTION_DAYS,
            max_rows: versus_store::DEFAULT_MAX_ROWS,
            feedback_key_file: PathBuf::new(),
        }
    }
}

impl StoreSettings {
    /// The store's config: these settings, then `VERSUS_DATABASE_URL` and `VERSUS_FEEDBACK_KEY`.
    pub fn store_config(&self) -> versus_store::StoreConfig {
        versus_store::StoreConfig {
            database_url: self.database_url.clone(),
            sqlite_path: self.sqlite_path.clone(),
            record_questions: self.record_questions,
            retention_days: self.retention_days,
            max_rows: self.max_rows,
            feedback_key_file: (!self.feedback_key_file.as_os_str().is_empty())
                .then(|| self.feedback_key_file.clone()),
            ..versus_store::StoreConfig::default()
        }
        .with_env()
    }
}

/// Whether a database URL carries a password (`user:pass@` or a `password=` parameter).
fn url_has_password(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let in_userinfo = authority
        .rsplit_once('@')
        .is_some_and(|(user, _)| user.contains(':'));
    in_userinfo || url.to_ascii_lowercase().contains("password=")
}

/// Every setting.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where things are on disk.
    pub paths: Paths,
    /// The Discord bot.
    pub discord: Discord,
    /// The HTTP server.
    pub serve: Serve,
    /// The gateway bot's health endpoint.
    pub bot: Bot,
    /// The question log's store.
    pub store: StoreSettings,
    /// Importing articles from the web.
    pub import: Import,
}

/// Largest page `versus import URL` downloads: the importer reads articles up to 4 MB.
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 4 * 1024 * 1024;

/// `versus import URL` and `/import url:` (`[import]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Import {
    /// Hosts whose pages may be fetched (exact names, https only); empty: none.
    pub allowed_hosts: Vec<String>,
    /// Largest page `versus import URL` downloads (`/import` keeps its 1 MB limit).
    pub max_page_bytes: u64,
}

impl Default for Import {
    fn default() -> Self {
        Import {
            allowed_hosts: Vec::new(),
            max_page_bytes: DEFAULT_MAX_PAGE_BYTES,
        }
    }
}

/// Keys that hold secrets, and where those secrets belong instead.
const SECRET_KEYS: &[(&str, &str)] = &[
    ("token", "DISCORD_TOKEN"),
    ("discord_token", "DISCORD_TOKEN"),
    ("bot_token", "DISCORD_TOKEN"),
    ("admin_token", "VERSUS_ADMIN_TOKEN"),
    ("versus_admin_token", "VERSUS_ADMIN_TOKEN"),
    ("client_secret", "DISCORD_CLIENT_SECRET"),
];

impl Config {
    /// Reads `path`; a missing file gives the defaults. Relative paths in it are taken relative
    /// to the file's directory. Then applies `VERSUS_*` overrides.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let mut config = match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let base = path.parent().unwrap_or(Path::new(""));
        config.paths.faq = base.join(&config.paths.faq);
        config.paths.index = base.join(&config.paths.index);
        config.store.sqlite_path = base.join(&config.store.sqlite_path);
        config.apply_env()?;
        Ok(config)
    }

    /// Parses config text (`path` only names it in messages).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        if let Some((line, key, env)) = secret_line(text) {
            return Err(ConfigError::SecretInFile {
                path: path.to_path_buf(),
                line,
                key,
                env,
            });
        }
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            message: e.to_string().trim().to_string(),
        })?;
        if config
            .store
            .database_url
            .as_deref()
            .is_some_and(url_has_password)
        {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("database_url"))
                .map_or(0, |i| i + 1);
            return Err(ConfigError::SecretInFile {
                path: path.to_path_buf(),
                line,
                key: "database_url (with a password)".to_string(),
                env: "VERSUS_DATABASE_URL",
            });
        }
        Ok(config)
    }

    fn apply_env(&mut self) -> Result<(), ConfigError> {
        if let Ok(v) = std::env::var("VERSUS_FAQ") {
            self.paths.faq = PathBuf::from(v);
        }
        if let Ok(v) = std::env::var("VERSUS_INDEX") {
            self.paths.index = PathBuf::from(v);
        }
        if let Ok(v) = std::env::var("VERSUS_LISTEN") {
            self.serve.listen = env_addr("VERSUS_LISTEN", &v)?;
        }
        if let Ok(v) = std::env::var("VERSUS_BOT_HEALTH_LISTEN") {
            self.bot.health_listen = match v.trim() {
                "" => None,
                text => Some(env_addr("VERSUS_BOT_HEALTH_LISTEN", text)?),
            };
        }
        Ok(())
    }
}

/// The port `versus serve` listens on by default (on loopback).
pub const DEFAULT_LISTEN_PORT: u16 = 8080;

/// An address from the environment variable `name`.
fn env_addr(name: &'static str, text: &str) -> Result<SocketAddr, ConfigError> {
    text.trim().parse().map_err(|_| ConfigError::Env {
        name,
        message: format!("{text:?} is not an address like \"127.0.0.1:8080\""),
    })
}

/// Deserializers for settings whose "unset" used to be `0` or `""`: the key is named by the
/// TOML error (its line and column), the message says what the value must be.
mod de {
    use std::net::SocketAddr;
    use std::num::NonZeroU64;

    use serde::de::{self, Deserializer, Visitor};
    use serde::Deserialize;

    use crate::gateway::shards::ShardIds;

    struct DiscordId;

    impl<'de> Visitor<'de> for DiscordId {
        type Value = NonZeroU64;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a Discord id: a non-zero number (leave the key out for none)")
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<NonZeroU64, E> {
            NonZeroU64::new(v).ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<NonZeroU64, E> {
            u64::try_from(v)
                .ok()
                .and_then(NonZeroU64::new)
                .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<NonZeroU64, E> {
            // Discord's own JSON gives ids as strings, so a copied "123…" is read too.
            v.trim()
                .parse::<u64>()
                .ok()
                .and_then(NonZeroU64::new)
                .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }

    /// A Discord id (a number, or a string of digits); 0 is refused: leaving the key out is "none".
    pub fn discord_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NonZeroU64>, D::Error> {
        d.deserialize_any(DiscordId).map(Some)
    }

    /// Text where `""` (the old "unset") is `None`.
    pub fn optional_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let text = String::deserialize(d)?;
        let text = text.trim();
        Ok((!text.is_empty()).then(|| text.to_string()))
    }

    /// An address like `"127.0.0.1:9091"`; `""` (the old "off") is `None`.
    pub fn optional_addr<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SocketAddr>, D::Error> {
        match String::deserialize(d)?.trim() {
            "" => Ok(None),
            text => text.parse().map(Some).map_err(|_| {
                de::Error::custom(format!(
                    "{text:?} is not an address like \"127.0.0.1:9091\" (an IP and a port)"
                ))
            }),
        }
    }

    /// Shard ids `"A-B"` or `"A"`; `""` (the old "all") is `None`.
    pub fn shard_ids<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ShardIds>, D::Error> {
        ShardIds::parse_setting(&String::deserialize(d)?).map_err(de::Error::custom)
    }
}

fn secret_line(text: &str) -> Option<(usize, String, &'static str)> {
    for (i, line) in text.lines().enumerate() {
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().trim_matches('"').to_ascii_lowercase();
        if key.starts_with('#') {
            continue;
        }
        if let Some((_, env)) = SECRET_KEYS.iter().find(|(k, _)| *k == key) {
            return Some((i + 1, key, env));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_in_the_file_is_refused_without_echoing_it() {
        let err = Config::parse(
            "[discord]\ntoken = \"abc.def.ghi\"\n",
            Path::new("config.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("config.toml:2"), "{err}");
        assert!(err.contains("DISCORD_TOKEN"), "{err}");
        assert!(!err.contains("abc.def.ghi"), "{err}");
    }

    #[test]
    fn secrets_print_redacted() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?} {s}"), "<redacted> <redacted>");
    }

    #[test]
    fn the_shipped_config_file_documents_the_defaults() {
        let text = include_str!("../config.toml");
        let shipped = Config::parse(text, Path::new("config.toml")).unwrap();
        let defaults = Config::default();
        assert_eq!(
            format!("{:?}", shipped.serve),
            format!("{:?}", defaults.serve)
        );
        for key in [
            "header_read_timeout_secs",
            "body_read_timeout_secs",
            "idle_timeout_secs",
            "max_connections",
            "engine_threads",
            "[serve.rate_limit]",
            "admin_per_minute",
            "trusted_proxies",
            "public_url",
            "[serve.admin]",
            "session_minutes",
        ] {
            assert!(text.contains(key), "config.toml does not document {key}");
        }
    }

    #[test]
    fn the_shipped_config_toml_has_the_follow_up_and_help_channel_defaults() {
        let c = Config::parse(include_str!("../config.toml"), Path::new("config.toml")).unwrap();
        let d = Discord::default();
        assert_eq!(c.discord.follow_up_secs, d.follow_up_secs);
        assert_eq!(c.discord.follow_up_secs, 600);
        assert_eq!(c.discord.help_channel_id, None);
    }

    #[test]
    fn the_shipped_config_toml_has_the_shard_and_health_defaults() {
        let c = Config::parse(include_str!("../config.toml"), Path::new("config.toml")).unwrap();
        let d = Config::default();
        assert_eq!(c.discord.shards, d.discord.shards);
        assert_eq!(c.discord.shard_ids, d.discord.shard_ids);
        assert_eq!(c.discord.application_id, d.discord.application_id);
        assert_eq!(c.bot.health_listen, d.bot.health_listen);
    }

    #[test]
    fn a_database_password_in_the_file_is_refused_without_echoing_it() {
        for url in [
            "postgres://versus:hunter2@db/versus",
            "postgres://versus@db/versus?password=hunter2",
        ] {
            let text = format!("[store]\nrecord_questions = true\ndatabase_url = \"{url}\"\n");
            let err = Config::parse(&text, Path::new("config.toml"))
                .unwrap_err()
                .to_string();
            assert!(err.contains("config.toml:3"), "{err}");
            assert!(err.contains("VERSUS_DATABASE_URL"), "{err}");
            assert!(!err.contains("hunter2"), "{err}");
        }
        let ok = Config::parse(
            "[store]\ndatabase_url = \"postgres://versus@db:5432/versus\"\nretention_days = 7\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(ok.store.retention_days, 7);
        assert!(ok.store.record_questions);
    }

    /// The error `text` gives as a config file, as a string.
    fn invalid(text: &str) -> String {
        Config::parse(text, Path::new("c.toml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn discord_ids_are_non_zero_numbers_and_a_zero_names_its_key() {
        let c = Config::parse(
            "[discord]\ndev_guild_id = 290926798626357999\napplication_id = \"111111111111111111\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.discord.dev_guild_id, NonZeroU64::new(290926798626357999));
        assert_eq!(
            c.discord.application_id,
            NonZeroU64::new(111111111111111111)
        );
        assert_eq!(c.discord.help_channel_id, None);
        for key in ["dev_guild_id", "application_id", "help_channel_id"] {
            for bad in ["0", "-5", "\"abc\"", "\"\"", "1.5"] {
                let err = invalid(&format!("[discord]\n{key} = {bad}\n"));
                assert!(err.contains(key), "{key} = {bad}: {err}");
                assert!(err.contains("non-zero number"), "{key} = {bad}: {err}");
            }
        }
    }

    #[test]
    fn listen_addresses_are_socket_addresses_and_empty_health_listen_is_off() {
        let c = Config::parse(
            "[serve]\nlisten = \"0.0.0.0:80\"\n[bot]\nhealth_listen = \" 127.0.0.1:9091 \"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.serve.listen, SocketAddr::from(([0, 0, 0, 0], 80)));
        assert_eq!(
            c.bot.health_listen,
            Some(SocketAddr::from(([127, 0, 0, 1], 9091)))
        );
        let off = Config::parse("[bot]\nhealth_listen = \"\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(off.bot.health_listen, None);
        assert_eq!(Config::default().bot.health_listen, None);
        assert_eq!(Config::default().serve.listen.to_string(), "127.0.0.1:8080");
        for (section, key) in [("serve", "listen"), ("bot", "health_listen")] {
            for bad in [
                "\"localhost\"",
                "\"127.0.0.1\"",
                "\"1.2.3.4:99999\"",
                "8080",
            ] {
                let err = invalid(&format!("[{section}]\n{key} = {bad}\n"));
                assert!(err.contains(key), "{key} = {bad}: {err}");
            }
        }
    }

    #[test]
    fn an_environment_address_that_does_not_parse_names_the_variable() {
        assert_eq!(
            env_addr("VERSUS_LISTEN", " 127.0.0.1:1 ").unwrap(),
            SocketAddr::from(([127, 0, 0, 1], 1))
        );
        let err = env_addr("VERSUS_BOT_HEALTH_LISTEN", "nowhere")
            .unwrap_err()
            .to_string();
        assert!(err.contains("VERSUS_BOT_HEALTH_LISTEN"), "{err}");
        assert!(err.contains("\"nowhere\""), "{err}");
    }

    #[test]
    fn shard_ids_are_read_once_and_bad_ones_name_the_key() {
        let c = Config::parse(
            "[discord]\nshards = 4\nshard_ids = \"2-3\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.discord.shard_ids, Some(ShardIds { first: 2, last: 3 }));
        let one = Config::parse("[discord]\nshard_ids = \"1\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(one.discord.shard_ids, Some(ShardIds { first: 1, last: 1 }));
        let all = Config::parse("[discord]\nshard_ids = \"\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(all.discord.shard_ids, None);
        for (bad, says) in [
            ("3-1", "backwards"),
            ("x", "not a range"),
            ("1-y", "not a range"),
        ] {
            let err = invalid(&format!("[discord]\nshard_ids = \"{bad}\"\n"));
            assert!(err.contains("shard_ids"), "{bad}: {err}");
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn empty_text_settings_are_unset_and_given_ones_are_trimmed() {
        let empty = Config::parse(
            "[serve]\npublic_url = \"\"\npublic_key = \" \"\n[store]\ndatabase_url = \"\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(empty.serve.public_url, None);
        assert_eq!(empty.serve.public_key, None);
        assert_eq!(empty.store.database_url, None);
        let set = Config::parse(
            "[serve]\npublic_url = \" https://v.example.org \"\npublic_key = \"ab12\"\n[store]\ndatabase_url = \"postgres://versus@db/versus\"\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(
            set.serve.public_url.as_deref(),
            Some("https://v.example.org")
        );
        assert_eq!(set.serve.public_key.as_deref(), Some("ab12"));
        assert_eq!(
            set.store.database_url.as_deref(),
            Some("postgres://versus@db/versus")
        );
        let err = invalid("[serve]\npublic_url = 5\n");
        assert!(err.contains("public_url"), "{err}");
    }

    #[test]
    fn unknown_keys_are_reported() {
        let err = Config::parse("[paths]\nfaqs = \"x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().contains("faqs"), "{err}");
    }
}
