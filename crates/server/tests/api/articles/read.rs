use super::*;

#[tokio::test]
async fn an_unknown_slug_is_404() {
    let app = spawn_app().await;
    app.get("/api/articles/no-such-article", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
}

#[tokio::test]
async fn the_viewer_sees_their_own_following_and_favorited() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let anna = app.register("anna").await;
    let slug = slug_of(&app.create_article(&jake, "Seen", &[]).await);
    app.follow(&anna, "jake").await;
    app.favorite(&anna, &slug).await;

    let as_anna = app
        .get(&format!("/api/articles/{slug}"), Some(&anna.token))
        .await
        .body;
    let anonymous = app.get(&format!("/api/articles/{slug}"), None).await.body;

    assert_eq!(
        (
            &as_anna["article"]["favorited"],
            &as_anna["article"]["author"]["following"]
        ),
        (&json!(true), &json!(true))
    );
    assert_eq!(
        (
            &anonymous["article"]["favorited"],
            &anonymous["article"]["author"]["following"]
        ),
        (&json!(false), &json!(false))
    );
    assert_eq!(anonymous["article"]["favoritesCount"], 1);
}
