//! A file attached to a slash command (`/import`'s article): what Discord says about it, the
//! rules it must pass before and while it is downloaded (where from, what kind, how big), and
//! the [`Attachments`] trait the binary implements to download it. The rules are pure so both
//! the command layer (before asking) and the downloader (before connecting) apply the same ones.

use url::Url;

/// Largest article `/import` downloads: the seed articles are 30–120 KB of HTML, so 1 MB is
/// generous for prose and small enough to hold in memory per request.
pub const MAX_IMPORT_BYTES: u64 = 1024 * 1024;
/// The hosts Discord serves attachments from.
pub const DISCORD_ATTACHMENT_HOSTS: &[&str] = &["cdn.discordapp.com", "media.discordapp.net"];
/// The file name endings `/import` reads (the importer's HTML, markdown and text formats).
pub const IMPORT_EXTENSIONS: &[&str] = &["html", "htm", "md", "markdown", "txt"];

/// A file attached to an interaction, from `data.resolved.attachments`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name the user uploaded (Discord's, not a path).
    pub filename: String,
    /// The size Discord declares, in bytes.
    pub size: u64,
    /// Where Discord serves it.
    pub url: String,
    /// The MIME type Discord guessed, when it did.
    pub content_type: Option<String>,
}

/// Why an attachment is not downloaded. The texts are for the admin who attached it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The file name does not end in one of [`IMPORT_EXTENSIONS`].
    #[error(
        "`{0}` is not an article I can read: attach a .html, .htm, .md, .markdown or .txt file"
    )]
    Extension(String),
    /// Declared or read, the file is over the limit.
    #[error("the file is over the limit of {limit} bytes (at least {size} bytes)")]
    TooLarge {
        /// Its size (or as much as was read before stopping).
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The URL is not on an attachment host versus trusts (nor an allowed page host).
    #[error("the address is not on Discord's attachment hosts or the hosts allowed for imports (`[import] allowed_hosts`), so I won't fetch it")]
    Host,
    /// A Discord host over plain http.
    #[error("the file's address is not https, so I won't fetch it")]
    NotHttps,
    /// Not a URL at all.
    #[error("the file's address is not a URL I can fetch")]
    BadUrl,
}

/// Where attachments may be downloaded from: Discord's hosts over https, and the origin of
/// `DISCORD_API_BASE` when one is set (the tests' stand-in serves attachments there).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hosts {
    /// Scheme, host and port of the API base standing in for Discord.
    stand_in: Option<(String, String, Option<u16>)>,
    /// Hosts (lowercase) whose pages `/import url:` and `versus import URL` may fetch, over
    /// https only: `[import] allowed_hosts`.
    pages: Vec<String>,
}

impl Hosts {
    /// Discord's hosts only.
    pub fn discord() -> Hosts {
        Hosts::default()
    }

    /// Discord's hosts and `api_base`'s origin (ignored when it is not a URL).
    pub fn with_api_base(api_base: Option<&str>) -> Hosts {
        let stand_in = api_base
            .and_then(|b| Url::parse(b.trim()).ok())
            .and_then(|u| {
                let host = u.host_str()?.to_ascii_lowercase();
                Some((u.scheme().to_string(), host, u.port_or_known_default()))
            });
        Hosts {
            stand_in,
            pages: Vec::new(),
        }
    }

    /// These hosts and also `pages` (host names, matched exactly, case aside), over https.
    pub fn with_pages<S: AsRef<str>>(mut self, pages: &[S]) -> Hosts {
        self.pages = pages
            .iter()
            .map(|h| h.as_ref().trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
        self
    }

    /// Whether `url` may be fetched: parsed as the HTTP client parses it, without user info,
    /// on a Discord host over https (default port), or on the API base's exact origin.
    pub fn check(&self, url: &str) -> Result<Url, Refusal> {
        let parsed = Url::parse(url).map_err(|_| Refusal::BadUrl)?;
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(Refusal::BadUrl);
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Refusal::Host);
        }
        let host = parsed
            .host_str()
            .ok_or(Refusal::BadUrl)?
            .to_ascii_lowercase();
        if let Some((scheme, base_host, port)) = &self.stand_in {
            if *base_host == host
                && parsed.scheme() == scheme
                && parsed.port_or_known_default() == *port
            {
                return Ok(parsed);
            }
        }
        let page = self.pages.contains(&host);
        if !DISCORD_ATTACHMENT_HOSTS.contains(&host.as_str()) && !page {
            return Err(Refusal::Host);
        }
        if parsed.scheme() != "https" {
            return Err(Refusal::NotHttps);
        }
        if parsed.port().is_some_and(|p| p != 443) {
            return Err(Refusal::Host);
        }
        Ok(parsed)
    }
}

/// What can be told from the attachment before downloading it: its kind by name, its declared
/// size. The host is the downloader's to check, with its [`Hosts`].
pub fn precheck(a: &Attachment) -> Result<(), Refusal> {
    let ext = a
        .filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !IMPORT_EXTENSIONS.contains(&ext.as_str()) {
        return Err(Refusal::Extension(a.filename.clone()));
    }
    if a.size > MAX_IMPORT_BYTES {
        return Err(Refusal::TooLarge {
            size: a.size,
            limit: MAX_IMPORT_BYTES,
        });
    }
    Ok(())
}

/// Why a download did not give the file.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// A rule refused it (host, scheme, size while reading).
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// It did not arrive in time.
    #[error("the download timed out")]
    Timeout,
    /// The host answered with an error status.
    #[error("the download failed with HTTP status {0}")]
    Status(u16),
    /// The connection failed.
    #[error("the download failed: {0}")]
    Network(String),
    /// This process has no way to download (no async runtime to run the client on).
    #[error("downloading attachments is not available here")]
    Unavailable,
}

/// Downloads attachments for the command layer, which is synchronous and has no HTTP client:
/// the binary implements it. `fetch` blocks (it is called from slow commands, which run on a
/// blocking thread), checks `url` against its [`Hosts`] before connecting, and stops reading
/// past `max_bytes` with [`Refusal::TooLarge`].
pub trait Attachments: Send + Sync + std::fmt::Debug {
    /// The bytes at `url`, at most `max_bytes` of them.
    fn fetch(&self, url: &str, max_bytes: u64) -> Result<Vec<u8>, FetchError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, size: u64) -> Attachment {
        Attachment {
            filename: name.to_string(),
            size,
            url: format!("https://cdn.discordapp.com/attachments/1/2/{name}"),
            content_type: None,
        }
    }

    #[test]
    fn only_article_extensions_within_the_declared_limit_pass() {
        for ok in ["a.html", "a.HTM", "post.md", "x.markdown", "notes.txt"] {
            assert_eq!(precheck(&file(ok, 10)), Ok(()), "{ok}");
        }
        for bad in ["a.pdf", "a.html.exe", "README", "a.", ".md.zip", "x.toml"] {
            assert_eq!(
                precheck(&file(bad, 10)),
                Err(Refusal::Extension(bad.to_string())),
                "{bad}"
            );
        }
        assert_eq!(precheck(&file("a.md", MAX_IMPORT_BYTES)), Ok(()));
        assert_eq!(
            precheck(&file("a.md", MAX_IMPORT_BYTES + 1)),
            Err(Refusal::TooLarge {
                size: MAX_IMPORT_BYTES + 1,
                limit: MAX_IMPORT_BYTES
            })
        );
    }

    #[test]
    fn discords_hosts_are_fetched_over_https_only() {
        let hosts = Hosts::discord();
        for ok in [
            "https://cdn.discordapp.com/attachments/1/2/a.md?ex=1&is=2&hm=3",
            "https://media.discordapp.net/attachments/1/2/a.html",
            "https://CDN.DiscordApp.com:443/attachments/1/2/a.txt",
        ] {
            assert!(hosts.check(ok).is_ok(), "{ok}");
        }
        let cases = [
            ("http://cdn.discordapp.com/a.md", Refusal::NotHttps),
            ("https://cdn.discordapp.com:8443/a.md", Refusal::Host),
            ("https://evil.example/a.md", Refusal::Host),
            (
                "https://cdn.discordapp.com.evil.example/a.md",
                Refusal::Host,
            ),
            (
                "https://cdn.discordapp.com@evil.example/a.md",
                Refusal::Host,
            ),
            ("https://x:y@cdn.discordapp.com/a.md", Refusal::Host),
            ("https://127.0.0.1/a.md", Refusal::Host),
            ("file:///etc/passwd", Refusal::BadUrl),
            ("ftp://cdn.discordapp.com/a.md", Refusal::BadUrl),
            ("not a url", Refusal::BadUrl),
        ];
        for (url, want) in cases {
            assert_eq!(hosts.check(url).err(), Some(want), "{url}");
        }
    }

    #[test]
    fn the_api_base_origin_is_allowed_exactly() {
        let hosts = Hosts::with_api_base(Some("http://127.0.0.1:4000"));
        assert!(hosts
            .check("http://127.0.0.1:4000/attachments/1/2/a.md")
            .is_ok());
        for other in [
            "http://127.0.0.1:4001/attachments/a.md",
            "http://localhost:4000/attachments/a.md",
            "https://127.0.0.1:4000/attachments/a.md",
        ] {
            assert_eq!(hosts.check(other).err(), Some(Refusal::Host), "{other}");
        }
        // Discord's own hosts stay allowed beside it, and still over https only.
        assert!(hosts.check("https://cdn.discordapp.com/a.md").is_ok());
        assert_eq!(
            hosts.check("http://cdn.discordapp.com/a.md").err(),
            Some(Refusal::NotHttps)
        );
        assert_eq!(Hosts::with_api_base(Some("not a url")), Hosts::discord());
    }

    #[test]
    fn allowed_page_hosts_are_fetched_over_https_on_the_default_port_only() {
        let hosts = Hosts::discord().with_pages(&["Blog.Example.com", " "]);
        assert!(hosts
            .check("https://blog.example.com/tf-vs-pt.html")
            .is_ok());
        assert!(hosts.check("https://BLOG.example.com:443/x").is_ok());
        let cases = [
            ("http://blog.example.com/x", Refusal::NotHttps),
            ("https://blog.example.com:8443/x", Refusal::Host),
            ("https://evil.blog.example.com/x", Refusal::Host),
            ("https://blog.example.com.evil.example/x", Refusal::Host),
            ("https://u:p@blog.example.com/x", Refusal::Host),
            ("https://example.com/x", Refusal::Host),
        ];
        for (url, want) in cases {
            assert_eq!(hosts.check(url).err(), Some(want), "{url}");
        }
        // Discord's hosts stay as they were.
        assert!(hosts.check("https://cdn.discordapp.com/a.md").is_ok());
    }
}
