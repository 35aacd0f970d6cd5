use super::*;

#[tokio::test]
async fn changes_only_the_given_fields_keeping_created_at_and_moving_updated_at() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let created = app.create_article(&jake, "Original", &["keep"]).await;
    let path = format!("/api/articles/{}", slug_of(&created));

    let response = app
        .put(
            &path,
            Some(&jake.token),
            json!({"article": {"body": "New *body*"}}),
        )
        .await;

    assert_eq!(response.status, StatusCode::OK);
    let updated = &response.body["article"];
    assert_eq!(updated["body"], "New *body*");
    assert_eq!(updated["bodyHtml"], "<p>New <em>body</em></p>\n");
    assert_eq!(
        (
            &updated["title"],
            &updated["description"],
            &updated["tagList"],
            &updated["slug"]
        ),
        (
            &created["title"],
            &created["description"],
            &json!(["keep"]),
            &created["slug"]
        )
    );
    assert_eq!(
        updated["createdAt"], created["createdAt"],
        "createdAt is byte-for-byte stable"
    );
    assert_ne!(updated["updatedAt"], created["updatedAt"]);
    assert!(is_timestamp(&updated["updatedAt"]));
    assert_eq!(
        app.get(&path, None).await.body["article"]["body"],
        "New *body*"
    );
}

#[tokio::test]
async fn tag_list_is_kept_when_omitted_cleared_by_empty_and_refused_when_null() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let path = format!(
        "/api/articles/{}",
        slug_of(&app.create_article(&jake, "Tagged", &["a", "b"]).await)
    );

    let replaced = app
        .put(
            &path,
            Some(&jake.token),
            json!({"article": {"tagList": ["c"]}}),
        )
        .await;
    assert_eq!(replaced.body["article"]["tagList"], json!(["c"]));
    let kept = app
        .put(
            &path,
            Some(&jake.token),
            json!({"article": {"title": "Retitled"}}),
        )
        .await;
    assert_eq!(kept.body["article"]["tagList"], json!(["c"]));
    let cleared = app
        .put(
            &path,
            Some(&jake.token),
            json!({"article": {"tagList": []}}),
        )
        .await;
    assert_eq!(cleared.body["article"]["tagList"], json!([]));
    app.put(
        &path,
        Some(&jake.token),
        json!({"article": {"tagList": null}}),
    )
    .await
    .assert_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"tagList": ["must be an array"]}),
    );
}

#[tokio::test]
async fn checks_run_in_order_token_then_existence_then_ownership() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let anna = app.register("anna").await;
    let path = format!(
        "/api/articles/{}",
        slug_of(&app.create_article(&jake, "Mine", &[]).await)
    );
    let body = json!({"article": {"title": "Stolen"}});

    app.put("/api/articles/nope", None, body.clone())
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
    app.put("/api/articles/nope", Some(&anna.token), body.clone())
        .await
        .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
    app.put(&path, Some(&anna.token), body)
        .await
        .assert_error(StatusCode::FORBIDDEN, json!({"article": ["forbidden"]}));
    assert_eq!(app.get(&path, None).await.body["article"]["title"], "Mine");
}

#[tokio::test]
async fn a_blank_title_is_422() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let path = format!(
        "/api/articles/{}",
        slug_of(&app.create_article(&jake, "Mine", &[]).await)
    );
    app.put(&path, Some(&jake.token), json!({"article": {"title": ""}}))
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"title": ["can't be blank"]}),
        );
}
