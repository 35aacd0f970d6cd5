//! Resident memory of the release `conduit` binary before and after bursts of concurrent logins
//! with the production argon2 parameters (each hash works in 19 MiB). Run with `make memory`,
//! which builds the binary first; it is found beside this example's own directory
//! (`target/release/conduit`), or pass its path. Fails when the server ends above the budget.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::Instant;

use futures::future::join_all;
use serde_json::json;

const BURSTS: usize = 10;
const LOGINS_PER_BURST: usize = 40;
const BUDGET_KIB: u64 = 32 * 1024;
const PASSWORD: &str = "a long enough password";

#[tokio::main]
async fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let binary = match std::env::args_os().nth(1) {
        Some(path) => PathBuf::from(path),
        None => std::env::current_exe()?
            .parent()
            .and_then(|examples| examples.parent())
            .ok_or("no target directory")?
            .join("conduit"),
    };
    let directory = tempfile::tempdir()?;
    let database = directory.path().join("bursts.db");
    // A clean environment and a directory without `.env`: the production defaults, argon2 first.
    let mut server = Command::new(&binary)
        .env_clear()
        .current_dir(directory.path())
        .env("DATABASE_URL", format!("sqlite://{}", database.display()))
        .env("PORT", "0")
        .env("BREACH_CHECK", "off")
        .env("JWT_SECRET", "a memory-measurement secret of 32+ bytes")
        .env("RUST_LOG", "info,tower_http=warn")
        .stdout(Stdio::piped())
        .spawn()
        .map(Server)
        .map_err(|error| format!("{}: {error} (run `make memory`)", binary.display()))?;
    let pid = server.0.id();
    let mut lines = BufReader::new(server.0.stdout.take().ok_or("no stdout")?).lines();
    let base = loop {
        let line = lines.next().ok_or("the server exited")??;
        if let Some(at) = line.find("http://") {
            break line[at..].trim().to_owned();
        }
    };
    // Keep reading the log, so that a full pipe never blocks the server.
    std::thread::spawn(move || lines.for_each(drop));

    let http = reqwest::Client::new();
    println!("{:<28} {}", "started", memory(pid)?);
    let user =
        json!({"user": {"username": "burst", "email": "burst@example.com", "password": PASSWORD}});
    let registered = http
        .post(format!("{base}/api/users"))
        .json(&user)
        .send()
        .await?;
    if registered.status() != 201 {
        return Err(format!("registration: {}", registered.status()).into());
    }
    println!("{:<28} {}", "registered", memory(pid)?);
    let login = json!({"user": {"email": "burst@example.com", "password": PASSWORD}});
    for burst in 1..=BURSTS {
        let started = Instant::now();
        let answers = join_all((0..LOGINS_PER_BURST).map(|_| {
            http.post(format!("{base}/api/users/login"))
                .json(&login)
                .send()
        }))
        .await;
        let refused = answers
            .iter()
            .filter(|answer| !answer.as_ref().is_ok_and(|answer| answer.status() == 200))
            .count();
        if refused > 0 {
            return Err(format!("burst {burst}: {refused} logins not answered 200").into());
        }
        let label = format!("burst {burst} ({} ms)", started.elapsed().as_millis());
        println!("{label:<28} {}", memory(pid)?);
    }
    let after = resident_kib(pid)?;
    drop(server);
    if after > BUDGET_KIB {
        println!(
            "FAIL: {} MiB resident after the bursts, over {} MiB",
            after / 1024,
            BUDGET_KIB / 1024
        );
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "ok: {} MiB resident after the bursts, within {} MiB",
        after / 1024,
        BUDGET_KIB / 1024
    );
    Ok(ExitCode::SUCCESS)
}

/// The server process, stopped however the measurement ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn status_field(pid: u32, field: &str) -> Result<u64, Box<dyn std::error::Error>> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status
        .lines()
        .find(|line| line.starts_with(field))
        .ok_or_else(|| format!("no {field} in /proc/{pid}/status"))?;
    let kib = line
        .split_whitespace()
        .nth(1)
        .ok_or_else(|| format!("no number in {line}"))?;
    Ok(kib.parse()?)
}

fn resident_kib(pid: u32) -> Result<u64, Box<dyn std::error::Error>> {
    status_field(pid, "VmRSS:")
}

/// Resident now (VmRSS) and at the peak so far (VmHWM), in MiB.
fn memory(pid: u32) -> Result<String, Box<dyn std::error::Error>> {
    Ok(format!(
        "VmRSS {:>4} MiB  VmHWM {:>4} MiB",
        resident_kib(pid)? / 1024,
        status_field(pid, "VmHWM:")? / 1024
    ))
}
