//! The accept loop of `versus serve`, over hyper-util instead of `axum::serve`, because axum's
//! loop has no knobs: here a request's head must arrive within the header timeout (hyper's own
//! timer, which also runs while a kept-alive connection waits for its next request), a
//! connection with no bytes moving either way for the idle timeout is closed, and at most
//! `max_connections` are served at once, at most `max_connections_per_address` of them from one
//! client address; beyond that a newcomer gets a short 503 and is closed rather than left
//! waiting in the kernel's backlog, which [`bind`] sizes. Graceful shutdown as before: stop
//! accepting, let requests in flight finish, close idle connections.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

use crate::config;

/// Refusals being written at once; past it the accept loop waits (at most [`REFUSAL_TIME`])
/// for one to finish, leaving the rest of a flood in the listen backlog rather than closing
/// them unanswered. Each refusal lives at most [`REFUSAL_TIME`], so this bounds their cost.
const MAX_REFUSALS: usize = 64;

/// How long a refusal may take to write before the connection is dropped.
const REFUSAL_TIME: Duration = Duration::from_millis(500);

/// After a failed accept (out of descriptors), wait this long: the error repeats at once
/// otherwise, and a busy loop would starve the connections that could free descriptors.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// What every connection is held to.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Time to send a request's head.
    pub header_read: Duration,
    /// Time with no bytes moving before a connection is closed.
    pub idle: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Connections served at once from one client address (IPv6 by /64); 0 = no such limit.
    pub max_connections_per_address: usize,
}

impl Bounds {
    /// The bounds of `[serve]`.
    pub fn new(serve: &config::Serve) -> Bounds {
        Bounds {
            header_read: Duration::from_secs(serve.header_read_timeout_secs.max(1)),
            idle: Duration::from_secs(serve.idle_timeout_secs.max(1)),
            max_connections: serve.max_connections.max(1),
            max_connections_per_address: serve.max_connections_per_address,
        }
    }
}

/// The 503 an over-cap connection gets, whole, before it is closed.
const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
content-length: 45\r\nretry-after: 1\r\nconnection: close\r\n\r\n\
{\"error\":\"too many connections; retry later\"}";

/// Listens on `addr` (the first of its addresses that binds) with room for `backlog`
/// connections the kernel has completed but the loop has not accepted yet; `TcpListener::bind`
/// allows 128, and a burst past that was dropped by the kernel before versus could answer it.
/// The kernel caps it at `net.core.somaxconn`.
pub async fn bind(addr: &str, backlog: u32) -> io::Result<TcpListener> {
    let mut last = None;
    for addr in tokio::net::lookup_host(addr).await? {
        match bind_one(addr, backlog) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no address")))
}

/// Binds and listens on one address, reusing it as `TcpListener::bind` does.
fn bind_one(addr: SocketAddr, backlog: u32) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(backlog.max(1))
}

/// Connections open per client address, so that one address cannot take every slot. Trusted
/// proxies are exempt: every client behind them shares their address.
#[derive(Debug)]
pub struct PerAddress {
    limit: usize,
    exempt: Vec<IpAddr>,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One connection's place in its address's count, given back when dropped.
#[derive(Debug)]
struct AddressSlot {
    owner: Arc<PerAddress>,
    key: IpAddr,
}

impl PerAddress {
    /// At most `limit` connections an address (0 = no limit), none for the `exempt` addresses.
    pub fn new(limit: usize, exempt: Vec<IpAddr>) -> Arc<PerAddress> {
        Arc::new(PerAddress {
            limit,
            exempt,
            open: Mutex::default(),
        })
    }

    /// A place for one more connection from `peer`; `None` when it already has its share.
    /// `Some(None)`: not counted (no limit, or an exempt address).
    fn admit(self: &Arc<Self>, peer: IpAddr) -> Option<Option<AddressSlot>> {
        if self.limit == 0 || self.exempt.contains(&peer) {
            return Some(None);
        }
        let key = super::limit::block(peer);
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let count = open.entry(key).or_insert(0);
        if *count >= self.limit {
            return None;
        }
        *count += 1;
        Some(Some(AddressSlot {
            owner: self.clone(),
            key,
        }))
    }

    /// Addresses with a connection open now.
    pub fn addresses(&self) -> usize {
        self.open.lock().map_or(0, |o| o.len())
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut open = self.owner.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = open.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// Accepts on `listener` until `stopping` turns true, serving each connection with `app`; then
/// asks every connection to finish and waits for them, without bound (the caller bounds it).
pub async fn accept_loop(
    listener: TcpListener,
    app: Router,
    bounds: Bounds,
    per_address: Arc<PerAddress>,
    mut stopping: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(bounds.max_connections));
    let refusals = Arc::new(Semaphore::new(MAX_REFUSALS));
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(bounds.header_read);
    builder.http2().timer(TokioTimer::new());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    tracing::debug!(error = %e, "accept failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = stopped(&mut stopping) => break,
        };
        // The address's share first, so a connection over it takes no slot of the cap.
        let Some(address_slot) = per_address.admit(peer.ip()) else {
            tracing::debug!("connection refused: its address has its share of connections");
            refuse(stream, &refusals).await;
            continue;
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::debug!("connection refused: at the connection cap");
            refuse(stream, &refusals).await;
            continue;
        };
        let service = service(app.clone(), peer);
        let builder = builder.clone();
        let stopping = stopping.clone();
        tokio::spawn(async move {
            serve_one(stream, service, builder, bounds.idle, stopping).await;
            drop(slot);
            drop(address_slot);
        });
    }
    drop(listener);
    // Every slot back means every connection has finished.
    let _ = slots.acquire_many(bounds.max_connections as u32).await;
}

/// Completes once the server is stopping.
async fn stopped(stopping: &mut watch::Receiver<bool>) {
    // A closed channel means the server is gone: stopping too.
    let _ = stopping.wait_for(|s| *s).await;
}

/// The router as a hyper service for one connection, with the peer's address for the limits.
fn service(
    app: Router,
    peer: SocketAddr,
) -> impl hyper::service::Service<
    hyper::Request<Incoming>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Future<Output = Result<axum::response::Response, std::convert::Infallible>> + Send,
> + Clone {
    hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        app.clone().oneshot(request)
    })
}

/// Serves one connection until it ends, is idle too long, or the server stops.
async fn serve_one<S>(
    stream: TcpStream,
    service: S,
    builder: Builder<TokioExecutor>,
    idle: Duration,
    mut stopping: watch::Receiver<bool>,
) where
    S: hyper::service::Service<
            hyper::Request<Incoming>,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
        > + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let activity = Activity::new();
    let io = TokioIo::new(Tracked {
        inner: stream,
        activity: activity.clone(),
    });
    let mut conn = pin!(builder.serve_connection_with_upgrades(io, service));
    let mut closing = false;
    loop {
        let deadline = activity.last() + idle;
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended");
                }
                return;
            }
            () = tokio::time::sleep_until(deadline.into()), if !closing => {
                if activity.last() + idle <= Instant::now() {
                    tracing::debug!("idle connection closed");
                    conn.as_mut().graceful_shutdown();
                    closing = true;
                }
            }
            () = stopped(&mut stopping), if !closing => {
                conn.as_mut().graceful_shutdown();
                closing = true;
            }
        }
    }
}

/// Writes the 503 to an over-cap connection and closes it; when too many refusals are being
/// written already, waits for one to finish, and only past [`REFUSAL_TIME`] just closes it.
async fn refuse(mut stream: TcpStream, refusals: &Arc<Semaphore>) {
    let waited = tokio::time::timeout(REFUSAL_TIME, refusals.clone().acquire_owned()).await;
    let Ok(Ok(permit)) = waited else {
        return;
    };
    tokio::spawn(async move {
        let _permit = permit;
        let _ = tokio::time::timeout(REFUSAL_TIME, async {
            stream.write_all(REFUSAL).await?;
            stream.shutdown().await?;
            // Read what the client sent so closing does not reset the connection under the
            // refusal before the client has read it.
            let mut sink = [0u8; 4096];
            loop {
                use tokio::io::AsyncReadExt;
                if stream.read(&mut sink).await? == 0 {
                    return Ok::<(), io::Error>(());
                }
            }
        })
        .await;
    });
}

/// When bytes last moved on a connection, in milliseconds since it opened.
#[derive(Debug, Clone)]
struct Activity {
    opened: Instant,
    last_ms: Arc<AtomicU64>,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            opened: Instant::now(),
            last_ms: Arc::default(),
        }
    }

    fn touch(&self) {
        let ms = self.opened.elapsed().as_millis() as u64;
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.opened + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }
}

/// A stream that records when bytes last moved.
struct Tracked {
    inner: TcpStream,
    activity: Activity,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        poll
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        poll
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_share_and_gives_it_back() {
        let per = PerAddress::new(2, vec!["10.0.0.9".parse().unwrap()]);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let first = per.admit(a).unwrap();
        let second = per.admit(a).unwrap();
        assert!(per.admit(a).is_none(), "a third from one address");
        assert!(per.admit("10.0.0.2".parse().unwrap()).is_some());
        let v6 = |s: &str| s.parse::<IpAddr>().unwrap();
        let _x = per.admit(v6("2001:db8:1:2::1")).unwrap();
        let _y = per.admit(v6("2001:db8:1:2::2")).unwrap();
        assert!(per.admit(v6("2001:db8:1:2::3")).is_none(), "v6 by /64");
        for _ in 0..10 {
            assert!(per.admit("10.0.0.9".parse().unwrap()).is_some(), "exempt");
        }
        drop(first);
        assert!(per.admit(a).is_some(), "a slot given back is usable");
        drop(second);
        assert_eq!(per.addresses(), 1, "only the v6 block still counted");
    }

    #[tokio::test]
    async fn connections_past_128_wait_in_the_configured_backlog() {
        // Nothing accepts: every connection the kernel completes waits in the backlog. With
        // `TcpListener::bind`'s 128 the rest time out in SYN retries.
        const CONNECTIONS: usize = 300;
        let listener = bind("127.0.0.1:0", 512).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let attempts = (0..CONNECTIONS)
            .map(|_| tokio::time::timeout(Duration::from_secs(3), TcpStream::connect(addr)));
        let results = futures_util::future::join_all(attempts).await;
        let connected = results.iter().filter(|r| matches!(r, Ok(Ok(_)))).count();
        assert_eq!(connected, CONNECTIONS);
        drop(listener);
    }

    #[test]
    fn the_refusal_is_a_whole_response() {
        let text = std::str::from_utf8(REFUSAL).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 503"));
        assert!(head.contains(&format!("content-length: {}", body.len())));
        serde_json::from_str::<serde_json::Value>(body).unwrap();
    }
}
