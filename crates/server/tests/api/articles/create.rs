use super::*;

/// The published cap (in the title's pattern) is the domain's, and the domain measures after trimming:
/// a title padded beyond the cap is accepted, one really over it is refused with the cap.
#[tokio::test]
async fn the_published_title_limit_is_the_domains_counted_after_trimming() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let document = app.get("/api/openapi.json", None).await.body;
    let published = &document["components"]["schemas"]["NewArticle"]["properties"]["title"];
    let cap = crate::limits::published_cap("title", published).unwrap();
    let create = |title: String| {
        app.post(
            "/api/articles",
            Some(&jake.token),
            json!({"article": {"title": title, "description": "d", "body": "b"}}),
        )
    };

    let padded = create(format!("  {}  ", "t".repeat(cap))).await;
    assert_eq!(padded.status, StatusCode::CREATED, "{:?}", padded.body);
    assert_eq!(padded.body["article"]["title"], "t".repeat(cap));

    create("t".repeat(cap + 1)).await.assert_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"title": [format!("is too long (maximum is {cap} characters)")]}),
    );
}

#[tokio::test]
async fn answers_201_with_the_article_as_stored() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;

    let response = app
        .post(
            "/api/articles",
            Some(&jake.token),
            json!({"article": {
                "title": "How to train your dragon",
                "description": "Ever wonder how?",
                "body": "You have to *believe*",
                "tagList": ["reactjs", "angularjs", "dragons"],
            }}),
        )
        .await;

    assert_eq!(response.status, StatusCode::CREATED);
    let article = &response.body["article"];
    assert!(
        slug_of(article).starts_with("how-to-train-your-dragon-"),
        "{article}"
    );
    assert!(is_timestamp(&article["createdAt"]), "{article}");
    assert_eq!(article["createdAt"], article["updatedAt"]);
    let expected = json!({
        "slug": article["slug"], "title": "How to train your dragon",
        "description": "Ever wonder how?", "body": "You have to *believe*",
        "bodyHtml": "<p>You have to <em>believe</em></p>\n",
        "tagList": ["reactjs", "angularjs", "dragons"],
        "createdAt": article["createdAt"], "updatedAt": article["updatedAt"],
        "favorited": false, "favoritesCount": 0,
        "author": {"username": "jake", "bio": null, "image": null, "following": false},
    });
    assert_eq!(article, &expected);
    let fetched = app
        .get(&format!("/api/articles/{}", slug_of(article)), None)
        .await;
    assert_eq!(
        (fetched.status, &fetched.body["article"]),
        (StatusCode::OK, &expected)
    );
}

#[tokio::test]
async fn tags_are_optional_and_keep_their_order() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let response = app
        .post(
            "/api/articles",
            Some(&jake.token),
            json!({"article": {"title": "t", "description": "d", "body": "b"}}),
        )
        .await;
    assert_eq!(response.body["article"]["tagList"], json!([]));
    let article = app
        .create_article(&jake, "Ordered", &["d_tag", "t_tag", "a_tag"])
        .await;
    assert_eq!(article["tagList"], json!(["d_tag", "t_tag", "a_tag"]));
}

#[tokio::test]
async fn duplicate_titles_get_distinct_slugs() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let first = app.create_article(&jake, "Same title", &[]).await;
    let second = app.create_article(&jake, "Same title", &[]).await;
    assert_ne!(first["slug"], second["slug"]);
}

#[tokio::test]
async fn blank_fields_are_each_reported() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    app.post("/api/articles", Some(&jake.token), json!({"article": {"title": "", "description": " ", "body": ""}}))
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"title": ["can't be blank"], "description": ["can't be blank"], "body": ["can't be blank"]}),
        );
    app.post("/api/articles", Some(&jake.token), json!({"article": {}}))
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"title": ["can't be blank"], "description": ["can't be blank"], "body": ["can't be blank"]}),
        );
}

#[tokio::test]
async fn nul_characters_are_422_naming_each_field() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    app.post(
        "/api/articles",
        Some(&jake.token),
        json!({"article": {"title": "a\0", "description": "d", "body": "b\0"}}),
    )
    .await
    .assert_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"title": ["may not contain NUL characters"], "body": ["may not contain NUL characters"]}),
    );
}

#[tokio::test]
async fn needs_a_token() {
    let app = spawn_app().await;
    app.post(
        "/api/articles",
        None,
        json!({"article": {"title": "t", "description": "d", "body": "b"}}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
}

#[tokio::test]
async fn markdown_with_script_comes_back_inert() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let body = "<script>alert('x')</script>\n\n<img src=x onerror=\"alert(1)\">\n\n[link](javascript:alert(2))";
    let response = app
        .post(
            "/api/articles",
            Some(&jake.token),
            json!({"article": {"title": "xss", "description": "d", "body": body}}),
        )
        .await;
    let article = &response.body["article"];
    assert_eq!(
        article["body"], body,
        "the Markdown itself is kept as written"
    );
    let html = article["bodyHtml"].as_str().unwrap();
    for dangerous in ["<script", "onerror", "javascript:"] {
        assert!(!html.contains(dangerous), "{dangerous} in {html}");
    }
}
