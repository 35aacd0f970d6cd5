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
