//! POST and DELETE /api/articles/:slug/favorite.

use reqwest::{Method, StatusCode};
use serde_json::json;

use conduit_domain::services::BreachPolicy;

use crate::helpers::{slug_of, spawn_app, spawn_app_with};

#[tokio::test]
async fn favoriting_counts_once_per_user_and_persists() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let anna = app.register("anna").await;
    let slug = slug_of(&app.create_article(&jake, "Liked", &[]).await);

    for _ in 0..2 {
        let response = app.favorite(&anna, &slug).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(
            (
                &response.body["article"]["favorited"],
                &response.body["article"]["favoritesCount"]
            ),
            (&json!(true), &json!(1))
        );
    }
    let own = app.favorite(&jake, &slug).await;
    assert_eq!(
        own.body["article"]["favoritesCount"], 2,
        "authors may favorite their own article"
    );

    let seen_by_anna = app
        .get(&format!("/api/articles/{slug}"), Some(&anna.token))
        .await;
    assert_eq!(
        (
            &seen_by_anna.body["article"]["favorited"],
            &seen_by_anna.body["article"]["favoritesCount"]
        ),
        (&json!(true), &json!(2))
    );
}

#[tokio::test]
async fn unfavoriting_takes_the_count_back_and_is_idempotent() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let anna = app.register("anna").await;
    let slug = slug_of(&app.create_article(&jake, "Liked", &[]).await);
    app.favorite(&anna, &slug).await;

    for _ in 0..2 {
        let response = app
            .delete(&format!("/api/articles/{slug}/favorite"), Some(&anna.token))
            .await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(
            (
                &response.body["article"]["favorited"],
                &response.body["article"]["favoritesCount"]
            ),
            (&json!(false), &json!(0))
        );
    }
}

#[tokio::test]
async fn a_hundred_users_favoriting_at_once_count_a_hundred() {
    // The fans are only the set-up: their passwords need no breach check, and they sign up
    // side by side.
    let app = spawn_app_with(|config| config.breach_check.policy = BreachPolicy::Off).await;
    let jake = app.register("jake").await;
    let slug = slug_of(&app.create_article(&jake, "Popular", &[]).await);
    let names: Vec<String> = (0..100).map(|i| format!("fan{i}")).collect();
    let fans = futures::future::join_all(names.iter().map(|name| app.register(name))).await;

    let responses =
        futures::future::join_all(fans.iter().map(|fan| app.favorite(fan, &slug))).await;

    assert!(
        responses
            .iter()
            .all(|response| response.status == StatusCode::OK)
    );
    let article = app.get(&format!("/api/articles/{slug}"), None).await;
    assert_eq!(article.body["article"]["favoritesCount"], 100);
}

#[tokio::test]
async fn needs_a_token_then_an_existing_article() {
    let app = spawn_app().await;
    let anna = app.register("anna").await;
    for method in [Method::POST, Method::DELETE] {
        app.request(method.clone(), "/api/articles/nope/favorite", None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
        app.request(
            method,
            "/api/articles/nope/favorite",
            Some(&anna.token),
            None,
        )
        .await
        .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
    }
}
