//! Every limit the OpenAPI document publishes is the one the domain enforces: for each length
//! cap (a `maxLength`, or the length a trimmed field's `pattern` counts), `minLength` and
//! `maxItems` of each request body, a value just past it is refused with that very number, and a
//! value at it is not refused for its length.

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

/// The longest text for `field` that `property` allows: its `maxLength`, or else the length its
/// `pattern` counts (a trimmed field's cap is there: `maxLength` would count the whitespace).
/// `None` when neither caps it.
pub fn published_cap(field: &str, property: &Value) -> Option<usize> {
    if let Some(max) = property["maxLength"].as_u64() {
        return usize::try_from(max).ok();
    }
    let pattern = property["pattern"].as_str()?;
    let schema = json!({"type": "string", "pattern": pattern});
    let validator = jsonschema::validator_for(&schema).unwrap();
    let fits = |length: usize| validator.is_valid(&value_of_length(field, length));
    let (mut fitting, mut too_long) = (shortest(field), 1 << 18);
    assert!(
        fits(fitting),
        "{field}: the shortest value does not match {pattern}"
    );
    if fits(too_long) {
        return None;
    }
    while too_long - fitting > 1 {
        let middle = fitting + (too_long - fitting) / 2;
        if fits(middle) {
            fitting = middle;
        } else {
            too_long = middle;
        }
    }
    Some(fitting)
}

/// The shortest length [`value_of_length`] can make for `field`.
fn shortest(field: &str) -> usize {
    match field {
        "email" => "e@example.com".len(),
        "image" => "https://i".len(),
        _ => 1,
    }
}

/// Sends `target`'s valid body with one field replaced, as jake.
struct Probe<'a> {
    app: &'a TestApp,
    jake: TestUser,
}

impl Probe<'_> {
    async fn send(&mut self, target: &Target, field: &str, value: Value) -> TestResponse {
        let mut fields = target.valid.clone();
        fields[field] = value;
        let body = json!({ target.wrapper: fields });
        let response = self
            .app
            .request(
                target.method.clone(),
                &target.path,
                Some(&self.jake.token),
                Some(body),
            )
            .await;
        // A password change revokes the token that made it; carry on with the new one.
        if let Some(token) = response.body["user"]["token"].as_str() {
            self.jake.token = token.to_owned();
        }
        response
    }

    async fn assert_refused(
        &mut self,
        target: &Target,
        field: &str,
        value: Value,
        message: String,
    ) {
        let response = self.send(target, field, value).await;
        assert_eq!(
            (response.status, &response.body),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                &json!({"errors": {field: [message]}})
            ),
            "{} {field}",
            target.schema
        );
    }
}

#[tokio::test]
async fn every_published_limit_is_enforced_by_the_domain_with_that_number() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let slug = crate::helpers::slug_of(&app.create_article(&jake, "Limits", &[]).await);
    let document = app.get("/api/openapi.json", None).await.body;
    let mut probe = Probe { app: &app, jake };
    let mut checked = 0;
    for target in targets(&slug) {
        let properties = document["components"]["schemas"][target.schema]["properties"]
            .as_object()
            .unwrap();
        for (field, property) in properties {
            let limit = |keyword: &str| property[keyword].as_u64().map(|n| n as usize);
            if let Some(max) = published_cap(field, property) {
                let message = format!("is too long (maximum is {max} characters)");
                probe
                    .assert_refused(
                        &target,
                        field,
                        value_of_length(field, max + 1),
                        message.clone(),
                    )
                    .await;
                let at = probe
                    .send(&target, field, value_of_length(field, max))
                    .await;
                assert_ne!(
                    at.body,
                    json!({"errors": {field: [message]}}),
                    "{} {field} at the limit",
                    target.schema
                );
                checked += 1;
            }
            if let Some(min) = limit("minLength") {
                // Required text's minimum is 1, and empty text is blank.
                let (short, message) = match min {
                    1 => (json!(""), "can't be blank".to_owned()),
                    _ => (
                        value_of_length(field, min - 1),
                        format!("is too short (minimum is {min} characters)"),
                    ),
                };
                probe.assert_refused(&target, field, short, message).await;
                checked += 1;
            }
            if let Some(max) = limit("maxItems") {
                let message = format!("has too many tags (maximum is {max})");
                probe
                    .assert_refused(&target, field, value_of_length(field, max + 1), message)
                    .await;
                let tag_max = published_cap("tag", &property["items"]).unwrap();
                let message = format!("is too long (maximum is {tag_max} characters)");
                probe
                    .assert_refused(&target, field, json!(["t".repeat(tag_max + 1)]), message)
                    .await;
                checked += 2;
            }
        }
    }
    // Every rule of the published document was exercised (see src/openapi/limits.rs).
    assert_eq!(checked, 36);
}
