//! Measures how long a new comment takes to reach a reader: pushed over the WebSocket versus
//! found by a client that polls `GET /comments` once a second. Run with
//! `cargo run --release -p conduit-server --example live_latency`.

use std::time::{Duration, Instant};

use conduit_domain::services::BreachPolicy;
use conduit_server::config::Argon2Config;
use conduit_server::{Application, Config, SystemClock};
use futures::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const COMMENTS: usize = 15;
const POLL_EVERY: Duration = Duration::from_secs(1);
/// Not a multiple of the poll interval, so that comments land at every phase of it.
const COMMENT_EVERY: Duration = Duration::from_millis(730);

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let directory = tempfile::tempdir()?;
    let mut config = Config {
        port: 0,
        database_url: format!("sqlite://{}", directory.path().join("latency.db").display()),
        argon2: Argon2Config::CHEAPEST,
        ..Config::default()
    };
    config.breach_check.policy = BreachPolicy::Off;
    let application = Application::build(config, std::sync::Arc::new(SystemClock)).await?;
    let base = format!("http://{}", application.address());
    tokio::spawn(application.run_until(std::future::pending()));
    let http = reqwest::Client::new();

    let user: Value = http
        .post(format!("{base}/api/users"))
        .json(&json!({"user": {"username": "writer", "email": "writer@example.com", "password": "a long password"}}))
        .send()
        .await?
        .json()
        .await?;
    let token = user["user"]["token"].as_str().ok_or("no token")?.to_owned();
    let article: Value = http
        .post(format!("{base}/api/articles"))
        .header("Authorization", format!("Token {token}"))
        .json(&json!({"article": {"title": "Latency", "description": "d", "body": "b"}}))
        .send()
        .await?
        .json()
        .await?;
    let slug = article["article"]["slug"]
        .as_str()
        .ok_or("no slug")?
        .to_owned();

    let mut request =
        format!("{}/api/ws", base.replace("http://", "ws://")).into_client_request()?;
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", "conduit.v1".parse()?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    futures::SinkExt::send(
        &mut socket,
        Message::text(json!({"type": "subscribe", "article": slug}).to_string()),
    )
    .await?;
    socket.next().await;

    // The poller records when it first sees each comment id.
    let (seen_tx, mut seen_rx) = tokio::sync::mpsc::unbounded_channel::<(i64, Instant)>();
    let poll_url = format!("{base}/api/articles/{slug}/comments");
    let poller = tokio::spawn({
        let http = http.clone();
        async move {
            let mut known = std::collections::HashSet::new();
            let mut ticks = tokio::time::interval(POLL_EVERY);
            loop {
                ticks.tick().await;
                let Ok(response) = http.get(&poll_url).send().await else {
                    continue;
                };
                let Ok(body) = response.json::<Value>().await else {
                    continue;
                };
                let now = Instant::now();
                for comment in body["comments"].as_array().into_iter().flatten() {
                    if let Some(id) = comment["id"].as_i64()
                        && known.insert(id)
                    {
                        let _ = seen_tx.send((id, now));
                    }
                }
            }
        }
    });

    let mut pushed = Vec::new();
    let mut posted_at = std::collections::HashMap::new();
    for i in 0..COMMENTS {
        let started = Instant::now();
        let response: Value = http
            .post(format!("{base}/api/articles/{slug}/comments"))
            .header("Authorization", format!("Token {token}"))
            .json(&json!({"comment": {"body": format!("comment {i}")}}))
            .send()
            .await?
            .json()
            .await?;
        let id = response["comment"]["id"].as_i64().ok_or("no id")?;
        posted_at.insert(id, started);
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(text))) => {
                    let event: Value = serde_json::from_str(text.as_str())?;
                    if event["comment"]["id"].as_i64() == Some(id) {
                        pushed.push(started.elapsed());
                        break;
                    }
                }
                Some(Ok(_)) => continue,
                other => return Err(format!("socket ended: {other:?}").into()),
            }
        }
        tokio::time::sleep(COMMENT_EVERY).await;
    }
    let mut polled = Vec::new();
    while polled.len() < COMMENTS {
        let (id, seen) = tokio::time::timeout(POLL_EVERY * 3, seen_rx.recv())
            .await?
            .ok_or("poller stopped")?;
        if let Some(started) = posted_at.get(&id) {
            polled.push(seen.duration_since(*started));
        }
    }
    poller.abort();

    report("WebSocket push", &mut pushed);
    report("polling every 1 s", &mut polled);
    Ok(())
}

fn report(name: &str, samples: &mut [Duration]) {
    samples.sort();
    let millis = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = samples.iter().map(|d| millis(*d)).sum::<f64>() / samples.len() as f64;
    println!(
        "{name:>18}: n={} median={:.1} ms mean={:.1} ms max={:.1} ms",
        samples.len(),
        millis(samples[samples.len() / 2]),
        mean,
        millis(samples[samples.len() - 1]),
    );
}
