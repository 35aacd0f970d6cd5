//! GET /api/profiles/:username, POST and DELETE /api/profiles/:username/follow.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn anyone_can_see_a_profile_not_following_it() {
    let app = spawn_app().await;
    app.register("jake").await;
    let response = app.get("/api/profiles/jake", None).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.body,
        json!({"profile": {"username": "jake", "bio": null, "image": null, "following": false}})
    );
}

#[tokio::test]
async fn an_unknown_or_impossible_username_is_404() {
    let app = spawn_app().await;
    for path in ["/api/profiles/nobody", "/api/profiles/no%20body"] {
        app.get(path, None)
            .await
            .assert_error(StatusCode::NOT_FOUND, json!({"profile": ["not found"]}));
    }
}

#[tokio::test]
async fn following_shows_for_the_follower_only_and_is_idempotent() {
    let app = spawn_app().await;
    app.register("jake").await;
    let anna = app.register("anna").await;
    let bob = app.register("bob").await;

    for _ in 0..2 {
        let response = app.follow(&anna, "jake").await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.body["profile"]["following"], true);
    }

    assert_eq!(
        app.get("/api/profiles/jake", Some(&anna.token)).await.body["profile"]["following"],
        true
    );
    assert_eq!(
        app.get("/api/profiles/jake", Some(&bob.token)).await.body["profile"]["following"],
        false
    );
    assert_eq!(
        app.get("/api/profiles/jake", None).await.body["profile"]["following"],
        false
    );
}

#[tokio::test]
async fn unfollowing_is_idempotent() {
    let app = spawn_app().await;
    app.register("jake").await;
    let anna = app.register("anna").await;
    app.follow(&anna, "jake").await;
    for _ in 0..2 {
        let response = app
            .delete("/api/profiles/jake/follow", Some(&anna.token))
            .await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(
            response.body,
            json!({"profile": {"username": "jake", "bio": null, "image": null, "following": false}})
        );
    }
}

#[tokio::test]
async fn following_needs_a_token_before_anything_else() {
    let app = spawn_app().await;
    for method in [Method::POST, Method::DELETE] {
        app.request(method, "/api/profiles/nobody/follow", None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
    }
}

#[tokio::test]
async fn following_an_unknown_user_is_404() {
    let app = spawn_app().await;
    let anna = app.register("anna").await;
    app.follow(&anna, "nobody")
        .await
        .assert_error(StatusCode::NOT_FOUND, json!({"profile": ["not found"]}));
    app.delete("/api/profiles/nobody/follow", Some(&anna.token))
        .await
        .assert_error(StatusCode::NOT_FOUND, json!({"profile": ["not found"]}));
}

#[tokio::test]
async fn following_yourself_is_refused() {
    let app = spawn_app().await;
    let anna = app.register("anna").await;
    app.follow(&anna, "anna").await.assert_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"profile": ["cannot follow yourself"]}),
    );
}

#[tokio::test]
async fn a_bad_token_on_a_public_route_is_401_not_anonymous() {
    let app = spawn_app().await;
    app.register("jake").await;
    app.get("/api/profiles/jake", Some("not.a.token"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is invalid"]}));
}
