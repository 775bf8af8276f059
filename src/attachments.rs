//! Downloading `/import`'s attachment for the command layer: reqwest on the service's own
//! runtime, only from the hosts the protocol's rules allow, with redirects off (a redirect could
//! leave those hosts), a timeout, and the byte limit enforced from the declared length and again
//! while reading.

use std::sync::mpsc;
use std::time::Duration;

use tokio::runtime::Handle;
use versus_discord::attachment::{Attachments, FetchError, Hosts, Refusal};

/// The longest one download may take: a megabyte from Discord's CDN takes well under a second,
/// and a stalled host must not hold an admin's command (and a blocking thread) for long.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(20);
/// Extra wait for the download task's answer past its own timeout, so the task (not this
/// wait) is what normally times out and says why.
const ANSWER_GRACE: Duration = Duration::from_secs(2);

/// Downloads attachments with a shared client on the runtime that was current when it was made
/// (or the caller's).
#[derive(Debug)]
pub struct Downloader {
    hosts: Hosts,
    client: reqwest::Client,
    runtime: Option<Handle>,
}

impl Downloader {
    /// A downloader fetching only from `hosts`.
    pub fn new(hosts: Hosts) -> Downloader {
        Downloader {
            hosts,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(DOWNLOAD_TIMEOUT)
                .build()
                .unwrap_or_default(),
            runtime: Handle::try_current().ok(),
        }
    }
}

impl Attachments for Downloader {
    /// Runs the download as a task on the runtime and waits for it on this thread: slow
    /// commands run on a blocking thread, and unlike `Handle::block_on` this cannot panic if
    /// it is ever called from the runtime's own threads.
    fn fetch(&self, url: &str, max_bytes: u64) -> Result<Vec<u8>, FetchError> {
        let url = self.hosts.check(url)?;
        let runtime = Handle::try_current()
            .ok()
            .or_else(|| self.runtime.clone())
            .ok_or(FetchError::Unavailable)?;
        let (tx, rx) = mpsc::channel();
        let client = self.client.clone();
        runtime.spawn(async move {
            let _ = tx.send(download(&client, url, max_bytes).await);
        });
        rx.recv_timeout(DOWNLOAD_TIMEOUT + ANSWER_GRACE)
            .unwrap_or(Err(FetchError::Timeout))
    }
}

/// The body at `url`, refused as soon as it is known to pass `max_bytes`.
async fn download(
    client: &reqwest::Client,
    url: reqwest::Url,
    max_bytes: u64,
) -> Result<Vec<u8>, FetchError> {
    let mut response = client.get(url).send().await.map_err(network)?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status(status.as_u16()));
    }
    let too_large = |size: u64| {
        FetchError::Refused(Refusal::TooLarge {
            size,
            limit: max_bytes,
        })
    };
    if let Some(declared) = response.content_length().filter(|&n| n > max_bytes) {
        return Err(too_large(declared));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(network)? {
        let read = (body.len() + chunk.len()) as u64;
        if read > max_bytes {
            return Err(too_large(read));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// reqwest's error without the URL (it carries the CDN's signed query string).
fn network(e: reqwest::Error) -> FetchError {
    if e.is_timeout() {
        FetchError::Timeout
    } else {
        FetchError::Network(e.without_url().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::{IntoResponse, Redirect};
    use axum::routing::get;

    /// A loopback host: `/small` (5 bytes), `/large` (2 KB, with its length), `/moved` (302).
    async fn host() -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/small", get(|| async { "hello" }))
            .route("/large", get(|| async { vec![b'x'; 2048].into_response() }))
            .route("/moved", get(|| async { Redirect::temporary("/small") }));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        base
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn downloads_keep_to_the_hosts_the_limit_and_refuse_redirects() {
        let base = host().await;
        let downloader = Downloader::new(Hosts::with_api_base(Some(&base)));
        let fetch = |path: &str, max: u64| {
            let url = format!("{base}{path}");
            let d = &downloader;
            std::thread::scope(|s| s.spawn(move || d.fetch(&url, max)).join().unwrap())
        };
        assert_eq!(fetch("/small", 5).unwrap(), b"hello");
        assert!(matches!(
            fetch("/large", 1024),
            Err(FetchError::Refused(Refusal::TooLarge {
                size: 2048,
                limit: 1024
            }))
        ));
        assert!(matches!(
            fetch("/moved", 1024),
            Err(FetchError::Status(307))
        ));
        let elsewhere = Downloader::new(Hosts::discord());
        assert!(matches!(
            elsewhere.fetch(&format!("{base}/small"), 5),
            Err(FetchError::Refused(Refusal::Host))
        ));
    }
}
