//! GET and POST /api/articles/:slug/comments, DELETE /api/articles/:slug/comments/:id.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{slug_of, spawn_app};

#[tokio::test]
async fn adding_a_comment_answers_201_with_the_comment() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let slug = slug_of(&app.create_article(&jake, "Discussed", &[]).await);

    let response = app.comment(&jake, &slug, "Thank you so much!").await;

    assert_eq!(response.status, StatusCode::CREATED);
    let comment = &response.body["comment"];
    assert!(comment["id"].is_i64(), "{comment}");
    assert_eq!(comment["createdAt"], comment["updatedAt"]);
    assert_eq!(
        comment,
        &json!({
            "id": comment["id"], "createdAt": comment["createdAt"], "updatedAt": comment["updatedAt"],
            "body": "Thank you so much!",
            "author": {"username": "jake", "bio": null, "image": null, "following": false},
        })
    );
}

#[tokio::test]
async fn comments_are_listed_oldest_first_with_the_viewers_following() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let anna = app.register("anna").await;
    let slug = slug_of(&app.create_article(&jake, "Discussed", &[]).await);
    app.comment(&jake, &slug, "first").await;
    app.comment(&anna, &slug, "second").await;
    app.follow(&anna, "jake").await;

    let as_anna = app
        .get(&format!("/api/articles/{slug}/comments"), Some(&anna.token))
        .await;
    let anonymous = app
        .get(&format!("/api/articles/{slug}/comments"), None)
        .await;

    let bodies = |response: &crate::helpers::TestResponse| -> Vec<Value> {
        response.body["comments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["body"].clone())
            .collect()
    };
    assert_eq!(bodies(&as_anna), [json!("first"), json!("second")]);
    assert_eq!(as_anna.body["comments"][0]["author"]["following"], true);
    assert_eq!(anonymous.body["comments"][0]["author"]["following"], false);
}

#[tokio::test]
async fn an_unknown_article_is_404_for_every_comment_route() {
    let app = spawn_app().await;
    let anna = app.register("anna").await;
    let not_found = json!({"article": ["not found"]});
    app.get("/api/articles/nope/comments", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, not_found.clone());
    app.comment(&anna, "nope", "hello")
        .await
        .assert_error(StatusCode::NOT_FOUND, not_found.clone());
    for id in ["1", "not-a-number"] {
        app.delete(
            &format!("/api/articles/nope/comments/{id}"),
            Some(&anna.token),
        )
        .await
        .assert_error(StatusCode::NOT_FOUND, not_found.clone());
    }
}

#[tokio::test]
async fn a_blank_comment_is_422_and_needs_a_token() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let slug = slug_of(&app.create_article(&jake, "Discussed", &[]).await);
    app.comment(&jake, &slug, "   ").await.assert_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"body": ["can't be blank"]}),
    );
    app.post(
        &format!("/api/articles/{slug}/comments"),
        None,
        json!({"comment": {"body": "hi"}}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
}

#[tokio::test]
async fn the_author_deletes_one_comment_and_the_others_stay() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let slug = slug_of(&app.create_article(&jake, "Discussed", &[]).await);
    let doomed = app.comment(&jake, &slug, "doomed").await.body["comment"]["id"].clone();
    app.comment(&jake, &slug, "stays").await;

    let response = app
        .delete(
            &format!("/api/articles/{slug}/comments/{doomed}"),
            Some(&jake.token),
        )
        .await;

    assert_eq!(
        (response.status, response.body),
        (StatusCode::NO_CONTENT, Value::Null)
    );
    let remaining = app
        .get(&format!("/api/articles/{slug}/comments"), None)
        .await;
    let bodies: Vec<&Value> = remaining.body["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["body"])
        .collect();
    assert_eq!(bodies, [&json!("stays")]);
}

#[tokio::test]
async fn deleting_checks_token_then_article_then_comment_then_author() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let anna = app.register("anna").await;
    let slug = slug_of(&app.create_article(&jake, "Discussed", &[]).await);
    let other_slug = slug_of(&app.create_article(&jake, "Elsewhere", &[]).await);
    let id = app.comment(&jake, &slug, "mine").await.body["comment"]["id"].clone();
    let elsewhere = app.comment(&jake, &other_slug, "other").await.body["comment"]["id"].clone();

    app.request(
        Method::DELETE,
        &format!("/api/articles/{slug}/comments/{id}"),
        None,
        None,
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
    for missing in ["999999".to_owned(), "abc".to_owned(), elsewhere.to_string()] {
        app.delete(
            &format!("/api/articles/{slug}/comments/{missing}"),
            Some(&jake.token),
        )
        .await
        .assert_error(StatusCode::NOT_FOUND, json!({"comment": ["not found"]}));
    }
    app.delete(
        &format!("/api/articles/{slug}/comments/{id}"),
        Some(&anna.token),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, json!({"comment": ["forbidden"]}));
    let still_there = app
        .get(&format!("/api/articles/{slug}/comments"), None)
        .await;
    assert_eq!(still_there.body["comments"].as_array().unwrap().len(), 1);
}
