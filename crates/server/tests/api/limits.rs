//! Every limit the OpenAPI document publishes is the one the domain enforces: for each
//! `maxLength`, `minLength` and `maxItems` of each request body, a value just past it is refused
//! with that very number, and a value at it is not refused for its length.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, TestResponse, TestUser, spawn_app};

/// Where each request body is sent, and a body that is valid apart from the field under test.
struct Target {
    schema: &'static str,
    wrapper: &'static str,
    method: Method,
    path: String,
    valid: Value,
}

fn targets(slug: &str) -> Vec<Target> {
    let target = |schema, wrapper, method, path: String, valid| Target {
        schema,
        wrapper,
        method,
        path,
        valid,
    };
    let article = json!({"title": "t", "description": "d", "body": "b", "tagList": []});
    vec![
        target(
            "NewUser",
            "user",
            Method::POST,
            "/api/users".into(),
            json!({"username": "zoe", "email": "zoe@example.com", "password": PASSWORD}),
        ),
        target(
            "LoginUser",
            "user",
            Method::POST,
            "/api/users/login".into(),
            json!({"email": "jake@example.com", "password": PASSWORD}),
        ),
        target(
            "UpdateUser",
            "user",
            Method::PUT,
            "/api/user".into(),
            json!({}),
        ),
        target(
            "NewArticle",
            "article",
            Method::POST,
            "/api/articles".into(),
            article,
        ),
        target(
            "UpdateArticle",
            "article",
            Method::PUT,
            format!("/api/articles/{slug}"),
            json!({}),
        ),
        target(
            "NewComment",
            "comment",
            Method::POST,
            format!("/api/articles/{slug}/comments"),
            json!({"body": "b"}),
        ),
    ]
}

/// A text or list of `length` for `field`, which the field's other rules accept.
fn value_of_length(field: &str, length: usize) -> Value {
    match field {
        "email" => json!(format!(
            "{}@example.com",
            "e".repeat(length - "@example.com".len())
        )),
        "image" => json!(format!("https://{}", "i".repeat(length - "https://".len()))),
        "tagList" => json!((0..length).map(|n| format!("t{n}")).collect::<Vec<_>>()),
        _ => json!("x".repeat(length)),
    }
}

async fn send(app: &TestApp, jake: &TestUser, target: &Target, fields: Value) -> TestResponse {
    let body = json!({ target.wrapper: fields });
    app.request(
        target.method.clone(),
        &target.path,
        Some(&jake.token),
        Some(body),
    )
    .await
}

fn with(valid: &Value, field: &str, value: Value) -> Value {
    let mut fields = valid.clone();
    fields[field] = value;
    fields
}

#[tokio::test]
async fn every_published_limit_is_enforced_by_the_domain_with_that_number() {
    let app = spawn_app().await;
    let mut jake = app.register("jake").await;
    let slug = crate::helpers::slug_of(&app.create_article(&jake, "Limits", &[]).await);
    let document = app.get("/api/openapi.json", None).await.body;
    let mut checked = 0;
    for target in targets(&slug) {
        let properties = document["components"]["schemas"][target.schema]["properties"]
            .as_object()
            .unwrap();
        for (field, property) in properties {
            let refused = |expected: String| json!({"errors": {field.as_str(): [expected]}});
            if let Some(max) = property["maxLength"].as_u64().map(|n| n as usize) {
                let over = send(
                    &app,
                    &jake,
                    &target,
                    with(&target.valid, field, value_of_length(field, max + 1)),
                )
                .await;
                let expected = refused(format!("is too long (maximum is {max} characters)"));
                assert_eq!(
                    (over.status, &over.body),
                    (StatusCode::UNPROCESSABLE_ENTITY, &expected),
                    "{} {field}",
                    target.schema
                );
                let at = send(
                    &app,
                    &jake,
                    &target,
                    with(&target.valid, field, value_of_length(field, max)),
                )
                .await;
                assert_ne!(at.body, expected, "{} {field} at the limit", target.schema);
                // A password change revokes the token that made it; carry on with the new one.
                if let Some(token) = at.body["user"]["token"].as_str() {
                    jake.token = token.to_owned();
                }
                checked += 1;
            }
            if let Some(min) = property["minLength"].as_u64().map(|n| n as usize) {
                let under = send(
                    &app,
                    &jake,
                    &target,
                    with(&target.valid, field, value_of_length(field, min - 1)),
                )
                .await;
                let expected = refused(format!("is too short (minimum is {min} characters)"));
                assert_eq!(
                    (under.status, &under.body),
                    (StatusCode::UNPROCESSABLE_ENTITY, &expected),
                    "{} {field}",
                    target.schema
                );
                checked += 1;
            }
            if let Some(max) = property["maxItems"].as_u64().map(|n| n as usize) {
                let over = send(
                    &app,
                    &jake,
                    &target,
                    with(&target.valid, field, value_of_length(field, max + 1)),
                )
                .await;
                let expected = refused(format!("has too many tags (maximum is {max})"));
                assert_eq!(
                    (over.status, &over.body),
                    (StatusCode::UNPROCESSABLE_ENTITY, &expected),
                    "{} {field}",
                    target.schema
                );
                let tag_max = property["items"]["maxLength"].as_u64().unwrap() as usize;
                let long_tag = json!(["t".repeat(tag_max + 1)]);
                let expected = refused(format!("is too long (maximum is {tag_max} characters)"));
                let over = send(&app, &jake, &target, with(&target.valid, field, long_tag)).await;
                assert_eq!(
                    (over.status, &over.body),
                    (StatusCode::UNPROCESSABLE_ENTITY, &expected),
                    "{} {field} item",
                    target.schema
                );
                checked += 2;
            }
        }
    }
    // Every rule of the published document was exercised (see src/openapi/limits.rs).
    assert_eq!(checked, 23);
}
