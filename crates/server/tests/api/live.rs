//! The WebSocket at /api/ws, driven by a tokio-tungstenite client: refused handshakes, events
//! for watched articles and followed authors, and every way a session ends. Every wait has a
//! deadline; nothing sleeps.

use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::{
    ManualClock, TestApp, TestUser, slug_of, spawn_app, spawn_app_at, spawn_app_with,
    spawn_two_instances, token_of,
};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

const DEADLINE: Duration = Duration::from_secs(5);

fn ws_url(app: &TestApp) -> String {
    format!("{}/api/ws", app.address.replace("http://", "ws://"))
}

async fn connect_with(
    app: &TestApp,
    protocols: &str,
    origin: Option<&str>,
) -> Result<Socket, WsError> {
    let mut request = ws_url(app).into_client_request().unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_str(protocols).unwrap(),
    );
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("Origin", HeaderValue::from_str(origin).unwrap());
    }
    let (socket, response) = tokio_tungstenite::connect_async(request).await?;
    assert_eq!(
        response.headers()["sec-websocket-protocol"],
        "conduit.v1",
        "only our subprotocol is echoed, never the token"
    );
    Ok(socket)
}

/// Connects and waits for `ready`: from then on the hub knows the socket, so no event can be
/// published past it.
async fn connected(app: &TestApp, protocols: &str, username: Option<&str>) -> Socket {
    let mut socket = connect_with(app, protocols, None).await.unwrap();
    assert_eq!(
        next_json(&mut socket).await,
        json!({"type": "ready", "username": username})
    );
    socket
}

async fn connect_as(app: &TestApp, user: &TestUser) -> Socket {
    connected(
        app,
        &format!("conduit.v1, bearer.{}", user.token),
        Some(&user.username),
    )
    .await
}

async fn connect_anonymously(app: &TestApp) -> Socket {
    connected(app, "conduit.v1", None).await
}

fn refused_status(result: Result<Socket, WsError>) -> u16 {
    match result {
        Err(WsError::Http(response)) => response.status().as_u16(),
        Err(other) => panic!("expected an HTTP refusal, got {other}"),
        Ok(_) => panic!("expected the handshake to be refused"),
    }
}

/// The next JSON message, skipping control frames.
async fn next_json(socket: &mut Socket) -> Value {
    tokio::time::timeout(DEADLINE, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(text))) => {
                    return serde_json::from_str(text.as_str()).unwrap();
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                other => panic!("expected a message, got {other:?}"),
            }
        }
    })
    .await
    .expect("a message within the deadline")
}

/// The next frame that is not a ping or a pong.
async fn next_frame(socket: &mut Socket) -> Message {
    tokio::time::timeout(DEADLINE, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(frame)) => return frame,
                other => panic!("expected a frame, got {other:?}"),
            }
        }
    })
    .await
    .expect("a frame within the deadline")
}

/// Waits for the server's close frame and returns its code and reason.
async fn close_of(socket: &mut Socket) -> (u16, String) {
    tokio::time::timeout(DEADLINE, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Close(Some(frame)))) => {
                    return (u16::from(frame.code), frame.reason.to_string());
                }
                Some(Ok(Message::Close(None))) | None => panic!("closed without a close frame"),
                Some(Ok(_)) => continue,
                Some(Err(error)) => panic!("socket error before a close frame: {error}"),
            }
        }
    })
    .await
    .expect("a close frame within the deadline")
}

/// Waits for `count` pings from the server; a close frame first fails the test.
async fn pings(socket: &mut Socket, count: usize) {
    tokio::time::timeout(DEADLINE, async {
        let mut seen = 0;
        while seen < count {
            match socket.next().await {
                Some(Ok(Message::Ping(_))) => seen += 1,
                Some(Ok(Message::Pong(_) | Message::Text(_))) => {}
                other => panic!("expected the session to go on, got {other:?}"),
            }
        }
    })
    .await
    .expect("pings within the deadline");
}

async fn send_json(socket: &mut Socket, message: Value) {
    socket
        .send(Message::text(message.to_string()))
        .await
        .unwrap();
}

/// Asks to watch an article that does not exist, and waits for the refusal: the session is
/// still served, and has read every message sent before this one.
async fn assert_unknown_article_refused(socket: &mut Socket) {
    send_json(
        socket,
        json!({"type": "subscribe", "article": "no-such-article"}),
    )
    .await;
    assert_eq!(
        next_json(socket).await,
        json!({"type": "error", "message": "article not found"})
    );
}

async fn subscribe(socket: &mut Socket, slug: &str) {
    send_json(socket, json!({"type": "subscribe", "article": slug})).await;
    assert_eq!(
        next_json(socket).await,
        json!({"type": "subscribed", "article": slug})
    );
}

const TOKEN_TTL: Duration = Duration::from_secs(60 * 60);

/// An app on `clock` whose tokens live [`TOKEN_TTL`] with no leeway.
async fn spawn_app_on(clock: &Arc<ManualClock>) -> TestApp {
    spawn_app_at(clock.clone(), |config| {
        config.jwt.ttl = TOKEN_TTL;
        config.jwt.leeway = Duration::ZERO;
    })
    .await
}

mod handshake;

mod comments;

mod messages;

mod authentication;

mod session_end;

mod health;

mod scale_out;

mod abuse;
