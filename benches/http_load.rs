//! A bounded load test of `versus serve` on loopback: starts the built binary on 127.0.0.1 over a
//! scratch copy of faq/, then keeps 64 keep-alive connections busy with `POST /api/ask` over a
//! spread of questions for a fixed time (≤ 10 s) or a fixed number of requests, and prints
//! throughput and latency percentiles.
//!
//! `cargo bench --bench http_load [-- --secs 5 --requests N --connections 64 --no-record]`
//!
//! The client is a minimal HTTP/1.1 writer and reader on one tokio thread, so as little CPU as
//! possible goes to it: the 2 cores are shared with the server.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Questions people ask, in several shapes: verdicts, facts, typos, off-topic.
const QUESTIONS: &[&str] = &[
    "TensorFlow or PyTorch for mobile apps?",
    "which is better for research papers, tf or torch?",
    "pytorch or tensorflow for running a model in the browser",
    "I'm new to deep learning, which framework is easier to learn?",
    "what should I pick to fine-tune an LLM?",
    "We train on TPUs, TensorFlow or PyTorch?",
    "best framework for production deployment at scale",
    "tabular data: tensorflow or pytorch?",
    "does pytorch support android?",
    "how many GitHub stars does TensorFlow have?",
    "is keras part of tensorflow",
    "pytroch vs tensorflwo for computer vision",
    "which has better debugging, eager mode or graphs?",
    "TF or PT for reinforcement learning",
    "what about JAX?",
    "raspberry pi inference: which framework?",
    "is PyTorch faster than TensorFlow for training?",
    "which one has the bigger community",
    "how do I migrate from TensorFlow to PyTorch?",
    "tensorflow serving vs torchserve",
    "which framework do hugging face models use",
    "TensorFlow.js or ONNX for the web?",
    "distributed training on many GPUs, which framework?",
    "what is the best pizza topping?",
    "tensorflow or pytorch for time series forecasting",
    "job market: should I learn TensorFlow or PyTorch?",
    "edge devices with tflite or pytorch mobile?",
    "which framework is used more in industry",
    "is tensorflow dead in 2025?",
    "PyTorch 2 compile vs XLA",
    "I want to build a recommendation system",
    "speech recognition models: tf or torch?",
];

struct Args {
    secs: f64,
    requests: Option<u64>,
    connections: usize,
    /// Whether the server keeps its question log (SQLite in the scratch dir), as it does by
    /// default; `--no-record` measures answering alone.
    record: bool,
}

fn args() -> Args {
    let mut a = Args {
        secs: 5.0,
        requests: None,
        connections: 64,
        record: true,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let value = argv.get(i + 1).cloned().unwrap_or_default();
        match argv[i].as_str() {
            "--secs" => {
                a.secs = value.parse().expect("--secs takes a number");
                i += 1;
            }
            "--requests" => {
                a.requests = Some(value.parse().expect("--requests takes a number"));
                i += 1;
            }
            "--connections" => {
                a.connections = value.parse().expect("--connections takes a number");
                i += 1;
            }
            "--no-record" => a.record = false,
            _ => {} // cargo passes --bench; nothing else is ours
        }
        i += 1;
    }
    // Bounded by design: never more than 10 s of load.
    a.secs = a.secs.clamp(0.5, 10.0);
    a.connections = a.connections.clamp(1, 256);
    a
}

fn request(question: &str) -> Vec<u8> {
    let body = serde_json::json!({ "question": question }).to_string();
    format!(
        "POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// How far into an answer's JSON its `"question"` key is looked for (it follows the short `id`).
const ANSWER_KEY_WITHIN: usize = 64;

/// Whether a 200 body is an answer: a JSON object with a `"question"` key near its start
/// (`/api/ask` puts the answer's `id` first), without reading the rest of it.
fn is_answer(body: &[u8]) -> bool {
    let head = &body[..body.len().min(ANSWER_KEY_WITHIN)];
    head.starts_with(b"{") && head.windows(11).any(|w| w == b"\"question\":")
}

/// Reads one response from `stream` into `buf`; returns its status and body range.
async fn read_response(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> std::io::Result<(u16, std::ops::Range<usize>)> {
    buf.clear();
    let mut chunk = [0u8; 16 * 1024];
    let header_end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..header_end]).map_err(std::io::Error::other)?;
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .ok_or_else(|| std::io::Error::other("no content-length"))?;
    while buf.len() < header_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok((status, header_end..header_end + length))
}

struct Totals {
    ok: AtomicU64,
    failed: AtomicU64,
    budget: Option<AtomicU64>,
}

/// One keep-alive connection sending requests back to back until the deadline or the budget.
async fn worker(
    addr: SocketAddr,
    requests: Arc<Vec<Vec<u8>>>,
    first: usize,
    deadline: Instant,
    totals: Arc<Totals>,
) -> Vec<u32> {
    let mut latencies = Vec::with_capacity(200_000);
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).unwrap();
    let mut buf = Vec::with_capacity(32 * 1024);
    let mut i = first;
    while Instant::now() < deadline {
        if let Some(b) = &totals.budget {
            if b.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_err()
            {
                break;
            }
        }
        let started = Instant::now();
        let sent = stream.write_all(&requests[i % requests.len()]).await;
        let got = match sent {
            Ok(()) => read_response(&mut stream, &mut buf).await,
            Err(e) => Err(e),
        };
        match got {
            Ok((200, body)) if is_answer(&buf[body.clone()]) => {
                latencies.push(started.elapsed().as_micros().min(u32::MAX as u128) as u32);
                totals.ok.fetch_add(1, Ordering::Relaxed);
            }
            Ok(_) => {
                totals.failed.fetch_add(1, Ordering::Relaxed);
            }
            Err(_) => {
                totals.failed.fetch_add(1, Ordering::Relaxed);
                stream = TcpStream::connect(addr).await.expect("reconnect");
                stream.set_nodelay(true).unwrap();
            }
        }
        i += 1;
    }
    latencies
}

async fn run(
    addr: SocketAddr,
    connections: usize,
    secs: f64,
    budget: Option<u64>,
) -> (Vec<u32>, u64, u64, Duration) {
    let requests = Arc::new(QUESTIONS.iter().map(|q| request(q)).collect::<Vec<_>>());
    let totals = Arc::new(Totals {
        ok: AtomicU64::new(0),
        failed: AtomicU64::new(0),
        budget: budget.map(AtomicU64::new),
    });
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(secs);
    let tasks: Vec<_> = (0..connections)
        .map(|c| {
            tokio::spawn(worker(
                addr,
                requests.clone(),
                c * 7,
                deadline,
                totals.clone(),
            ))
        })
        .collect();
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    (
        latencies,
        totals.ok.load(Ordering::Relaxed),
        totals.failed.load(Ordering::Relaxed),
        elapsed,
    )
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    f64::from(sorted[i]) / 1000.0
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
    }
}

fn start_server(dir: &Path, record: bool) -> (Server, SocketAddr) {
    let faq = dir.join("faq");
    std::fs::create_dir_all(&faq).unwrap();
    // VERSUS_LOAD_FAQ serves another build's own faq/ (with VERSUS_LOAD_BIN: an older build
    // may not read today's files).
    let repo_faq = std::env::var_os("VERSUS_LOAD_FAQ")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("faq"));
    for entry in std::fs::read_dir(repo_faq).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, faq.join(path.file_name().unwrap())).unwrap();
        }
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    // One client address sends everything here: the per-address limits would measure themselves.
    // The question log goes into the scratch dir with everything else.
    let store = dir.join("versus.db");
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[serve.rate_limit]\nenabled = false\n\n[store]\nsqlite_path = {:?}\nrecord_questions = {record}\n",
            store.display().to_string()
        ),
    )
    .unwrap();
    // VERSUS_LOAD_BIN runs another build of versus instead (for A/B comparisons).
    let bin =
        std::env::var("VERSUS_LOAD_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_versus").into());
    let child = Command::new(bin)
        .arg("--faq")
        .arg(&faq)
        .arg("--index")
        .arg(dir.join("index"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .args(["serve", "--listen", &addr.to_string()])
        .env("RUST_LOG", "warn")
        .env_remove("VERSUS_ADMIN_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("versus serve starts");
    (Server(child), addr)
}

async fn get(addr: SocketAddr, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr).await?;
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
        .await?;
    let mut buf = Vec::new();
    let (status, body) = read_response(&mut stream, &mut buf).await?;
    Ok((status, String::from_utf8_lossy(&buf[body]).into_owned()))
}

/// CPU seconds (user + system) a process has used so far, from /proc (Linux; 0 elsewhere).
fn cpu_secs(pid: &str) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the command name, which is parenthesised and may hold spaces.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Seconds the threads of a process have spent waiting for a CPU while runnable, from
/// /proc/PID/task/*/schedstat (Linux; 0 elsewhere): the measure of contention from other work.
fn runqueue_wait_secs(pid: &str) -> f64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0.0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .sum::<f64>()
        / 1e9
}

/// The load average over the last minute, to say how busy the machine was.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

fn sample(metrics: &str, series: &str) -> f64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or(0.0)
}

fn main() {
    let args = args();
    let dir = tempfile::tempdir().unwrap();
    let (server, addr) = start_server(dir.path(), args.record);
    let server_pid = server.0.id().to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let ready_by = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok((200, _)) = get(addr, "/healthz").await {
                break;
            }
            assert!(Instant::now() < ready_by, "versus serve not healthy in 30 s");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Warm up caches and the connection pool's first handshakes; not counted.
        run(addr, args.connections, 0.5, None).await;
        let before = get(addr, "/metrics").await.unwrap().1;
        let load_before = load_average();
        let (server_cpu, client_cpu) = (cpu_secs(&server_pid), cpu_secs("self"));
        let server_wait = runqueue_wait_secs(&server_pid);

        let (mut latencies, ok, failed, elapsed) =
            run(addr, args.connections, args.secs, args.requests).await;
        let server_cpu = cpu_secs(&server_pid) - server_cpu;
        let server_wait = runqueue_wait_secs(&server_pid) - server_wait;
        let client_cpu = cpu_secs("self") - client_cpu;
        latencies.sort_unstable();

        let after = get(addr, "/metrics").await.unwrap().1;
        let engine_count = sample(&after, "versus_answer_duration_seconds_count")
            - sample(&before, "versus_answer_duration_seconds_count");
        let engine_sum = sample(&after, "versus_answer_duration_seconds_sum")
            - sample(&before, "versus_answer_duration_seconds_sum");

        let throughput = ok as f64 / elapsed.as_secs_f64();
        println!(
            "http_load: POST /api/ask, {} connections, {:.1} s, {} questions in rotation, question log {}",
            args.connections,
            elapsed.as_secs_f64(),
            QUESTIONS.len(),
            if args.record { "on" } else { "off" }
        );
        println!("  answers      {ok} ({failed} failed)");
        println!("  throughput   {throughput:.0} answers/s");
        println!(
            "  latency ms   p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
            percentile(&latencies, 0.50),
            percentile(&latencies, 0.90),
            percentile(&latencies, 0.99),
            percentile(&latencies, 1.0)
        );
        if engine_count > 0.0 {
            println!(
                "  engine       {:.1} µs per answer (server-side mean, from /metrics)",
                engine_sum / engine_count * 1e6
            );
        }
        let secs = elapsed.as_secs_f64();
        println!(
            "  cpu          server {:.2} cores, client {:.2} cores; {:.0} answers per server CPU-second",
            server_cpu / secs,
            client_cpu / secs,
            ok as f64 / server_cpu.max(0.01)
        );
        println!(
            "  machine      {} cores, load average {load_before} before, {} after; server threads waited {:.2} s for a CPU ({:.0}% of their run time)",
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            load_average(),
            server_wait,
            100.0 * server_wait / server_cpu.max(0.01)
        );
        if failed > 0 {
            eprintln!("http_load: {failed} request(s) failed");
        }
    });
    drop(server);
}
