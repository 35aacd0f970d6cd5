use super::*;

#[tokio::test]
async fn the_author_deletes_with_204_and_it_is_gone_with_its_comments() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let slug = slug_of(&app.create_article(&jake, "Doomed", &["doomed"]).await);
    app.comment(&jake, &slug, "first").await;
    app.favorite(&jake, &slug).await;

    let response = app
        .delete(&format!("/api/articles/{slug}"), Some(&jake.token))
        .await;

    assert_eq!(
        (response.status, response.body),
        (StatusCode::NO_CONTENT, Value::Null)
    );
    app.get(&format!("/api/articles/{slug}"), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
    app.get(&format!("/api/articles/{slug}/comments"), None)
        .await
        .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
    assert_eq!(
        app.get("/api/articles?favorited=jake", None).await.body["articlesCount"],
        0
    );
    assert_eq!(app.get("/api/tags", None).await.body, json!({"tags": []}));
}

#[tokio::test]
async fn checks_run_in_order_token_then_existence_then_ownership() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let anna = app.register("anna").await;
    let slug = slug_of(&app.create_article(&jake, "Mine", &[]).await);

    app.request(Method::DELETE, "/api/articles/nope", None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
    app.delete("/api/articles/nope", Some(&anna.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
    app.delete(&format!("/api/articles/{slug}"), Some(&anna.token))
        .await
        .assert_error(StatusCode::FORBIDDEN, json!({"article": ["forbidden"]}));
    assert_eq!(
        app.get(&format!("/api/articles/{slug}"), None).await.status,
        StatusCode::OK
    );
}
