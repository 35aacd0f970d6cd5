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

/// The deadline is checked when the `auth` message arrives: with none at all, any first
/// message is already late, and the only answer is the close.
#[tokio::test]
async fn auth_after_the_deadline_closes_with_1008() {
    let app = spawn_app_with(|config| config.live.auth_deadline = Duration::ZERO).await;
    let anna = app.register("anna").await;
    let mut socket = connect_anonymously(&app).await;
    send_json(&mut socket, json!({"type": "auth", "token": anna.token})).await;
    assert_eq!(
        close_of(&mut socket).await,
        (
            1008,
            "auth must be the first message, sent promptly".to_owned()
        )
    );
}
