//! A client that abuses the socket: floods it with messages, opens too many, or breaks the
//! protocol. Each is stopped with the close code or handshake answer RFC 6455 and RFC 6585 give.

use super::*;

/// Answered by the server without touching the database, so a flood is all the server sees.
fn unsubscribe() -> Message {
    Message::text(json!({"type": "unsubscribe", "article": "x"}).to_string())
}

/// Waits for the close frame, counting the answers that came before it.
async fn answers_then_close(socket: &mut Socket) -> (usize, (u16, String)) {
    let mut answers = 0;
    let close = tokio::time::timeout(DEADLINE, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(_))) => answers += 1,
                Some(Ok(Message::Close(Some(frame)))) => {
                    return (u16::from(frame.code), frame.reason.to_string());
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                other => panic!("expected answers then a close frame, got {other:?}"),
            }
        }
    })
    .await
    .expect("a close frame within the deadline");
    (answers, close)
}

mod flood {
    use super::*;

    #[tokio::test]
    async fn a_thousand_messages_at_once_close_the_socket_with_1008() {
        let app = spawn_app().await;
        let mut socket = connect_anonymously(&app).await;

        for _ in 0..1_000 {
            socket.feed(unsubscribe()).await.unwrap();
        }
        socket.flush().await.unwrap();

        let (answers, close) = answers_then_close(&mut socket).await;
        assert_eq!(close, (1008, "too many messages".to_owned()));
        assert!(answers < 100, "{answers} messages were answered first");
    }
}

mod rate {
    use std::num::NonZeroU32;

    use super::*;

    /// Three messages at once, then one a second: the app's clock, not the wall's, decides.
    async fn spawn_app_allowing_a_burst_of_three(clock: &Arc<ManualClock>) -> TestApp {
        spawn_app_at(clock.clone(), |config| {
            config.live.message_rate.per_second = NonZeroU32::MIN;
            config.live.message_rate.burst = NonZeroU32::new(3).unwrap();
        })
        .await
    }

    async fn answered(socket: &mut Socket) {
        socket.send(unsubscribe()).await.unwrap();
        assert_eq!(next_json(socket).await["type"], "unsubscribed");
    }

    #[tokio::test]
    async fn a_burst_is_answered_and_one_more_closes_the_socket() {
        let clock = ManualClock::new();
        let app = spawn_app_allowing_a_burst_of_three(&clock).await;
        let mut socket = connect_anonymously(&app).await;
        for _ in 0..3 {
            answered(&mut socket).await;
        }

        socket.send(unsubscribe()).await.unwrap();

        assert_eq!(
            answers_then_close(&mut socket).await,
            (0, (1008, "too many messages".to_owned()))
        );
    }

    #[tokio::test]
    async fn time_earns_messages_back() {
        let clock = ManualClock::new();
        let app = spawn_app_allowing_a_burst_of_three(&clock).await;
        let mut socket = connect_anonymously(&app).await;
        for _ in 0..3 {
            answered(&mut socket).await;
        }

        clock.advance(Duration::from_secs(2));

        answered(&mut socket).await;
        answered(&mut socket).await;
        socket.send(unsubscribe()).await.unwrap();
        assert_eq!(answers_then_close(&mut socket).await.1.0, 1008);
    }
}

mod caps {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};

    use tokio::net::TcpSocket;

    use super::*;

    /// A handshake from `from`, one of the loopback addresses, so that tests can be several
    /// clients.
    async fn connect_from(app: &TestApp, from: Ipv4Addr) -> Result<Socket, WsError> {
        let server: SocketAddr = app.address.trim_start_matches("http://").parse().unwrap();
        let client = TcpSocket::new_v4().unwrap();
        client.bind(SocketAddr::new(IpAddr::V4(from), 0)).unwrap();
        let stream = client.connect(server).await.unwrap();
        let mut request = ws_url(app).into_client_request().unwrap();
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            HeaderValue::from_static("conduit.v1"),
        );
        let (socket, _) =
            tokio_tungstenite::client_async(request, MaybeTlsStream::Plain(stream)).await?;
        Ok(socket)
    }

    const FIRST: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 1);
    const SECOND: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);

    /// The refusal's status and body, the body held to the OpenAPI document.
    fn refusal(result: Result<Socket, WsError>) -> (u16, Value) {
        let Err(WsError::Http(response)) = result else {
            panic!("expected the handshake to be refused");
        };
        let status = response.status().as_u16();
        let body: Value = serde_json::from_slice(response.body().as_deref().unwrap()).unwrap();
        crate::helpers::check_against_document("GET", "/api/ws", status, &body).unwrap();
        (status, body)
    }

    #[tokio::test]
    async fn an_address_over_its_share_is_refused_with_429_and_others_still_connect() {
        let app = spawn_app_with(|config| config.live.sockets.per_address = 2).await;
        let _first = connect_from(&app, FIRST).await.unwrap();
        let _second = connect_from(&app, FIRST).await.unwrap();

        assert_eq!(
            refusal(connect_from(&app, FIRST).await),
            (
                429,
                json!({"errors": {"connection": ["too many sockets open from this address"]}})
            )
        );
        connect_from(&app, SECOND).await.unwrap();
    }

    #[tokio::test]
    async fn a_full_server_refuses_everyone_with_503() {
        let app = spawn_app_with(|config| config.live.sockets.total = 2).await;
        let _first = connect_from(&app, FIRST).await.unwrap();
        let _second = connect_from(&app, SECOND).await.unwrap();

        assert_eq!(
            refusal(connect_from(&app, Ipv4Addr::new(127, 0, 0, 3)).await),
            (
                503,
                json!({"errors": {"connection": ["the server has no room for another socket; try again later"]}})
            )
        );
    }

    /// The server frees a slot when it notices the socket is gone, a moment after the client
    /// let go: retried until a deadline.
    async fn connects_within_the_deadline(app: &TestApp) -> Socket {
        let deadline = tokio::time::Instant::now() + DEADLINE;
        loop {
            match connect_from(app, FIRST).await {
                Ok(socket) => return socket,
                Err(WsError::Http(response)) if response.status() == 429 => {
                    assert!(
                        tokio::time::Instant::now() < deadline,
                        "the slot never came back"
                    );
                    tokio::task::yield_now().await;
                }
                Err(other) => panic!("expected a socket or a 429, got {other}"),
            }
        }
    }

    #[tokio::test]
    async fn every_way_a_socket_ends_frees_its_slot() {
        let app = spawn_app_with(|config| config.live.sockets.per_address = 1).await;

        let mut closed_by_client = connect_from(&app, FIRST).await.unwrap();
        closed_by_client.close(None).await.unwrap();
        let dropped = connects_within_the_deadline(&app).await;
        drop(dropped);
        let mut closed_by_server = connects_within_the_deadline(&app).await;
        let _ = closed_by_server
            .send(Message::text("x".repeat(64 * 1024 + 1)))
            .await;
        assert_eq!(close_of(&mut closed_by_server).await.0, 1009);
        let _refused_handshakes_hold_no_slot = connects_within_the_deadline(&app).await;
    }

    #[tokio::test]
    async fn a_refused_handshake_holds_no_slot() {
        let app = spawn_app_with(|config| config.live.sockets.per_address = 1).await;
        assert_eq!(refused_status(connect_with(&app, "chat", None).await), 400);
        assert_eq!(
            refused_status(connect_with(&app, "conduit.v1, bearer.garbage", None).await),
            401
        );
        connect_from(&app, FIRST).await.unwrap();
    }
}

mod protocol_errors {
    use super::*;

    /// A socket opened by hand, to send frames no well-behaved client library would.
    async fn raw_socket(app: &TestApp) -> TcpStream {
        raw_socket_offering(app, "conduit.v1").await
    }

    /// [`raw_socket`], offering `protocols` (a token, say).
    async fn raw_socket_offering(app: &TestApp, protocols: &str) -> TcpStream {
        let address = app.address.trim_start_matches("http://").to_owned();
        let mut raw = TcpStream::connect(&address).await.unwrap();
        let handshake = format!(
            "GET /api/ws HTTP/1.1\r\nHost: {address}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Protocol: {protocols}\r\n\r\n"
        );
        raw.write_all(handshake.as_bytes()).await.unwrap();
        raw
    }

    /// Everything the server sends until it hangs up, after the handshake's answer.
    async fn frames_until_hang_up(raw: &mut TcpStream) -> Vec<u8> {
        let mut received = Vec::new();
        tokio::time::timeout(DEADLINE, raw.read_to_end(&mut received))
            .await
            .expect("the server hangs up within the deadline")
            .unwrap();
        let end_of_headers = received
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .unwrap();
        assert!(received.starts_with(b"HTTP/1.1 101"));
        received.split_off(end_of_headers + 4)
    }

    /// The close frame among the server's frames: `0x88`, a length under 126, the code, the
    /// reason.
    fn close_frame_in(frames: &[u8]) -> (u16, String) {
        let mut rest = frames;
        while let [first, length, tail @ ..] = rest {
            let length = usize::from(*length & 0x7f);
            if *first == 0x88 {
                let code = u16::from_be_bytes([tail[0], tail[1]]);
                return (code, String::from_utf8_lossy(&tail[2..length]).into_owned());
            }
            rest = &tail[length..];
        }
        panic!("no close frame in {frames:?}");
    }

    /// A final text frame from a client: masked with a zero key unless `masked` is false.
    fn text_frame(payload: &[u8], masked: bool) -> Vec<u8> {
        let mut frame = vec![0x81, u8::try_from(payload.len()).unwrap()];
        if masked {
            frame[1] |= 0x80;
            frame.extend_from_slice(&[0, 0, 0, 0]);
        }
        frame.extend_from_slice(payload);
        frame
    }

    #[tokio::test]
    async fn invalid_utf8_in_a_text_frame_closes_with_1007() {
        let app = spawn_app().await;
        let mut raw = raw_socket(&app).await;

        raw.write_all(&text_frame(b"\"\xff\xfe\"", true))
            .await
            .unwrap();

        assert_eq!(
            close_frame_in(&frames_until_hang_up(&mut raw).await),
            (1007, "text is not valid UTF-8".to_owned())
        );
    }

    #[tokio::test]
    async fn an_unmasked_client_frame_closes_with_1002() {
        let app = spawn_app().await;
        let mut raw = raw_socket(&app).await;

        raw.write_all(&text_frame(b"{}", false)).await.unwrap();

        assert_eq!(
            close_frame_in(&frames_until_hang_up(&mut raw).await),
            (1002, "protocol error".to_owned())
        );
    }

    /// A client that never answers: nothing it sends can wake the session, so only the
    /// session's own timer can end it with "token expired" before the silence does without a
    /// word.
    #[tokio::test]
    async fn an_idle_socket_is_closed_by_its_token_expiry_timer() {
        let clock = ManualClock::new();
        let app = spawn_app_at(clock.clone(), |config| {
            config.jwt.ttl = TOKEN_TTL;
            config.jwt.leeway = Duration::ZERO;
            config.live.ping_interval = Duration::from_millis(100);
        })
        .await;
        let jake = app.register("jake").await;
        let mut raw =
            raw_socket_offering(&app, &format!("conduit.v1, bearer.{}", jake.token)).await;

        clock.advance(TOKEN_TTL);

        let frames = frames_until_hang_up(&mut raw).await;
        assert_eq!(close_frame_in(&frames), (1008, "token expired".to_owned()));
    }
}
