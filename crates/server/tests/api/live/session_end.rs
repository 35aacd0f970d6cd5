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
    let app = spawn_app_with(|config| config.live.ping_interval = Duration::from_millis(100)).await;
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
    let app = spawn_app_with(|config| config.live.ping_interval = Duration::from_millis(100)).await;
    let jake = app.register("jake").await;
    let mut socket = connect_as(&app, &jake).await;

    let response = app
        .update_user(&jake.token, json!({"password": "a whole new password"}))
        .await;
    assert_eq!(response.status, StatusCode::OK);

    // The server re-checks the token right after each ping: two pings mean at least one
    // re-check since the change.
    pings(&mut socket, 2).await;
    assert_unknown_article_refused(&mut socket).await;
}

#[tokio::test]
async fn a_peer_that_never_answers_pings_is_disconnected() {
    let app = spawn_app_with(|config| config.live.ping_interval = Duration::from_millis(100)).await;
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

/// The server re-checks the token right after each ping, so a socket of a session signed out
/// of closes at the first ping after the sign-out. A second interval of slack covers a busy
/// machine; a close driven by anything else (the token's own expiry) would take a day.
#[tokio::test]
async fn the_socket_of_a_session_signed_out_of_closes_within_one_ping_interval() {
    const PING_INTERVAL: Duration = Duration::from_millis(250);
    let app = spawn_app_with(|config| config.live.ping_interval = PING_INTERVAL).await;
    let jake = app.register("jake").await;
    let mut socket = connect_as(&app, &jake).await;
    let laptop = TestUser {
        token: token_of(&app.login_raw(&jake.email, &jake.password).await),
        ..jake.clone()
    };
    let mut on_laptop = connect_as(&app, &laptop).await;

    assert_eq!(
        app.log_out(Some(&jake.token)).await.status,
        StatusCode::NO_CONTENT
    );
    let signed_out = std::time::Instant::now();

    assert_eq!(
        close_of(&mut socket).await,
        (1008, "token revoked".to_owned())
    );
    let waited = signed_out.elapsed();
    assert!(
        waited < PING_INTERVAL * 2,
        "closed {waited:?} after the sign-out"
    );
    // The laptop's session goes on. Its first ping comes after the sign-out, and the session
    // re-checks the token before it reads another message: an answer to one sent after that
    // ping means at least one re-check since the sign-out.
    pings(&mut on_laptop, 1).await;
    assert_unknown_article_refused(&mut on_laptop).await;
}
