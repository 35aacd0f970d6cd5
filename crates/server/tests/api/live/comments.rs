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
    assert_unknown_article_refused(&mut watcher).await;
}

/// A socket whose kernel receive buffer is as small as the system allows (a few KiB on Linux), so
/// that a reader that stops reading falls behind sooner than with the megabytes an auto-tuned
/// buffer grows to.
async fn connect_with_a_small_receive_buffer(app: &TestApp) -> Socket {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(1).unwrap();
    let address = app.address.trim_start_matches("http://").parse().unwrap();
    let stream = socket.connect(address).await.unwrap();
    let mut request = ws_url(app).into_client_request().unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_static("conduit.v1"),
    );
    let (mut socket, _) = tokio_tungstenite::client_async(request, MaybeTlsStream::Plain(stream))
        .await
        .unwrap();
    assert_eq!(
        next_json(&mut socket).await,
        json!({"type": "ready", "username": null})
    );
    socket
}

#[tokio::test]
async fn a_reader_that_stops_reading_is_dropped_and_never_holds_up_the_others() {
    let app = spawn_app_with(|config| config.live.queue_capacity = 2).await;
    let jake = app.register("jake").await;
    let slug = slug_of(&app.create_article(&jake, "Busy", &[]).await);
    let mut stalled = connect_with_a_small_receive_buffer(&app).await;
    subscribe(&mut stalled, &slug).await;
    let mut fast = connect_anonymously(&app).await;
    subscribe(&mut fast, &slug).await;
    // Near the 10 000 characters a comment may hold, each of four bytes in UTF-8: few comments
    // fill the stalled reader's buffers.
    let long_body = "\u{1F600}".repeat(9_990);

    // Once the stalled reader's TCP buffers are full (its own, and the server's send buffer,
    // auto-tuned up to 4 MiB: here it took 43 comments, 1.7 MB), the server cannot write to it,
    // its queue fills, and the hub drops it; meanwhile every comment still reaches the fast one.
    // 200 comments are 8 MB.
    let mut dropped = false;
    for i in 0..200 {
        let body = format!("{i} {long_body}");
        app.comment(&jake, &slug, &body).await;
        assert_eq!(next_json(&mut fast).await["comment"]["body"], body);
        if app.get("/api/health", None).await.body["liveConnections"] == 1 {
            dropped = true;
            break;
        }
    }
    assert!(dropped, "the stalled reader was never dropped");
    drop(stalled);
}
