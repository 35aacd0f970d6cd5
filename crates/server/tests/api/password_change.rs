//! PUT /api/user with a new password: the session that made the change goes on (with the token it
//! sent and with the new one), and every session that existed before it ends at once.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, TestUser, spawn_app, token_of};

const NEW_PASSWORD: &str = "a brand new password";

async fn assert_works(app: &TestApp, token: &str, which: &str) {
    let response = app.current_user(token).await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{which}: {:?}",
        response.body
    );
}

async fn assert_ended(app: &TestApp, token: &str, which: &str) {
    let response = app.current_user(token).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{which}");
    response.assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is invalid"]}));
}

/// A second session of `user`, as a login on another device makes it.
async fn another_session(app: &TestApp, user: &TestUser, password: &str) -> String {
    let response = app.login_raw(&user.email, password).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    token_of(&response)
}

/// Changes the password through `token` and returns the token in the response.
async fn change_password(app: &TestApp, token: &str, password: &str) -> String {
    let response = app
        .update_user(token, json!({ "password": password }))
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    token_of(&response)
}

#[tokio::test]
async fn the_session_that_made_it_keeps_the_token_it_sent_and_the_new_one() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;

    let new_token = change_password(&app, &jake.token, NEW_PASSWORD).await;

    assert_ne!(new_token, jake.token);
    assert_works(&app, &jake.token, "the token that made the change").await;
    assert_works(&app, &new_token, "the token in the response").await;
}

#[tokio::test]
async fn every_other_session_ends_at_once() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let laptop = another_session(&app, &jake, &jake.password).await;

    change_password(&app, &laptop, NEW_PASSWORD).await;

    assert_ended(&app, &jake.token, "the session from registration").await;
    let old_password = app.login_raw(&jake.email, &jake.password).await;
    assert_eq!(old_password.status, StatusCode::UNAUTHORIZED);
    another_session(&app, &jake, NEW_PASSWORD).await;
}

#[tokio::test]
async fn a_later_change_from_another_session_ends_the_kept_one() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let laptop_new = change_password(&app, &jake.token, NEW_PASSWORD).await;
    let phone = another_session(&app, &jake, NEW_PASSWORD).await;

    let phone_new = change_password(&app, &phone, "yet another password").await;

    assert_ended(&app, &jake.token, "the session kept by the first change").await;
    assert_ended(&app, &laptop_new, "the token the first change returned").await;
    assert_works(&app, &phone, "the token that made the second change").await;
    assert_works(&app, &phone_new, "the token the second change returned").await;
}

#[tokio::test]
async fn a_profile_change_without_a_password_ends_no_session() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let laptop = another_session(&app, &jake, &jake.password).await;

    app.update_user(&laptop, json!({"bio": "still me"})).await;

    assert_works(&app, &jake.token, "the session from registration").await;
    assert_works(&app, &laptop, "the session that changed the bio").await;
}
