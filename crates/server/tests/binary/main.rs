//! The `conduit` binary as `cargo run` starts it: it reads `.env`, refuses a bad setting before
//! anything starts, serves on the port it announces and stops cleanly on SIGTERM. Each run gets
//! an empty environment and a fresh working directory, so nothing of the caller's leaks in.

#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

mod secret;
mod settings;

const DEADLINE: Duration = Duration::from_secs(30);
/// Any free port, and a database file in the run's own directory.
const SERVE_HERE: [&str; 2] = ["--port=0", "--database-url=sqlite://conduit.db"];

fn conduit(directory: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_conduit"));
    command.env_clear().current_dir(directory);
    // Under `make coverage` the binary's own lines count too.
    if let Some(profile) = std::env::var_os("LLVM_PROFILE_FILE") {
        command.env("LLVM_PROFILE_FILE", profile);
    }
    command
}

/// The child's output once it exits by itself; killed and a failure if it is still running at
/// the deadline, so that a binary that starts serving by mistake cannot hang the suite.
fn run(command: &mut Command) -> Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("conduit does not start: {error}"));
    let pid = child.id().to_string();
    let (sender, exited) = mpsc::channel();
    std::thread::spawn(move || sender.send(child.wait_with_output()));
    match exited.recv_timeout(DEADLINE) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
            panic!("conduit still runs after {DEADLINE:?}: it should have stopped at once");
        }
    }
}

#[test]
fn a_bad_setting_stops_it_with_the_setting_named_and_a_failing_exit() {
    let directory = tempfile::tempdir().unwrap();
    let output = run(conduit(directory.path()).arg("--port=nope"));
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: PORT (from the command line): invalid value 'nope': invalid digit found in string\n"
    );
}

#[test]
fn version_prints_and_exits_without_starting() {
    let directory = tempfile::tempdir().unwrap();
    let output = run(conduit(directory.path()).arg("--version"));
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("conduit {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert!(output.stderr.is_empty());
}

#[test]
fn a_broken_env_file_stops_it_with_the_line_it_could_not_read() {
    let directory = tempfile::tempdir().unwrap();
    std::fs::write(directory.path().join(".env"), "not a valid line\n").unwrap();
    // Were the broken file ignored, it would serve here rather than on 3000 by default.
    let output = run(conduit(directory.path()).args(SERVE_HERE));
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: .env: Error parsing line: 'not a valid line', error at line index: 4\n"
    );
}

/// The child, killed if a test panics before it stopped on its own.
struct Running {
    child: Child,
    lines: Receiver<String>,
}

impl Running {
    fn start(directory: &Path) -> Self {
        Self::start_with(directory, &[])
    }

    fn start_with(directory: &Path, env: &[(&str, &str)]) -> Self {
        let mut child = conduit(directory)
            .args(SERVE_HERE)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines }
    }

    /// The first log line containing `text`, waiting at most until the deadline.
    fn line_with(&self, text: &str) -> String {
        self.lines_until(text).pop().unwrap()
    }

    /// Every log line up to and including the first containing `text`, waiting at most until
    /// the deadline.
    fn lines_until(&self, text: &str) -> Vec<String> {
        let until = Instant::now() + DEADLINE;
        let mut seen = Vec::new();
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => {
                    seen.push(line);
                    return seen;
                }
                Ok(line) => seen.push(line),
                Err(error) => panic!("no log line with {text:?} in {seen:#?}: {error}"),
            }
        }
    }

    /// The address it announces once it serves.
    fn address(&self) -> String {
        address_in(&self.line_with(ANNOUNCEMENT))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The log line's start that announces the address.
const ANNOUNCEMENT: &str = "Conduit listening on http://";

/// The address in the line that announces it.
fn address_in(announcement: &str) -> String {
    announcement
        .rsplit("http://")
        .next()
        .unwrap()
        .trim()
        .to_owned()
}

fn get(address: &str, path: &str) -> String {
    request(address, &format!("GET {path} HTTP/1.1\r\n"), "")
}

/// Sends `head` (the request line and any headers, each ending in CRLF) with `body`; the whole
/// response, once the server closes the connection.
fn request(address: &str, head: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "{head}Host: {address}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn it_serves_on_the_port_it_announces_and_stops_cleanly_on_sigterm() {
    let directory = tempfile::tempdir().unwrap();
    let mut conduit = Running::start(directory.path());

    let address = conduit.address();
    let response = get(&address, "/api/health");
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(
        response.ends_with("\r\n\r\n{\"status\":\"ok\",\"liveConnections\":0}"),
        "{response}"
    );
    assert!(directory.path().join("conduit.db").exists());

    let signalled = Command::new("kill")
        .args(["-TERM", &conduit.child.id().to_string()])
        .status()
        .unwrap();
    assert!(signalled.success());
    conduit.line_with("shutting down");
    let until = Instant::now() + DEADLINE;
    let status = loop {
        // stdout closes when the process ends: the reader thread hangs up after the last line.
        if let Err(mpsc::RecvTimeoutError::Disconnected) = conduit
            .lines
            .recv_timeout(until.saturating_duration_since(Instant::now()))
        {
            break conduit.child.wait().unwrap();
        }
        assert!(Instant::now() < until, "conduit still runs after SIGTERM");
    };
    assert_eq!(status.code(), Some(0));
}
