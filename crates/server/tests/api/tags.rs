//! GET /api/tags.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{slug_of, spawn_app};

#[tokio::test]
async fn every_tag_in_use_appears_at_once_each_once_most_used_first() {
    let app = spawn_app().await;
    assert_eq!(app.get("/api/tags", None).await.body, json!({"tags": []}));
    let jake = app.register("jake").await;
    app.create_article(&jake, "One", &["rust", "testing"]).await;
    app.create_article(&jake, "Two", &["testing", "axum"]).await;

    let response = app.get("/api/tags", None).await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, json!({"tags": ["testing", "axum", "rust"]}));
}

#[tokio::test]
async fn tags_no_article_uses_disappear() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let slug = slug_of(
        &app.create_article(&jake, "One", &["fleeting", "kept"])
            .await,
    );
    app.create_article(&jake, "Two", &["kept"]).await;

    app.put(
        &format!("/api/articles/{slug}"),
        Some(&jake.token),
        json!({"article": {"tagList": []}}),
    )
    .await;

    assert_eq!(
        app.get("/api/tags", None).await.body,
        json!({"tags": ["kept"]})
    );
}
