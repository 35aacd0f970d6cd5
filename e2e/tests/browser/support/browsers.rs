//! Running Chromium processes, kept between tests. Starting a browser costs about 1.5 s of CPU
//! (measured here: ten fresh sessions took 15 CPU-seconds, attaching to a running browser ten
//! times took 3), which made starting browsers most of what the suite did. So a test attaches
//! to a browser that is already running, and leaves it clean for the next one.
//!
//! A test binary runs one test per process under nextest, so the browsers outlive processes:
//! each lives in a slot, a directory of the pool with its profile, its process id and a lock
//! file. A test holds the lock while it uses the browser (the OS releases it if the process
//! dies); the browser is handed on only if the test marked it clean (`Slot::release_clean`),
//! and started afresh otherwise.
//!
//! `scripts/with-browser` makes the pool (`$E2E_BROWSER_POOL`) and stops every browser in it when
//! its command ends. Run without it (`cargo test -p conduit-e2e`), a process makes a pool of its
//! own and stops its browsers when its last test ends.

use std::fs::{self, File, TryLockError};
use std::io::ErrorKind;
use std::net::{Ipv4Addr, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::chromedriver::chromium_binary;
use super::session::{WINDOW_HEIGHT, WINDOW_WIDTH};

/// Set by `scripts/with-browser`: the directory of a pool that outlives each test process.
const POOL_VARIABLE: &str = "E2E_BROWSER_POOL";
const STARTED_WITHIN: Duration = Duration::from_secs(20);
/// Present while the browser of a slot is clean: no test holds it, and the last one reset it.
const CLEAN: &str = "clean";

static LOCAL: Mutex<Weak<Pool>> = Mutex::new(Weak::new());

/// Where the browsers of this test run are kept.
#[derive(Debug)]
pub struct Pool {
    dir: PathBuf,
    /// A pool of this process's own, removed with its browsers when the last test is done.
    own: Option<TempDir>,
}

/// The pool of this run: `scripts/with-browser`'s, or one of this process's own.
pub fn pool() -> Arc<Pool> {
    let mut local = LOCAL.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(pool) = local.upgrade() {
        return pool;
    }
    let pool = Arc::new(match std::env::var_os(POOL_VARIABLE) {
        Some(dir) => Pool {
            dir: PathBuf::from(dir),
            own: None,
        },
        None => {
            let own = conduit_testkit::scratch_directory();
            Pool {
                dir: own.path().to_owned(),
                own: Some(own),
            }
        }
    });
    *local = Arc::downgrade(&pool);
    pool
}

/// A browser this test holds, running with a DevTools port chromedriver attaches to.
#[derive(Debug)]
pub struct Slot {
    dir: PathBuf,
    /// Held for as long as the test uses the browser; closing the file releases it.
    _lock: File,
    /// `127.0.0.1:<port>`, for chromedriver's `debuggerAddress`.
    pub debugger_address: String,
}

impl Pool {
    /// The first free slot's browser, started if it is not running clean.
    pub fn take(&self) -> Slot {
        for index in 0.. {
            let dir = self.dir.join(format!("slot-{index}"));
            fs::create_dir_all(&dir).expect("a slot directory in the browser pool");
            let lock = File::create(dir.join("lock")).expect("a slot's lock file");
            match lock.try_lock() {
                Ok(()) => return Slot::holding(dir, lock),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(error)) => panic!("cannot lock {}: {error}", dir.display()),
            }
        }
        unreachable!("the slots are endless")
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        if self.own.is_some() {
            for slot in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
                stop_browser(&slot.path());
            }
        }
    }
}

impl Slot {
    fn holding(dir: PathBuf, lock: File) -> Self {
        let was_clean = fs::remove_file(dir.join(CLEAN)).is_ok();
        let port = match was_clean.then(|| devtools_port(&dir)).flatten() {
            Some(port) => port,
            None => start_browser(&dir),
        };
        Self {
            dir,
            _lock: lock,
            debugger_address: format!("127.0.0.1:{port}"),
        }
    }

    /// Hands the browser on to the next test: call only once it holds nothing of this test.
    pub fn release_clean(self) {
        File::create(self.dir.join(CLEAN)).expect("a slot's clean mark");
    }
}

/// Starts Chromium in `slot`, with a fresh profile, and returns its DevTools port. It runs in a
/// process group of its own, so that it outlives this test process and can be stopped whole.
fn start_browser(slot: &Path) -> u16 {
    stop_browser(slot);
    let profile = slot.join("profile");
    match fs::remove_dir_all(&profile) {
        Err(error) if error.kind() != ErrorKind::NotFound => {
            panic!("cannot clear {}: {error}", profile.display())
        }
        _ => {}
    }
    let mut child = Command::new(chromium_binary())
        .args(CHROMIUM_ARGS)
        .arg(format!("--window-size={WINDOW_WIDTH},{WINDOW_HEIGHT}"))
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("about:blank")
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Chromium could not be started");
    fs::write(slot.join("pid"), child.id().to_string()).expect("a slot's pid file");
    // Reaped here if it ends while this process runs; otherwise it outlives the process.
    std::thread::spawn(move || child.wait());
    let deadline = Instant::now() + STARTED_WITHIN;
    loop {
        if let Some(port) = devtools_port(slot) {
            return port;
        }
        assert!(
            Instant::now() < deadline,
            "Chromium did not open its DevTools port within {STARTED_WITHIN:?}"
        );
        std::thread::sleep(Duration::from_millis(10)); // wait-ok: between checks, under a deadline
    }
}

/// The port Chromium wrote to its profile once it listens, if the slot's browser runs.
fn devtools_port(slot: &Path) -> Option<u16> {
    let pid = fs::read_to_string(slot.join("pid")).ok()?;
    if !Path::new(&format!("/proc/{}", pid.trim())).exists() {
        return None;
    }
    let announced = fs::read_to_string(slot.join("profile/DevToolsActivePort")).ok()?;
    let port = announced.lines().next()?.parse().ok()?;
    // A process id can be reused: only a browser that answers is this slot's.
    TcpStream::connect((Ipv4Addr::LOCALHOST, port)).ok()?;
    Some(port)
}

/// Stops the slot's browser and every process it started, if it runs.
fn stop_browser(slot: &Path) {
    let Ok(pid) = fs::read_to_string(slot.join("pid")) else {
        return;
    };
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", pid.trim())])
        .stderr(Stdio::null())
        .status();
    let _ = fs::remove_file(slot.join("pid"));
}

/// What chromedriver would pass when it starts the browser itself, and what the tests need.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    // Chromium refuses to start as root with its sandbox on.
    "--no-sandbox",
    "--disable-gpu",
    "--remote-debugging-port=0",
    // Only the app under test is reachable: no calls home, no flakiness from the network.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-service-autorun",
    "--password-store=basic",
    "--use-mock-keychain",
    "--enable-automation",
    "--test-type=webdriver",
    "--allow-pre-commit-input",
    "--disable-default-apps",
    "--disable-popup-blocking",
    "--disable-prompt-on-repost",
    "--disable-hang-monitor",
    "--disable-client-side-phishing-detection",
    "--disable-backgrounding-occluded-windows",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
];
