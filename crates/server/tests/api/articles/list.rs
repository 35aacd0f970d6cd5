use super::*;

async fn library(
    app: &TestApp,
) -> (
    Vec<String>,
    crate::helpers::TestUser,
    crate::helpers::TestUser,
) {
    let jake = app.register("jake").await;
    let anna = app.register("anna").await;
    let first = slug_of(&app.create_article(&jake, "First", &["rust", "web"]).await);
    let second = slug_of(&app.create_article(&anna, "Second", &["rust"]).await);
    let third = slug_of(&app.create_article(&jake, "Third", &["web"]).await);
    (vec![first, second, third], jake, anna)
}

#[tokio::test]
async fn newest_first_with_the_total_and_no_bodies() {
    let app = spawn_app().await;
    let (created, _, _) = library(&app).await;

    let response = app.get("/api/articles", None).await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        slugs(&response),
        [created[2].clone(), created[1].clone(), created[0].clone()]
    );
    assert_eq!(response.body["articlesCount"], 3);
    for article in response.body["articles"].as_array().unwrap() {
        assert!(
            article.get("body").is_none() && article.get("bodyHtml").is_none(),
            "{article}"
        );
        assert!(
            article.get("tagList").is_some() && article.get("author").is_some(),
            "{article}"
        );
    }
}

#[tokio::test]
async fn filters_combine_with_and() {
    let app = spawn_app().await;
    let (created, jake, anna) = library(&app).await;
    app.favorite(&anna, &created[0]).await;
    app.favorite(&anna, &created[2]).await;
    app.favorite(&jake, &created[2]).await;

    let cases = [
        ("/api/articles?tag=rust", vec![&created[1], &created[0]]),
        ("/api/articles?author=jake", vec![&created[2], &created[0]]),
        (
            "/api/articles?favorited=anna",
            vec![&created[2], &created[0]],
        ),
        (
            "/api/articles?tag=web&author=jake",
            vec![&created[2], &created[0]],
        ),
        ("/api/articles?tag=rust&author=jake", vec![&created[0]]),
        (
            "/api/articles?tag=rust&favorited=anna&author=jake",
            vec![&created[0]],
        ),
        ("/api/articles?favorited=jake&tag=rust", vec![]),
        ("/api/articles?author=nobody", vec![]),
        ("/api/articles?tag=unused", vec![]),
    ];
    for (path, expected) in cases {
        let response = app.get(path, None).await;
        assert_eq!(
            slugs(&response).iter().collect::<Vec<_>>(),
            expected,
            "{path}"
        );
        assert_eq!(response.body["articlesCount"], expected.len(), "{path}");
    }
}

#[tokio::test]
async fn limit_and_offset_page_through_while_the_count_stays_total() {
    let app = spawn_app().await;
    let (created, _, _) = library(&app).await;
    let cases = [
        ("limit=1", vec![&created[2]]),
        ("limit=1&offset=1", vec![&created[1]]),
        ("limit=2&offset=2", vec![&created[0]]),
        ("offset=3", vec![]),
        ("offset=100", vec![]),
    ];
    for (query, expected) in cases {
        let response = app.get(&format!("/api/articles?{query}"), None).await;
        assert_eq!(
            slugs(&response).iter().collect::<Vec<_>>(),
            expected,
            "{query}"
        );
        assert_eq!(response.body["articlesCount"], 3, "{query}");
    }
}

#[tokio::test]
async fn bad_pagination_is_422_naming_the_parameter() {
    let app = spawn_app().await;
    let cases = [
        ("limit=0", json!({"limit": ["must be between 1 and 100"]})),
        ("limit=101", json!({"limit": ["must be between 1 and 100"]})),
        ("limit=abc", json!({"limit": ["must be an integer"]})),
        (
            "offset=-1",
            json!({"offset": ["must be greater than or equal to 0"]}),
        ),
        (
            "limit=x&offset=y",
            json!({"limit": ["must be an integer"], "offset": ["must be an integer"]}),
        ),
    ];
    for (query, errors) in cases {
        app.get(&format!("/api/articles?{query}"), None)
            .await
            .assert_error(StatusCode::UNPROCESSABLE_ENTITY, errors);
    }
}

#[tokio::test]
async fn an_empty_database_lists_nothing() {
    let app = spawn_app().await;
    let response = app.get("/api/articles", None).await;
    assert_eq!(
        (response.status, response.body),
        (StatusCode::OK, json!({"articles": [], "articlesCount": 0}))
    );
}
