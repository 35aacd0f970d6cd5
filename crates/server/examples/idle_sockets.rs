//! How many idle WebSockets one instance holds, and what they cost in memory. Starts the release
//! `conduit` binary on a loopback port, opens sockets in batches, and reads the server's
//! resident memory from /proc. Run with
//! `cargo build --release && cargo run --release -p conduit-server --example idle_sockets -- 5000`
//! (raise `ulimit -n` first: each socket is a file descriptor on both ends).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const BATCH: usize = 500;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn resident_kib(pid: u32) -> Result<u64, Box<dyn std::error::Error>> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .ok_or("no VmRSS")?;
    Ok(line.split_whitespace().nth(1).ok_or("no value")?.parse()?)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(5000);
    let binary = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/release/conduit");
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let directory = tempfile::tempdir()?;
    let server = Server(
        Command::new(binary)
            .env("PORT", port.to_string())
            .env(
                "DATABASE_URL",
                format!("sqlite://{}", directory.path().join("idle.db").display()),
            )
            .env("BREACH_CHECK", "off")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()?,
    );
    let pid = server.0.id();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while reqwest::get(format!("{base}/api/health")).await.is_err() {
        if started.elapsed() > Duration::from_secs(10) {
            return Err("the server did not start".into());
        }
        tokio::task::yield_now().await;
    }
    let baseline = resident_kib(pid)?;
    println!("baseline: {baseline} KiB resident");

    let mut sockets = Vec::with_capacity(target);
    while sockets.len() < target {
        for _ in 0..BATCH.min(target - sockets.len()) {
            let mut request = format!("ws://127.0.0.1:{port}/api/ws").into_client_request()?;
            request
                .headers_mut()
                .insert("Sec-WebSocket-Protocol", "conduit.v1".parse()?);
            match tokio_tungstenite::connect_async(request).await {
                Ok((socket, _)) => sockets.push(socket),
                Err(error) => {
                    println!("stopped at {} sockets: {error}", sockets.len());
                    return report(&base, pid, baseline, sockets.len()).await;
                }
            }
        }
        report(&base, pid, baseline, sockets.len()).await?;
    }
    Ok(())
}

async fn report(
    base: &str,
    pid: u32,
    baseline: u64,
    open: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let health: serde_json::Value = reqwest::get(format!("{base}/api/health"))
        .await?
        .json()
        .await?;
    let resident = resident_kib(pid)?;
    let per_socket = (resident.saturating_sub(baseline) as f64) / open.max(1) as f64;
    println!(
        "{open:>6} sockets open, server counts {}: {resident} KiB resident, {per_socket:.1} KiB per socket",
        health["liveConnections"]
    );
    Ok(())
}
