//! Look-alike usernames: a name is taken by every spelling that reads the same (letter case,
//! fullwidth forms, a Cyrillic letter posing as a Latin one, a dotted or dotless I),
//! while the name shown stays exactly the one its owner typed.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, spawn_app};

fn taken() -> serde_json::Value {
    json!({"username": ["has already been taken"]})
}

/// Registering each of `look_alikes`, with an email of its own, is refused as a taken name.
async fn each_is_taken(app: &TestApp, look_alikes: &[&str]) {
    for (index, look_alike) in look_alikes.iter().enumerate() {
        app.register_raw(look_alike, &format!("other{index}@example.com"), PASSWORD)
            .await
            .assert_error(StatusCode::CONFLICT, taken());
    }
}

#[tokio::test]
async fn every_look_alike_of_a_taken_username_is_409() {
    let app = spawn_app().await;
    app.register("jake").await;
    // Upper case, fullwidth, a Cyrillic "а" (U+0430), and all three at once.
    each_is_taken(&app, &["JAKE", "Jake", "ｊａｋｅ", "jаke", "ＪаＫe"]).await;
}

#[tokio::test]
async fn a_dotted_or_dotless_i_is_the_letter_i() {
    let app = spawn_app().await;
    app.register("ilker").await;
    app.register("İsmail").await;
    each_is_taken(
        &app,
        &[
            "İlker", "ILKER", "ılker", "İLKER", "ismail", "ISMAIL", "ısmaıl",
        ],
    )
    .await;
}

#[tokio::test]
async fn names_that_read_differently_stay_free() {
    let app = spawn_app().await;
    app.register("zoë").await;
    for name in ["zoe", "zoé", "jake", "jade"] {
        app.register(name).await;
    }
}

#[tokio::test]
async fn the_name_shown_is_exactly_the_one_typed() {
    let app = spawn_app().await;
    let response = app
        .register_raw("ＪａｋｅＤｏｅ", "jake@example.com", PASSWORD)
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
    assert_eq!(response.body["user"]["username"], "ＪａｋｅＤｏｅ");
    for spelling in ["ＪａｋｅＤｏｅ", "jakedoe", "JAKEDOE"] {
        let profile = app.get(&format!("/api/profiles/{spelling}"), None).await;
        assert_eq!(
            (profile.status, profile.body),
            (
                StatusCode::OK,
                json!({"profile": {"username": "ＪａｋｅＤｏｅ", "bio": null, "image": null, "following": false}})
            ),
            "{spelling}"
        );
    }
}

#[tokio::test]
async fn renaming_to_a_look_alike_of_someone_elses_name_is_409() {
    let app = spawn_app().await;
    app.register("jake").await;
    let anna = app.register("anna").await;
    for look_alike in ["JAKE", "ｊａｋｅ", "jаke"] {
        app.update_user(&anna.token, json!({ "username": look_alike }))
            .await
            .assert_error(StatusCode::CONFLICT, taken());
    }
    assert_eq!(
        app.current_user(&anna.token).await.body["user"]["username"],
        "anna"
    );
}

#[tokio::test]
async fn restyling_your_own_name_keeps_it_and_shows_the_new_spelling() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    for restyled in ["Jake", "ＪＡＫＥ", "jаke", "jake"] {
        let response = app
            .update_user(&jake.token, json!({ "username": restyled }))
            .await;
        assert_eq!(
            (response.status, &response.body["user"]["username"]),
            (StatusCode::OK, &json!(restyled))
        );
    }
}

#[tokio::test]
async fn articles_are_found_by_any_spelling_of_their_authors_name() {
    let app = spawn_app().await;
    let jake = app.register("Jake").await;
    app.create_article(&jake, "How to train your dragon", &[])
        .await;
    for spelling in ["Jake", "jake", "ｊａｋｅ"] {
        let response = app
            .get(&format!("/api/articles?author={spelling}"), None)
            .await;
        assert_eq!(
            (response.status, &response.body["articlesCount"]),
            (StatusCode::OK, &json!(1)),
            "{spelling}"
        );
    }
}
