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
