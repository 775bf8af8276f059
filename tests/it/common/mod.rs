//! Helpers shared by the integration tests: the shipped knowledge, scratch copies of it, engines
//! over it, the built `versus` binary, and a Discord stand-in (`standin`) with payloads shaped
//! like Discord's (`payloads`) and the real bot run against it (`bot`), and `versus serve` run
//! in-process (`server`) with a loopback recorder for its follow-ups (`recorder`).
#![allow(dead_code)]

pub mod bot;
pub mod import;
pub mod payloads;
pub mod recorder;
pub mod server;
pub mod standin;
pub mod store;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, OnceLock};

use versus_core::engine::Engine;
use versus_core::knowledge::{self, Knowledge};

/// Logs to the test's output when RUST_LOG is set (e.g. `RUST_LOG=versus=debug cargo test`).
pub fn trace() {
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
}

/// The repository's own faq/.
pub fn repo_faq() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("faq")
}

/// The copies of the five source articles kept with the tests.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds")
}

/// The articles of our own that the import tests read.
pub fn import_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import")
}

/// The shipped knowledge, loaded once.
pub fn shipped() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| knowledge::load_dir(&repo_faq()).expect("shipped faq/ loads"))
}

/// An in-memory engine over the shipped knowledge, built once per test binary.
pub fn engine() -> Arc<Engine> {
    static E: OnceLock<Arc<Engine>> = OnceLock::new();
    E.get_or_init(|| Arc::new(Engine::in_memory(shipped().clone()).expect("engine builds")))
        .clone()
}

/// A scratch directory holding a copy of faq/ (as `faq/`) and room for `index/`.
pub struct Scratch {
    /// Keeps the directory alive.
    pub dir: tempfile::TempDir,
}

impl Scratch {
    /// A fresh copy of the shipped faq/.
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("tempdir");
        let faq = dir.path().join("faq");
        std::fs::create_dir_all(&faq).unwrap();
        for entry in std::fs::read_dir(repo_faq()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                std::fs::copy(&path, faq.join(path.file_name().unwrap())).unwrap();
            }
        }
        Scratch { dir }
    }

    /// The scratch faq/.
    pub fn faq(&self) -> PathBuf {
        self.dir.path().join("faq")
    }

    /// The scratch index/.
    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Writes (replaces) a file in the scratch faq/.
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.faq().join(name), text).unwrap();
    }

    /// Appends to a file in the scratch faq/.
    pub fn append(&self, name: &str, text: &str) {
        let path = self.faq().join(name);
        let mut s = std::fs::read_to_string(&path).unwrap_or_default();
        s.push_str(text);
        std::fs::write(path, s).unwrap();
    }

    /// The built binary, pointed at this scratch faq/, index/ and config.toml, with `args`.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_versus"));
        cmd.arg("--faq")
            .arg(self.faq())
            .arg("--index")
            .arg(self.index())
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .args(args);
        cmd
    }

    /// `versus serve` on a free loopback port, with no Discord key, admin token or listen
    /// address from the environment and stdout discarded; and the address it listens on.
    pub fn serve_command(&self) -> (Command, String) {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let listen = format!("127.0.0.1:{port}");
        let mut cmd = self.command(&["serve", "--listen", &listen]);
        cmd.env_remove("DISCORD_PUBLIC_KEY")
            .env_remove("VERSUS_ADMIN_TOKEN")
            .env_remove("VERSUS_LISTEN")
            .stdout(std::process::Stdio::null());
        (cmd, listen)
    }

    /// Runs the built binary against this scratch faq/ and index/.
    pub fn versus(&self, args: &[&str]) -> Output {
        self.versus_with_stdin(args, None)
    }

    /// Runs the built binary with `stdin` piped in.
    pub fn versus_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        use std::io::Write;
        let mut cmd = self.command(args);
        cmd.env_remove("RUST_LOG")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("versus runs");
        let mut pipe = child.stdin.take().unwrap();
        let input = stdin.unwrap_or_default().to_string();
        // Feed stdin from its own thread: versus answers while we write, and a full stdout
        // pipe would otherwise block both sides.
        let feeder = std::thread::spawn(move || {
            let _ = pipe.write_all(input.as_bytes());
        });
        let out = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        out
    }
}

/// Stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Everything a child wrote to its piped stderr (it must have exited or closed it).
pub fn stderr_of(child: &mut std::process::Child) -> String {
    use std::io::Read;
    let mut log = String::new();
    child
        .stderr
        .take()
        .expect("stderr is piped")
        .read_to_string(&mut log)
        .unwrap();
    log
}
