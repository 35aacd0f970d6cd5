//! Slow clients cannot hold the server: a connection that trickles its request header is closed
//! once the header-read timeout has passed, while everyone else is served; a connection past the
//! cap waits until another closes.

use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, spawn_app_with};

/// Far beyond any timeout set here: reaching it means the server never closed the connection.
const DEADLINE: Duration = Duration::from_secs(15);

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Sends a request header one byte every 50 ms and never finishes it; returns once the server
/// has closed the connection, having answered nothing.
async fn trickle_until_closed(mut stream: TcpStream) {
    let mut header = b"GET /api/tags HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
        .iter()
        .copied()
        .chain(std::iter::repeat(b'a'));
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    let mut answer = [0; 256];
    let (mut reader, mut writer) = stream.split();
    loop {
        tokio::select! {
            read = reader.read(&mut answer) => match read {
                Ok(0) | Err(_) => return,
                Ok(n) => panic!("answered: {}", String::from_utf8_lossy(&answer[..n])),
            },
            _ = tick.tick() => {
                let byte = [header.next().unwrap_or(b'a')];
                if writer.write_all(&byte).await.is_err() {
                    return;
                }
            }
        }
    }
}

#[tokio::test]
async fn a_connection_trickling_its_header_is_closed_within_the_timeout_while_others_are_served() {
    // Six bytes trickle in before it: a timeout restarted by each byte would never fire.
    let timeout = Duration::from_millis(300);
    let app = spawn_app_with(|config| config.connections.header_read_timeout = timeout).await;
    let trickler = connect(&app).await;
    let started = Instant::now();
    let trickling = tokio::spawn(trickle_until_closed(trickler));

    let response = app.get("/api/tags", None).await;
    assert_eq!(
        (response.status, response.body),
        (StatusCode::OK, json!({"tags": []}))
    );

    tokio::time::timeout(DEADLINE, trickling)
        .await
        .expect("the trickling connection was not closed")
        .unwrap();
    let lived = started.elapsed();
    assert!(
        lived >= timeout,
        "closed after {lived:?}, before the timeout"
    );
}

/// Sends a whole request and reads the answer's status line and headers.
async fn get_tags(stream: &mut TcpStream) {
    stream
        .write_all(b"GET /api/tags HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
}

/// Reads an answer's status line and headers, then its body (by its Content-Length), so that
/// the connection is ready for the next request; returns the head.
async fn read_answer(stream: &mut TcpStream) -> String {
    let head = read_head(stream).await;
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().unwrap())
        })
        .unwrap_or_else(|| panic!("no Content-Length: {head}"));
    let mut body = vec![0; length];
    stream.read_exact(&mut body).await.unwrap();
    head
}

async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0; 1];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(
            stream.read(&mut byte).await.unwrap(),
            1,
            "closed mid-answer"
        );
        head.push(byte[0]);
    }
    String::from_utf8(head).unwrap()
}

#[tokio::test]
async fn a_connection_beyond_the_cap_waits_until_another_closes() {
    let app = spawn_app_with(|config| {
        config.connections.max_connections = NonZeroUsize::MIN;
        config.connections.header_read_timeout = DEADLINE;
    })
    .await;
    let mut holder = connect(&app).await;
    get_tags(&mut holder).await;
    assert!(
        read_answer(&mut holder)
            .await
            .starts_with("HTTP/1.1 200 OK")
    );

    let mut waiter = connect(&app).await;
    get_tags(&mut waiter).await;
    // What must not happen, measured by the server's own pace rather than a clock, which a busy
    // machine would stretch: while the holder's connection is answered twenty more requests, one
    // after another, the waiter's request, sent before them, is answered nothing. Without the
    // cap it would be answered along with the first of them.
    for _ in 0..20 {
        get_tags(&mut holder).await;
        assert!(
            read_answer(&mut holder)
                .await
                .starts_with("HTTP/1.1 200 OK")
        );
        let mut byte = [0; 1];
        let early = tokio::time::timeout(Duration::ZERO, waiter.read(&mut byte)).await;
        assert!(early.is_err(), "served beyond the cap: {early:?}");
    }

    drop(holder);
    let head = tokio::time::timeout(DEADLINE, read_head(&mut waiter))
        .await
        .expect("not served once the other connection closed");
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
}
