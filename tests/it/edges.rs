//! The hardened edges of `versus serve` and of `faq/` (issue 11), over loopback only and bounded
//! in count and time: slow and idle connections closed by the timeouts, the connection cap
//! refusing cleanly, an over-limit `Content-Length` refused before its body, 429s with
//! `Retry-After`, a replayed interaction refused, no absolute path in a reply, a FIFO, a link out
//! of the folder, a 1 GB sparse file and a wide TOML refused by `versus reindex` and by start-up
//! with bounded memory, and `/healthz` answering while heavy questions keep the engine busy.
//! Times are only asserted as generous bounds (a hang fails, a slow machine does not); the
//! figures go to RELIABILITY.md.

use crate::common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use common::recorder::Recorder;
use common::server::{self, command, now_secs, sign, TestServer, ADMIN_TOKEN};
use common::Scratch;
use versus::http::Options;
use versus_core::engine::Engine;

/// Far above every timeout set below: reaching it means something hangs.
const HANG: Duration = Duration::from_secs(20);

/// Reads until the peer closes (or `HANG`); what arrived and how long it took.
async fn read_to_close(stream: &mut TcpStream) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((started + HANG).into(), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (got, started.elapsed()),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the server kept the connection open for {HANG:?}"),
        }
    }
}

/// Sends one request and reads one whole response (head and a Content-Length body).
async fn round_trip(stream: &mut TcpStream, request: &str) -> String {
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(HANG, stream.read(&mut buf))
            .await
            .expect("a response")
            .unwrap();
        assert!(
            n > 0,
            "closed mid-response: {:?}",
            String::from_utf8_lossy(&got)
        );
        got.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&got).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap_or(0);
            if body.len() >= length {
                return text;
            }
        }
    }
}

const HEALTH: &str = "GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n";

fn options_with(change: impl FnOnce(&mut Options)) -> Options {
    let mut o = server::options();
    change(&mut o);
    o
}

// ---- timeouts and the connection cap ----

#[tokio::test]
async fn a_slowloris_head_is_cut_off_by_the_header_timeout() {
    let options = options_with(|o| {
        o.bounds.header_read = Duration::from_secs(1);
        o.bounds.idle = Duration::from_secs(60);
    });
    let s = TestServer::with_app(options, server::app(common::engine())).await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let addr = s.addr;
        tasks.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(addr).await.unwrap();
            stream
                .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n")
                .await
                .unwrap();
            let started = Instant::now();
            // A header line every 200 ms: bytes keep moving, the head never ends.
            let trickle = async {
                for i in 0.. {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    if stream
                        .write_all(format!("x-{i}: y\r\n").as_bytes())
                        .await
                        .is_err()
                    {
                        break;
                    }
                }
            };
            let _ = tokio::time::timeout(HANG, trickle).await;
            started.elapsed()
        }));
    }
    let mut longest = Duration::ZERO;
    for t in tasks {
        let held = t.await.unwrap();
        assert!(held < HANG, "a trickled head held the connection {held:?}");
        assert!(
            held >= Duration::from_millis(900),
            "closed before the timeout: {held:?}"
        );
        longest = longest.max(held);
    }
    eprintln!("20 slowloris heads, 1 s header timeout: the last cut off after {longest:?}");
    // The server still answers.
    let mut fresh = TcpStream::connect(s.addr).await.unwrap();
    assert!(round_trip(&mut fresh, HEALTH)
        .await
        .starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed_and_a_busy_one_is_not() {
    let options = options_with(|o| {
        o.bounds.header_read = Duration::from_secs(30);
        o.bounds.idle = Duration::from_secs(1);
    });
    let s = TestServer::with_app(options, server::app(common::engine())).await;
    let mut busy = TcpStream::connect(s.addr).await.unwrap();
    let mut idle = TcpStream::connect(s.addr).await.unwrap();
    assert!(round_trip(&mut idle, HEALTH)
        .await
        .starts_with("HTTP/1.1 200"));
    let idle_task = tokio::spawn(async move { read_to_close(&mut idle).await.1 });
    // Ten requests 300 ms apart: over twice the idle timeout, never idle for it.
    for _ in 0..10 {
        assert!(round_trip(&mut busy, HEALTH)
            .await
            .starts_with("HTTP/1.1 200"));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let idle_for = idle_task.await.unwrap();
    eprintln!("idle connection, 1 s idle timeout: closed after {idle_for:?}; the busy one served 10 requests over 3 s");
    assert!(idle_for >= Duration::from_millis(900), "{idle_for:?}");
    assert!(
        idle_for < Duration::from_secs(10),
        "idle connection held {idle_for:?} (header timeout 30 s)"
    );
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_a_408() {
    let options = options_with(|o| o.body_read_timeout = Duration::from_secs(1));
    let s = TestServer::with_app(options, server::app(common::engine())).await;
    let mut stream = TcpStream::connect(s.addr).await.unwrap();
    stream
        .write_all(b"POST /api/ask HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{\"question")
        .await
        .unwrap();
    let (got, took) = read_to_close(&mut stream).await;
    let text = String::from_utf8_lossy(&got);
    eprintln!("a body 90 bytes short, 1 s body timeout: 408 and closed after {took:?}");
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(took < HANG);
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_413_before_any_body_is_sent() {
    let s = TestServer::answering().await;
    let mut stream = TcpStream::connect(s.addr).await.unwrap();
    // Only the head: a server waiting for the 100 MB would never answer.
    stream
        .write_all(b"POST /api/ask HTTP/1.1\r\nhost: x\r\ncontent-length: 100000000\r\n\r\n")
        .await
        .unwrap();
    let (got, _) = read_to_close(&mut stream).await;
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("request body too large"), "{text}");
}

/// A connection to `to` from the loopback address `from` (127.0.0.x: another client).
async fn connect_from(from: &str, to: std::net::SocketAddr) -> TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    socket.connect(to).await.unwrap()
}

#[tokio::test]
async fn one_address_holding_connections_leaves_room_for_another() {
    let options = options_with(|o| {
        o.bounds.max_connections = 8;
        o.bounds.max_connections_per_address = 3;
    });
    let s = TestServer::with_app(options, server::app(common::engine())).await;
    // One address opens far more kept-alive connections than the cap and holds them.
    let mut held = Vec::new();
    let (mut served, mut refused) = (0, 0);
    for _ in 0..20 {
        let mut c = connect_from("127.0.0.1", s.addr).await;
        let reply = round_trip(&mut c, HEALTH).await;
        if reply.starts_with("HTTP/1.1 200") {
            served += 1;
        } else {
            assert!(reply.contains("too many connections"), "{reply}");
            refused += 1;
        }
        held.push(c);
    }
    assert_eq!((served, refused), (3, 17));
    // Other addresses are still served while it holds its share.
    for other in ["127.0.0.2", "127.0.0.3", "127.0.0.4"] {
        let mut c = connect_from(other, s.addr).await;
        let reply = round_trip(&mut c, HEALTH).await;
        assert!(reply.starts_with("HTTP/1.1 200"), "{other}: {reply}");
    }
}

#[tokio::test]
async fn a_client_that_sends_3_mb_before_reading_still_reads_its_413() {
    let s = TestServer::answering().await;
    // A small send buffer, so that the kernel's loopback buffers (up to 32 MB here) cannot
    // swallow the body for the client: the server itself has to take it in.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_send_buffer_size(8 * 1024).unwrap();
    let mut stream = socket.connect(s.addr).await.unwrap();
    const BODY: usize = 3 * 1024 * 1024;
    let head = format!(
        "POST /api/ask HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
         content-length: {BODY}\r\n\r\n"
    );
    let mut request = head.into_bytes();
    request.resize(request.len() + BODY, b' ');
    // As Python's http.client does: the whole request first, only then read.
    let sent = tokio::time::timeout(HANG, stream.write_all(&request)).await;
    assert!(
        matches!(sent, Ok(Ok(()))),
        "the body could not be sent: {sent:?}"
    );
    let (got, _) = read_to_close(&mut stream).await;
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 413"), "{text:?}");
    assert!(text.contains("request body too large"), "{text}");
}

#[tokio::test]
async fn a_burst_far_past_the_backlog_of_128_gets_a_response_every_time() {
    const BURST: usize = 1_000;
    let options = options_with(|o| {
        o.bounds.max_connections = 8;
        o.listen_backlog = 2048;
    });
    let s = TestServer::with_app(options, server::app(common::engine())).await;
    let addr = s.addr;
    // From many addresses, each well under its share, all at once.
    let clients = (0..BURST).map(|i| {
        tokio::spawn(async move {
            let from = format!("127.0.1.{}", 1 + i % 200);
            let mut c = connect_from(&from, addr).await;
            let request = "GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n";
            let _ = c.write_all(request.as_bytes()).await;
            let (got, _) = read_to_close(&mut c).await;
            String::from_utf8_lossy(&got).into_owned()
        })
    });
    let (mut served, mut refused, mut unanswered) = (0, 0, 0);
    for reply in futures_util::future::join_all(clients).await {
        let reply = reply.unwrap();
        if reply.starts_with("HTTP/1.1 200") {
            served += 1;
        } else if reply.starts_with("HTTP/1.1 503") && reply.contains("too many connections") {
            refused += 1;
        } else {
            unanswered += 1;
        }
    }
    eprintln!(
        "{BURST} at once: {served} served, {refused} refused with a 503, {unanswered} unanswered"
    );
    assert_eq!(unanswered, 0, "{served} served, {refused} refused");
}

#[tokio::test]
async fn past_the_connection_cap_a_newcomer_gets_a_503_at_once() {
    let options = options_with(|o| o.bounds.max_connections = 4);
    let s = TestServer::with_app(options, server::app(common::engine())).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut c = TcpStream::connect(s.addr).await.unwrap();
        assert!(round_trip(&mut c, HEALTH).await.starts_with("HTTP/1.1 200"));
        held.push(c);
    }
    let mut slowest = Duration::ZERO;
    for _ in 0..10 {
        let mut extra = TcpStream::connect(s.addr).await.unwrap();
        let _ = extra.write_all(HEALTH.as_bytes()).await;
        let (got, took) = read_to_close(&mut extra).await;
        let text = String::from_utf8_lossy(&got);
        assert!(text.starts_with("HTTP/1.1 503"), "{text:?}");
        assert!(text.contains("too many connections"), "{text}");
        assert!(took < Duration::from_secs(5), "refusal took {took:?}");
        slowest = slowest.max(took);
    }
    eprintln!("10 connections past a cap of 4: each a 503 and closed, the slowest in {slowest:?}");
    // A slot freed is a slot usable.
    drop(held.pop());
    let deadline = Instant::now() + HANG;
    loop {
        let mut c = TcpStream::connect(s.addr).await.unwrap();
        let reply = round_trip(&mut c, HEALTH).await;
        if reply.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < deadline, "the freed slot was never reused");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

// ---- rate limits ----

#[tokio::test]
async fn the_api_answers_429_with_retry_after_past_the_allowance() {
    let options = options_with(|o| {
        o.rate_limit.per_second = 1;
        o.rate_limit.burst = 3;
    });
    let s = TestServer::with_app(options, server::app(common::engine())).await;
    let ask = r#"{"question": "tf or torch for tpus"}"#;
    for _ in 0..3 {
        assert_eq!(s.post("/api/ask", ask).await.status(), 200);
    }
    let r = s.post("/api/ask", ask).await;
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body, json!({"error": "too many requests; slow down"}));
    assert_eq!(
        s.get("/api/sources").await.status(),
        429,
        "all of /api/* shares it"
    );
    // Health, metrics and Discord's interactions are not limited by address.
    for i in 0..10 {
        assert_eq!(s.get("/healthz").await.status(), 200);
        // Each interaction is a new one (its own id), as Discord sends them.
        let mut ping = server::fixture("synthetic_ping_interaction.json");
        ping["id"] = json!(format!("{}", 900 + i));
        assert_eq!(s.interact(&ping).await.status(), 200);
    }
    assert_eq!(s.get("/metrics").await.status(), 200);
    // The allowance comes back.
    tokio::time::sleep(Duration::from_secs(wait)).await;
    assert_eq!(s.post("/api/ask", ask).await.status(), 200);
}

#[tokio::test]
async fn admin_token_attempts_are_throttled_far_harder_and_the_limits_can_be_off() {
    let scratch = Scratch::new();
    let (engine, _) = Engine::open(&scratch.faq(), &scratch.index()).unwrap();
    let options = options_with(|o| {
        o.admin_token = Some(versus::config::Secret::new(ADMIN_TOKEN));
        o.rate_limit.admin_per_minute = 3;
    });
    let s = TestServer::with_app(options, server::app(Arc::new(engine))).await;
    let attempt = |token: &str| {
        s.client
            .post(s.url("/api/reindex"))
            .bearer_auth(token)
            .send()
    };
    for _ in 0..3 {
        assert_eq!(attempt("wrong").await.unwrap().status(), 401);
    }
    // Refused before the token is even compared: right or wrong looks the same.
    for token in ["wrong", ADMIN_TOKEN] {
        let r = attempt(token).await.unwrap();
        assert_eq!(r.status(), 429);
        let wait: u64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(wait >= 10, "a minute's allowance: {wait}");
    }
    // Questions from the same address still pass.
    let ask = r#"{"question": "tf or torch for tpus"}"#;
    assert_eq!(s.post("/api/ask", ask).await.status(), 200);

    let off = options_with(|o| {
        o.rate_limit.enabled = false;
        o.rate_limit.burst = 1;
        o.rate_limit.per_second = 1;
    });
    let open = TestServer::with_app(off, server::app(common::engine())).await;
    for _ in 0..30 {
        assert_eq!(open.post("/api/ask", ask).await.status(), 200);
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_a_spoofed_forwarded_line_dodges_no_limit() {
    let scratch = Scratch::new();
    let (engine, _) = Engine::open(&scratch.faq(), &scratch.index()).unwrap();
    let options = options_with(|o| {
        o.admin_token = Some(versus::config::Secret::new(ADMIN_TOKEN));
        o.rate_limit.burst = 3;
        o.rate_limit.per_second = 1;
        o.rate_limit.admin_per_minute = 2;
        o.rate_limit.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    });
    let s = TestServer::with_app(options, server::app(Arc::new(engine))).await;
    // As HAProxy's `option forwardfor` sends it: the client's own (spoofed, new every time)
    // line first, the proxy's line naming the real peer appended.
    let via_proxy = |n: usize, path: &str| {
        s.client
            .post(s.url(path))
            .header("x-forwarded-for", format!("6.6.{}.{}", n / 250, n % 250))
            .header("x-forwarded-for", "5.6.7.8")
    };
    let ask = r#"{"question": "tf or torch for tpus"}"#;
    let mut answered = 0;
    for n in 0..10 {
        let r = via_proxy(n, "/api/ask")
            .header("content-type", "application/json")
            .body(ask)
            .send()
            .await
            .unwrap();
        answered += usize::from(r.status() == 200);
    }
    // A burst of 3, plus one more for each second the loop takes.
    assert!(
        (3..=5).contains(&answered),
        "{answered} of 10 passed a burst of 3"
    );
    let mut refused = 0;
    for n in 0..6 {
        let r = via_proxy(100 + n, "/api/reindex")
            .bearer_auth("wrong")
            .send()
            .await
            .unwrap();
        refused += usize::from(r.status() == 429);
    }
    assert_eq!(refused, 6, "the address is already over its API allowance");
}

// ---- replay ----

#[tokio::test]
async fn a_replayed_interaction_gets_no_second_callback() {
    let discord = Recorder::start().await;
    let scratch = Scratch::new();
    let (engine, _) = Engine::open(&scratch.faq(), &scratch.index()).unwrap();
    let engine = Arc::new(engine);
    let before = engine.brain().generation.number;
    let options = options_with(|o| o.discord_api_base = discord.base());
    let s = TestServer::with_app(options, server::app(engine.clone())).await;
    let body = serde_json::to_vec(&command("reindex", &[])).unwrap();
    let ts = now_secs().to_string();
    let sig = sign(&ts, &body);
    let first = s
        .post_interaction(body.clone(), Some(&sig), Some(&ts))
        .await;
    assert_eq!(first.status(), 200);
    for _ in 0..10 {
        let again = s
            .post_interaction(body.clone(), Some(&sig), Some(&ts))
            .await;
        assert_eq!(again.status(), 409);
        let text = again.text().await.unwrap();
        assert!(text.contains("already received"), "{text}");
    }
    // Upper-case hex is the same signature, not a new one.
    let upper = sig.to_ascii_uppercase();
    let again = s
        .post_interaction(body.clone(), Some(&upper), Some(&ts))
        .await;
    assert_eq!(again.status(), 409);
    discord.wait_for(1, HANG).await;
    // Give a wrongly spawned second task time to show itself.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(discord.seen().len(), 1, "exactly one follow-up");
    assert_eq!(engine.brain().generation.number, before + 1, "one reindex");
    // A new interaction (Discord gives each its own id) is not a replay, even within the second.
    let mut next = command("reindex", &[]);
    next["id"] = "786008729715212339".into();
    assert_eq!(s.interact(&next).await.status(), 200);
    discord.wait_for(2, HANG).await;
}

// ---- no internals in replies ----

#[tokio::test]
async fn reindex_problems_name_files_relative_to_faq_over_http_and_discord() {
    let discord = Recorder::start().await;
    let scratch = Scratch::new();
    let (engine, _) = Engine::open(&scratch.faq(), &scratch.index()).unwrap();
    let options = options_with(|o| {
        o.admin_token = Some(versus::config::Secret::new(ADMIN_TOKEN));
        o.discord_api_base = discord.base();
    });
    let s = TestServer::with_app(options, server::app(Arc::new(engine))).await;
    scratch.append("sources.toml", "\nthis is not toml\n");
    std::fs::copy(
        scratch.faq().join("000_685b1321c5fa5e60.toml"),
        scratch.faq().join("zz_copy.toml"),
    )
    .unwrap();
    let root = scratch.dir.path().display().to_string();

    let r = s
        .client
        .post(s.url("/api/reindex"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let text = r.text().await.unwrap();
    assert!(!text.contains(&root), "{text}");
    assert!(!text.contains("/tmp"), "{text}");
    assert!(text.contains("faq/sources.toml:"), "{text}");

    scratch.write(
        "sources.toml",
        &std::fs::read_to_string(common::repo_faq().join("sources.toml")).unwrap(),
    );
    assert_eq!(s.interact(&command("reindex", &[])).await.status(), 200);
    let seen = discord.wait_for(1, HANG).await;
    let reply = seen[0].body.to_string();
    assert!(reply.contains("duplicate id"), "{reply}");
    assert!(reply.contains("faq/zz_copy.toml:"), "{reply}");
    assert!(!reply.contains(&root), "{reply}");
    assert!(!reply.contains("/tmp"), "{reply}");
}

// ---- faq/ that cannot hang or bloat ----

/// A run of the built binary: exit code, output, peak resident memory and time.
struct Measured {
    code: i32,
    stdout: String,
    stderr: String,
    /// `ru_maxrss` from `wait4`: a sound upper bound, but it includes this test process's own
    /// size, which exec records as the child's high-water mark when the child is spawned.
    peak_kb: u64,
    /// The highest `VmHWM` seen by sampling the running child: its own figure, though the last
    /// millisecond before exit may be missed.
    sampled_kb: u64,
    took: Duration,
}

/// Runs `cmd` to its end (killed after `HANG`), measuring its own peak RSS with `wait4`.
// Reaped by wait4 itself, which is what yields the child's own rusage.
#[allow(clippy::zombie_processes)]
fn run_measured(mut cmd: std::process::Command) -> Measured {
    use std::io::Read;
    use std::process::Stdio;
    let started = Instant::now();
    let mut child = cmd
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("versus runs");
    let pid = child.id() as libc::pid_t;
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut sampled = 0;
            while started.elapsed() < HANG {
                if done.load(std::sync::atomic::Ordering::SeqCst) {
                    return (false, sampled);
                }
                sampled = sampled.max(vm_hwm_kb(pid as u32).unwrap_or(0));
                std::thread::sleep(Duration::from_millis(1));
            }
            // SAFETY: pid is our own child, not yet reaped (wait4 below has not returned).
            unsafe { libc::kill(pid, libc::SIGKILL) };
            (true, sampled)
        })
    };
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for exactly this child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child; status and usage are valid for writes.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid);
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let (killed, sampled_kb) = watchdog.join().unwrap();
    let took = started.elapsed();
    let (stdout, stderr) = (out.join().unwrap(), err.join().unwrap());
    assert!(
        !killed,
        "hung for {HANG:?} and was killed; stderr:\n{stderr}"
    );
    Measured {
        code: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        stdout,
        stderr,
        peak_kb: usage.ru_maxrss as u64,
        sampled_kb,
        took,
    }
}

/// The largest resident memory any hostile faq/ may cost a process.
const MAX_RSS_KB: u64 = 128 * 1024;

/// One hostile thing to put in faq/, and what its problem must say.
struct Hostile {
    name: &'static str,
    make: fn(&Scratch),
    says: &'static str,
}

fn hostiles() -> Vec<Hostile> {
    vec![
        Hostile {
            name: "fifo",
            make: |s| {
                let path = s.faq().join("pipe.toml");
                let ok = std::process::Command::new("mkfifo")
                    .arg(&path)
                    .status()
                    .unwrap();
                assert!(ok.success());
            },
            says: "pipe.toml:1: not a regular file",
        },
        Hostile {
            name: "symlink out of faq/",
            make: |s| {
                let outside = s.dir.path().join("outside.toml");
                std::fs::write(&outside, "password = \"hunter2\"\n").unwrap();
                std::os::unix::fs::symlink(&outside, s.faq().join("link.toml")).unwrap();
            },
            says: "link.toml:1: a link that leads out of the folder",
        },
        Hostile {
            name: "1 GB sparse file",
            make: |s| {
                let f = std::fs::File::create(s.faq().join("huge.toml")).unwrap();
                f.set_len(1 << 30).unwrap();
            },
            says: "huge.toml:1: file is 1073741824 bytes, over the limit",
        },
        Hostile {
            name: "wide TOML",
            make: |s| {
                // ~3.6 MB of 250,000 one-element arrays: under the size limit, ~800 MB parsed.
                let wide: String = (0..250_000).map(|i| format!("k{i} = [1]\n")).collect();
                assert!(wide.len() < 4 * 1024 * 1024);
                s.write("wide.toml", &wide);
            },
            says: "wide.toml:1: holds more than",
        },
    ]
}

#[test]
fn reindex_refuses_each_hostile_file_quickly_with_bounded_memory() {
    for h in hostiles() {
        let scratch = Scratch::new();
        let good = run_measured(scratch.command(&["reindex"]));
        assert_eq!(good.code, 0, "{}: {}", h.name, good.stderr);
        (h.make)(&scratch);
        let run = run_measured(scratch.command(&["reindex"]));
        eprintln!(
            "reindex with {}: exit {}, {:.0} ms, peak RSS {} KB sampled ({} KB bound)",
            h.name,
            run.code,
            run.took.as_secs_f64() * 1000.0,
            run.sampled_kb,
            run.peak_kb
        );
        assert_eq!(run.code, 1, "{}: {}{}", h.name, run.stdout, run.stderr);
        assert!(run.stdout.contains(h.says), "{}: {}", h.name, run.stdout);
        assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
        assert!(run.stderr.contains("reindex refused"), "{}", run.stderr);
        // The child's own high-water mark: wait4's figure also counts this test process, which
        // the spawned child is charged with until it execs (large when the other tests run).
        assert!(
            run.sampled_kb < MAX_RSS_KB,
            "{}: {} KB",
            h.name,
            run.sampled_kb
        );
    }
}

/// `VmHWM` (peak resident memory) of a live process, in KB.
fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[test]
fn start_up_with_a_hostile_faq_serves_the_last_good_index_and_says_why() {
    use std::process::Stdio;
    for h in hostiles() {
        let scratch = Scratch::new();
        assert_eq!(run_measured(scratch.command(&["reindex"])).code, 0);
        (h.make)(&scratch);
        let (mut serve, listen) = scratch.serve_command();
        let mut child = serve
            .env_remove("RUST_LOG")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let healthy = loop {
            let health = std::net::TcpStream::connect(&listen)
                .ok()
                .and_then(|mut c| {
                    use std::io::{Read, Write};
                    c.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
                    c.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
                        .ok()?;
                    let mut s = String::new();
                    c.read_to_string(&mut s).ok()?;
                    Some(s)
                });
            if health
                .as_deref()
                .is_some_and(|s| s.starts_with("HTTP/1.1 200"))
            {
                break true;
            }
            if started.elapsed() > HANG || child.try_wait().unwrap().is_some() {
                break false;
            }
            std::thread::sleep(Duration::from_millis(25));
        };
        let took = started.elapsed();
        let peak = vm_hwm_kb(child.id()).expect("the server is running");
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + HANG;
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("{}: SIGTERM ignored", h.name);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let log = common::stderr_of(&mut child);
        eprintln!(
            "start-up with {}: healthy in {:.0} ms, peak RSS {} KB",
            h.name,
            took.as_secs_f64() * 1000.0,
            peak
        );
        assert!(healthy, "{}: never healthy; log:\n{log}", h.name);
        assert!(log.contains(h.says), "{}: {log}", h.name);
        assert!(log.contains("answering from the last good index"), "{log}");
        assert!(!log.contains("hunter2"), "{log}");
        assert!(peak < MAX_RSS_KB, "{}: {peak} KB", h.name);
    }
}

// ---- amplification ----

#[test]
fn health_stays_fast_while_32_heavy_requests_are_in_flight() {
    use std::process::Stdio;
    let scratch = Scratch::new();
    // This test is about the engine pool, not the per-address limits, which would stop it.
    std::fs::write(
        scratch.dir.path().join("config.toml"),
        "[serve.rate_limit]\nenabled = false\n",
    )
    .unwrap();
    let (mut serve, listen) = scratch.serve_command();
    let mut child = serve
        .env_remove("RUST_LOG")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let result = runtime.block_on(async {
        let base = format!("http://{listen}");
        let client = reqwest::Client::new();
        let deadline = Instant::now() + HANG;
        while !client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            assert!(Instant::now() < deadline, "never healthy");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let heavy_question = json!({ "question": "tensorflow".repeat(100) }).to_string();
        let heavy_feature = "x".repeat(1000);
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let heavy_done = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let mut load = Vec::new();
        for i in 0..32 {
            let (client, base, stop, done) = (
                client.clone(),
                base.clone(),
                stop.clone(),
                heavy_done.clone(),
            );
            let (q, f) = (heavy_question.clone(), heavy_feature.clone());
            load.push(tokio::spawn(async move {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let r = if i % 2 == 0 {
                        client
                            .post(format!("{base}/api/ask"))
                            .body(q.clone())
                            .send()
                            .await
                    } else {
                        client
                            .get(format!("{base}/api/compare"))
                            .query(&[("feature", &f)])
                            .send()
                            .await
                    };
                    assert_eq!(r.unwrap().status(), 200);
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut latencies = Vec::new();
        let probe_until = Instant::now() + Duration::from_secs(3);
        let heavy_before = heavy_done.load(std::sync::atomic::Ordering::Relaxed);
        while Instant::now() < probe_until {
            let started = Instant::now();
            let r = client.get(format!("{base}/healthz")).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.bytes().await.unwrap();
            latencies.push(started.elapsed());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let heavy = heavy_done.load(std::sync::atomic::Ordering::Relaxed) - heavy_before;
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for t in load {
            t.await.unwrap();
        }
        (latencies, heavy)
    });
    let _ = child.kill();
    let _ = child.wait();
    let (mut latencies, heavy) = result;
    latencies.sort();
    let at = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "healthz under 32 heavy requests in flight: {} probes, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} heavy requests answered meanwhile",
        latencies.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0)),
        heavy
    );
    assert!(heavy > 0, "the heavy requests were answered");
    // Generous: the engine sharing 2 CPUs with the probe must not push health into seconds.
    assert!(at(0.99) < Duration::from_secs(1), "p99 {:?}", at(0.99));
}
