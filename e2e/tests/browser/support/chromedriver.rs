//! One chromedriver for the whole test binary, shared by the tests running at the same time.
//!
//! Tests run on their own threads with their own tokio runtimes, and libtest has no "after all
//! tests" hook, so the process is reference-counted instead of kept in a plain static: each test
//! holds an `Arc` while it runs, and the last one to finish stops chromedriver (and every
//! browser it started). A later test simply starts a new one, which takes a few milliseconds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

const NOT_INSTALLED: &str = "chromium/chromedriver not found: run apt-get update && apt-get install -y chromium chromium-driver";
const READY_WITHIN: Duration = Duration::from_secs(10);
const SHUTDOWN_WITHIN: Duration = Duration::from_secs(5);

static SHARED: Mutex<Weak<Chromedriver>> = Mutex::new(Weak::new());

/// A running chromedriver, alone in its own process group with the browsers it starts.
#[derive(Debug)]
pub struct Chromedriver {
    process: Child,
    port: u16,
}

/// The running chromedriver, started if no test holds one.
pub fn shared() -> Arc<Chromedriver> {
    let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(running) = shared.upgrade() {
        return running;
    }
    let started = Arc::new(Chromedriver::start());
    *shared = Arc::downgrade(&started);
    started
}

/// The Chromium executable the sessions run: `$CHROME_BIN` or Debian's.
pub fn chromium_binary() -> PathBuf {
    installed("CHROME_BIN", "/usr/bin/chromium")
}

fn chromedriver_binary() -> PathBuf {
    installed("CHROMEDRIVER", "/usr/bin/chromedriver")
}

fn installed(variable: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(path.is_file(), "{NOT_INSTALLED}");
    path
}

impl Chromedriver {
    fn start() -> Self {
        // Checked here too, so a missing browser fails before any session is attempted.
        chromium_binary();
        let port = free_port();
        let process = Command::new(chromedriver_binary())
            .arg(format!("--port={port}"))
            // Its own group, so that stopping it can also reach every Chromium it started.
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver could not be started");
        let mut driver = Self { process, port };
        driver.wait_until_ready();
        driver
    }

    /// The WebDriver endpoint sessions connect to.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + READY_WITHIN;
        loop {
            if let Ok(Some(status)) = self.process.try_wait() {
                panic!("chromedriver exited before it was ready ({status})");
            }
            if get(self.port, "/status").is_ok_and(|body| body.contains("\"ready\":true")) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver was not ready within {READY_WITHIN:?}"
            );
            // Until it listens, each attempt is refused at once: pause briefly between them.
            std::thread::sleep(Duration::from_millis(5)); // wait-ok: between checks, under a deadline
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // `/shutdown` closes the browsers cleanly; killing the group catches whatever remains.
        // The process is reaped only afterwards, so its group id cannot have been reused.
        let _ = get(self.port, "/shutdown");
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.process.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.process.wait();
    }
}

/// A port that was free a moment ago: bind to port 0, note what the OS chose, release it.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .expect("the OS has a free port")
        .port()
}

/// A minimal blocking HTTP GET, usable outside any async runtime (this module's `Drop` runs after
/// the test's runtime is gone). chromedriver keeps connections open, so the body is read by its
/// `Content-Length` rather than until the connection closes.
fn get(port: u16, path: &str) -> std::io::Result<String> {
    let stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    stream.set_read_timeout(Some(SHUTDOWN_WITHIN))?;
    write!(
        &stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )?;
    let mut reader = BufReader::new(stream);
    let mut content_length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            content_length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; content_length];
    reader.read_exact(&mut body)?;
    Ok(String::from_utf8_lossy(&body).into_owned())
}
