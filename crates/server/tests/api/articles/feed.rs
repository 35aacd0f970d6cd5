use super::*;

#[tokio::test]
async fn needs_a_token_and_is_not_mistaken_for_a_slug() {
    let app = spawn_app().await;
    app.get("/api/articles/feed", None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
}

#[tokio::test]
async fn a_new_user_has_an_empty_feed() {
    let app = spawn_app().await;
    let anna = app.register("anna").await;
    let response = app.get("/api/articles/feed", Some(&anna.token)).await;
    assert_eq!(
        (response.status, response.body),
        (StatusCode::OK, json!({"articles": [], "articlesCount": 0}))
    );
}

#[tokio::test]
async fn shows_followed_authors_newest_first_until_unfollowed() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let bob = app.register("bob").await;
    let anna = app.register("anna").await;
    let older = slug_of(&app.create_article(&jake, "Older", &[]).await);
    app.create_article(&bob, "Not followed", &[]).await;
    app.create_article(&anna, "Own article", &[]).await;
    let newer = slug_of(&app.create_article(&jake, "Newer", &[]).await);

    app.follow(&anna, "jake").await;
    let feed = app.get("/api/articles/feed", Some(&anna.token)).await;

    assert_eq!(slugs(&feed), [newer.clone(), older.clone()]);
    assert_eq!(feed.body["articlesCount"], 2);
    for article in feed.body["articles"].as_array().unwrap() {
        assert_eq!(article["author"]["following"], true);
        assert!(article.get("body").is_none());
    }
    let first_page = app
        .get("/api/articles/feed?limit=1", Some(&anna.token))
        .await;
    assert_eq!(
        (slugs(&first_page), &first_page.body["articlesCount"]),
        (vec![newer.clone()], &json!(2))
    );

    app.delete("/api/profiles/jake/follow", Some(&anna.token))
        .await;
    let emptied = app.get("/api/articles/feed", Some(&anna.token)).await;
    assert_eq!(emptied.body, json!({"articles": [], "articlesCount": 0}));
}
