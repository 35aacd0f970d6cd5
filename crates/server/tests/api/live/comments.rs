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
