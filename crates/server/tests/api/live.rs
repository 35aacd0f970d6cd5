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

mod handshake {
    use super::*;

    #[tokio::test]
    async fn every_bad_token_is_refused_with_401_before_the_upgrade() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let tampered = format!("{}x", jake.token);
        let stale = jake.token.clone();
        let other_session = token_of(&app.login_raw(&jake.email, &jake.password).await);
        app.update_user(&other_session, json!({"password": "a whole new password"}))
            .await;
        for token in [tampered.as_str(), stale.as_str(), "garbage", "a.b.c"] {
            let result = connect_with(&app, &format!("conduit.v1, bearer.{token}"), None).await;
            assert_eq!(refused_status(result), 401, "{token}");
        }
    }

    #[tokio::test]
    async fn an_expired_token_is_refused() {
        let clock = ManualClock::new();
        let app = spawn_app_on(&clock).await;
        let jake = app.register("jake").await;
        let protocols = format!("conduit.v1, bearer.{}", jake.token);
        connect_with(&app, &protocols, None).await.unwrap();

        clock.advance(TOKEN_TTL + Duration::from_secs(1));

        assert_eq!(
            refused_status(connect_with(&app, &protocols, None).await),
            401
        );
    }

    #[tokio::test]
    async fn a_foreign_origin_is_refused_with_403_and_the_own_or_configured_ones_pass() {
        let app = spawn_app_with(|config| {
            config.live.allowed_origins = vec!["https://client.example".into()]
        })
        .await;
        assert_eq!(
            refused_status(connect_with(&app, "conduit.v1", Some("https://evil.example")).await),
            403
        );
        connect_with(&app, "conduit.v1", Some(&app.address))
            .await
            .unwrap();
        connect_with(&app, "conduit.v1", Some("https://client.example"))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_client_that_does_not_offer_conduit_v1_is_refused() {
        let app = spawn_app().await;
        assert_eq!(refused_status(connect_with(&app, "chat", None).await), 400);
    }

    #[tokio::test]
    async fn a_plain_get_is_a_json_400() {
        let app = spawn_app().await;
        app.get("/api/ws", None).await.assert_error(
            StatusCode::BAD_REQUEST,
            json!({"connection": ["must be a WebSocket upgrade"]}),
        );
    }
}

mod comments {
    use super::*;

    #[tokio::test]
    async fn a_watcher_sees_comments_arrive_and_go_without_asking() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let anna = app.register("anna").await;
        let slug = slug_of(&app.create_article(&jake, "Watched", &[]).await);
        let mut watcher = connect_anonymously(&app).await;
        subscribe(&mut watcher, &slug).await;

        let posted = app.comment(&anna, &slug, "Live!").await.body["comment"].clone();

        assert_eq!(
            next_json(&mut watcher).await,
            json!({"type": "comment_added", "article": slug, "comment": posted})
        );
        let id = posted["id"].as_i64().unwrap();
        app.delete(
            &format!("/api/articles/{slug}/comments/{id}"),
            Some(&anna.token),
        )
        .await;
        assert_eq!(
            next_json(&mut watcher).await,
            json!({"type": "comment_deleted", "article": slug, "commentId": id})
        );
    }

    #[tokio::test]
    async fn unsubscribing_stops_the_events() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let left = slug_of(&app.create_article(&jake, "Left", &[]).await);
        let kept = slug_of(&app.create_article(&jake, "Kept", &[]).await);
        let mut watcher = connect_as(&app, &jake).await;
        subscribe(&mut watcher, &left).await;
        subscribe(&mut watcher, &kept).await;
        send_json(
            &mut watcher,
            json!({"type": "unsubscribe", "article": left}),
        )
        .await;
        assert_eq!(
            next_json(&mut watcher).await,
            json!({"type": "unsubscribed", "article": left})
        );

        app.comment(&jake, &left, "unseen").await;
        app.comment(&jake, &kept, "seen").await;

        // Events arrive in order, so the first one being `kept`'s proves `left`'s never came.
        let event = next_json(&mut watcher).await;
        assert_eq!(
            (&event["article"], &event["comment"]["body"]),
            (&json!(kept), &json!("seen"))
        );
    }

    #[tokio::test]
    async fn subscribing_to_an_unknown_article_is_an_error_message() {
        let app = spawn_app().await;
        let mut watcher = connect_anonymously(&app).await;
        send_json(
            &mut watcher,
            json!({"type": "subscribe", "article": "no-such-article"}),
        )
        .await;
        assert_eq!(
            next_json(&mut watcher).await,
            json!({"type": "error", "message": "article not found"})
        );
    }

    #[tokio::test]
    async fn a_reader_that_stops_reading_is_dropped_and_never_holds_up_the_others() {
        let app = spawn_app_with(|config| config.live.queue_capacity = 2).await;
        let jake = app.register("jake").await;
        let slug = slug_of(&app.create_article(&jake, "Busy", &[]).await);
        let mut stalled = connect_anonymously(&app).await;
        subscribe(&mut stalled, &slug).await;
        let mut fast = connect_anonymously(&app).await;
        subscribe(&mut fast, &slug).await;
        let long_body = "x".repeat(9_000);

        // Once the stalled reader's TCP buffers are full, the server cannot write to it, its
        // queue fills, and the hub drops it; meanwhile every comment still reaches the fast one.
        let mut dropped = false;
        for i in 0..1_000 {
            let body = format!("{i} {long_body}");
            app.comment(&jake, &slug, &body).await;
            assert_eq!(next_json(&mut fast).await["comment"]["body"], body);
            if i % 25 == 24 && app.get("/api/health", None).await.body["liveConnections"] == 1 {
                dropped = true;
                break;
            }
        }
        assert!(dropped, "the stalled reader was never dropped");
        drop(stalled);
    }
}

mod messages {
    use super::*;

    #[tokio::test]
    async fn invalid_json_gets_an_error_message_and_the_session_goes_on() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let slug = slug_of(&app.create_article(&jake, "Robust", &[]).await);
        let mut socket = connect_anonymously(&app).await;
        for junk in ["not json", "{\"type\": \"dance\"}", "[]"] {
            socket.send(Message::text(junk)).await.unwrap();
            assert_eq!(
                next_json(&mut socket).await,
                json!({"type": "error", "message": "messages are JSON objects with a known \"type\""})
            );
        }
        subscribe(&mut socket, &slug).await;
    }

    #[tokio::test]
    async fn a_message_over_64_kib_closes_with_1009() {
        let app = spawn_app().await;
        let mut socket = connect_anonymously(&app).await;
        let oversized = json!({"type": "subscribe", "article": "x".repeat(70 * 1024)});
        let _ = socket.send(Message::text(oversized.to_string())).await;
        assert_eq!(close_of(&mut socket).await.0, 1009);
    }

    /// The cap sits exactly at 64 KiB: a message of that size is read (and answered), one byte
    /// more closes the socket.
    #[tokio::test]
    async fn the_message_cap_is_exactly_64_kib() {
        let app = spawn_app().await;
        let mut socket = connect_anonymously(&app).await;
        socket
            .send(Message::text("x".repeat(64 * 1024)))
            .await
            .unwrap();
        assert_eq!(
            next_json(&mut socket).await,
            json!({"type": "error", "message": "messages are JSON objects with a known \"type\""})
        );
        let _ = socket.send(Message::text("x".repeat(64 * 1024 + 1))).await;
        assert_eq!(close_of(&mut socket).await.0, 1009);
    }
}

mod authentication {
    use super::*;

    #[tokio::test]
    async fn followers_hear_of_new_articles_and_others_do_not() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let anna = app.register("anna").await;
        let bob = app.register("bob").await;
        app.follow(&anna, "jake").await;
        let mut follower = connect_as(&app, &anna).await;
        let mut stranger = connect_as(&app, &bob).await;

        let bobs_own = slug_of(&app.create_article(&bob, "Bob's own", &[]).await);

        let article = app.create_article(&jake, "Fresh", &["news"]).await;

        let event = next_json(&mut follower).await;
        assert_eq!(
            (&event["type"], &event["article"]["slug"]),
            (&json!("article_published"), &article["slug"])
        );
        assert_eq!(event["article"]["title"], "Fresh");
        assert!(event["article"].get("body").is_none());
        // Every socket gets events in publishing order, so the stranger hearing of bob's
        // comment first proves it was never told of jake's article.
        subscribe(&mut stranger, &bobs_own).await;
        app.comment(&bob, &bobs_own, "after the article").await;
        let event = next_json(&mut stranger).await;
        assert_eq!(
            (&event["type"], &event["comment"]["body"]),
            (&json!("comment_added"), &json!("after the article"))
        );
    }

    #[tokio::test]
    async fn a_first_message_can_authenticate_an_anonymous_socket() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let anna = app.register("anna").await;
        app.follow(&anna, "jake").await;
        let mut socket = connect_anonymously(&app).await;

        send_json(&mut socket, json!({"type": "auth", "token": anna.token})).await;
        assert_eq!(
            next_json(&mut socket).await,
            json!({"type": "authenticated", "username": "anna"})
        );

        let article = app.create_article(&jake, "For Anna", &[]).await;
        assert_eq!(
            next_json(&mut socket).await["article"]["slug"],
            article["slug"]
        );
    }

    #[tokio::test]
    async fn a_bad_first_message_token_closes_with_1008() {
        let app = spawn_app().await;
        let mut socket = connect_anonymously(&app).await;
        send_json(&mut socket, json!({"type": "auth", "token": "not.a.token"})).await;
        assert_eq!(
            close_of(&mut socket).await,
            (1008, "invalid token".to_owned())
        );
    }

    #[tokio::test]
    async fn auth_after_the_first_message_closes_with_1008() {
        let app = spawn_app().await;
        let anna = app.register("anna").await;
        let mut socket = connect_anonymously(&app).await;
        send_json(
            &mut socket,
            json!({"type": "subscribe", "article": "whatever"}),
        )
        .await;
        next_json(&mut socket).await;
        send_json(&mut socket, json!({"type": "auth", "token": anna.token})).await;
        assert_eq!(close_of(&mut socket).await.0, 1008);
    }
}

mod session_end {
    use super::*;

    #[tokio::test]
    async fn the_socket_closes_when_the_token_expires_and_serves_nothing_after() {
        let clock = ManualClock::new();
        let app = spawn_app_on(&clock).await;
        let jake = app.register("jake").await;
        let slug = slug_of(&app.create_article(&jake, "Expiring", &[]).await);
        let mut socket = connect_as(&app, &jake).await;
        subscribe(&mut socket, &slug).await;

        clock.advance(TOKEN_TTL);
        // The session reads its deadline from the clock whenever it wakes; a message wakes it.
        send_json(&mut socket, json!({"type": "subscribe", "article": slug})).await;

        assert_eq!(
            next_frame(&mut socket).await,
            Message::Close(Some(CloseFrame {
                code: CloseCode::Policy,
                reason: "token expired".into()
            }))
        );
    }

    #[tokio::test]
    async fn the_socket_closes_when_a_password_change_revokes_the_token() {
        let app =
            spawn_app_with(|config| config.live.ping_interval = Duration::from_millis(100)).await;
        let jake = app.register("jake").await;
        let mut socket = connect_as(&app, &jake).await;
        let other_session = token_of(&app.login_raw(&jake.email, &jake.password).await);

        let response = app
            .update_user(&other_session, json!({"password": "a whole new password"}))
            .await;
        assert_eq!(response.status, StatusCode::OK);

        assert_eq!(
            close_of(&mut socket).await,
            (1008, "token revoked".to_owned())
        );
    }

    #[tokio::test]
    async fn the_socket_of_the_session_that_changed_the_password_stays_open() {
        let app =
            spawn_app_with(|config| config.live.ping_interval = Duration::from_millis(100)).await;
        let jake = app.register("jake").await;
        let mut socket = connect_as(&app, &jake).await;

        let response = app
            .update_user(&jake.token, json!({"password": "a whole new password"}))
            .await;
        assert_eq!(response.status, StatusCode::OK);

        // The server re-checks the token right after each ping: two pings mean at least one
        // re-check since the change.
        pings(&mut socket, 2).await;
        send_json(
            &mut socket,
            json!({"type": "subscribe", "article": "nowhere"}),
        )
        .await;
        assert_eq!(
            next_json(&mut socket).await,
            json!({"type": "error", "message": "article not found"})
        );
    }

    #[tokio::test]
    async fn a_peer_that_never_answers_pings_is_disconnected() {
        let app =
            spawn_app_with(|config| config.live.ping_interval = Duration::from_millis(100)).await;
        let address = app.address.trim_start_matches("http://").to_owned();
        let mut raw = TcpStream::connect(&address).await.unwrap();
        // A hand-written handshake: the raw stream will never answer the server's pings, as a
        // vanished peer would not.
        let handshake = format!(
            "GET /api/ws HTTP/1.1\r\nHost: {address}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Protocol: conduit.v1\r\n\r\n"
        );
        raw.write_all(handshake.as_bytes()).await.unwrap();

        let mut received = Vec::new();
        let closed = tokio::time::timeout(DEADLINE, raw.read_to_end(&mut received)).await;

        assert!(closed.is_ok(), "the server never hung up");
        assert!(String::from_utf8_lossy(&received).starts_with("HTTP/1.1 101"));
    }
}

mod health {
    use super::*;

    async fn live_connections_become(app: &TestApp, expected: u64) {
        let deadline = tokio::time::Instant::now() + DEADLINE;
        loop {
            let health = app.get("/api/health", None).await.body;
            if health == json!({"status": "ok", "liveConnections": expected}) {
                return;
            }
            assert!(tokio::time::Instant::now() < deadline, "stuck at {health}");
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn the_health_probe_counts_open_sockets() {
        let app = spawn_app().await;
        live_connections_become(&app, 0).await;
        let first = connect_anonymously(&app).await;
        let mut second = connect_anonymously(&app).await;
        live_connections_become(&app, 2).await;
        drop(first);
        second.close(None).await.unwrap();
        live_connections_become(&app, 0).await;
    }
}

mod scale_out {
    use super::*;

    #[tokio::test]
    #[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
    async fn a_comment_posted_through_one_instance_reaches_a_socket_on_another() {
        let (first, second) = spawn_two_instances()
            .await
            .expect("set TEST_DATABASE_URL to a PostgreSQL server");
        let jake = first.register("jake").await;
        let anna = first.register("anna").await;
        let slug = slug_of(&first.create_article(&jake, "Shared", &[]).await);
        second.follow(&anna, "jake").await;
        let mut on_second = connect_as(&second, &anna).await;
        subscribe(&mut on_second, &slug).await;

        let posted = first.comment(&jake, &slug, "across instances").await.body["comment"].clone();
        assert_eq!(
            next_json(&mut on_second).await,
            json!({"type": "comment_added", "article": slug, "comment": posted})
        );

        let id = posted["id"].as_i64().unwrap();
        first
            .delete(
                &format!("/api/articles/{slug}/comments/{id}"),
                Some(&jake.token),
            )
            .await;
        assert_eq!(
            next_json(&mut on_second).await,
            json!({"type": "comment_deleted", "article": slug, "commentId": id})
        );

        let article = first.create_article(&jake, "Announced", &[]).await;
        let announced = next_json(&mut on_second).await;
        assert_eq!(
            (&announced["type"], &announced["article"]["slug"]),
            (&json!("article_published"), &article["slug"])
        );
    }
}
