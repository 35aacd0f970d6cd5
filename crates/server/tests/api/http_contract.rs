//! What every route shares: errors in the RealWorld shape for bad requests, unknown routes and
//! wrong methods; CORS; request ids; the UI shell and the published schemas.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, ORIGIN};
use serde_json::json;

use crate::helpers::{TestResponse, spawn_app, spawn_app_with};

#[tokio::test]
async fn an_unknown_api_route_is_a_json_404() {
    let app = spawn_app().await;
    app.get("/api/nothing-here", None)
        .await
        .assert_error(StatusCode::NOT_FOUND, json!({"route": ["not found"]}));
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let app = spawn_app().await;
    let response = app
        .request(reqwest::Method::DELETE, "/api/users/login", None, None)
        .await;
    response.assert_error(
        StatusCode::METHOD_NOT_ALLOWED,
        json!({"method": ["is not allowed on this route"]}),
    );
}

#[tokio::test]
async fn malformed_json_is_400_without_parser_internals() {
    let app = spawn_app().await;
    for body in [
        "{\"user\": {",
        "",
        "not json",
        "{\"user\": {\"email\": \"a\"}} trailing",
    ] {
        let response = app
            .send(
                app.build(reqwest::Method::POST, "/api/users/login")
                    .header(CONTENT_TYPE, "application/json")
                    .body(body),
            )
            .await;
        response.assert_error(
            StatusCode::BAD_REQUEST,
            json!({"body": ["is not valid JSON"]}),
        );
    }
}

#[tokio::test]
async fn a_body_that_is_not_declared_json_is_415() {
    let app = spawn_app().await;
    // Half of `application/...+json` is not enough: each of these misses the other half.
    for content_type in ["text/plain", "application/xml", "text/x-notes+json"] {
        let response = app
            .send(
                app.build(reqwest::Method::POST, "/api/users/login")
                    .header(CONTENT_TYPE, content_type)
                    .body(r#"{"user": {"email": "a@example.com", "password": "x"}}"#),
            )
            .await;
        response.assert_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            json!({"content-type": ["must be application/json"]}),
        );
    }
}

#[tokio::test]
async fn json_with_a_charset_parameter_is_accepted() {
    let app = spawn_app().await;
    let response = app
        .send(
            app.build(reqwest::Method::POST, "/api/users")
                .header(CONTENT_TYPE, "application/json; charset=utf-8")
                .body(r#"{"user": {"username": "jake", "email": "jake@example.com", "password": "jakejake"}}"#),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED);
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let app = spawn_app_with(|config| config.http.body_limit_bytes = 1024).await;
    let response = app
        .post(
            "/api/users",
            None,
            json!({"user": {"username": "x".repeat(2000), "email": "a@b.c", "password": "p"}}),
        )
        .await;
    response.assert_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        json!({"body": ["is too large"]}),
    );
}

#[tokio::test]
async fn a_request_past_the_timeout_is_a_json_408() {
    let app = spawn_app_with(|config| {
        config.http.request_timeout = std::time::Duration::from_millis(100);
        config.breach_check.timeout = std::time::Duration::from_secs(10);
    })
    .await;
    // Every password is looked up; this look-up outlasts the request's timeout.
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(10)),
        )
        .named("pwned passwords: hanging")
        .mount(&app.pwned)
        .await;

    let response = app
        .register_raw("jake", "jake@example.com", "a long enough password")
        .await;

    response.assert_error(
        StatusCode::REQUEST_TIMEOUT,
        json!({"request": ["took too long; try again"]}),
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let response = app.get("/api/user", None).await;
    let id = response.headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "{id}");
}

mod cors {
    use super::*;

    async fn preflight(app: &crate::helpers::TestApp, origin: &str) -> TestResponse {
        let request = app
            .build(reqwest::Method::OPTIONS, "/api/user")
            .header(ORIGIN, origin)
            .header("Access-Control-Request-Method", "PUT")
            .header(
                "Access-Control-Request-Headers",
                "content-type,authorization",
            );
        app.send(request).await
    }

    #[tokio::test]
    async fn the_uis_own_origin_may_send_json_with_a_token() {
        let app = spawn_app().await;
        let response = preflight(&app, &app.address).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(
            response.headers["access-control-allow-origin"],
            app.address.as_str()
        );
        let allowed = response.headers["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_lowercase();
        assert!(
            allowed.contains("content-type") && allowed.contains("authorization"),
            "{allowed}"
        );
        let methods = response.headers["access-control-allow-methods"]
            .to_str()
            .unwrap();
        assert!(methods.contains("PUT"), "{methods}");
    }

    #[tokio::test]
    async fn other_origins_are_refused_unless_configured() {
        let app = spawn_app_with(|config| {
            config.http.cors_allowed_origins = vec!["https://client.example".into()];
        })
        .await;
        let stranger = preflight(&app, "https://evil.example").await;
        assert!(
            stranger
                .headers
                .get("access-control-allow-origin")
                .is_none()
        );
        let configured = preflight(&app, "https://client.example").await;
        assert_eq!(
            configured.headers["access-control-allow-origin"],
            "https://client.example"
        );
    }
}

mod ui_and_schemas {
    use super::*;

    #[tokio::test]
    async fn page_paths_get_the_app_shell_with_a_strict_content_security_policy() {
        let app = spawn_app().await;
        for path in ["/", "/login", "/article/some-slug", "/no/such/page"] {
            let response = app.send(app.build(reqwest::Method::GET, path)).await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
            assert_eq!(response.headers[CONTENT_TYPE], "text/html; charset=utf-8");
            let policy = response.headers["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(policy.contains("script-src 'self'"), "{policy}");
            let html = &response.text;
            assert!(html.to_lowercase().starts_with("<!doctype html>"), "{path}");
        }
    }

    #[tokio::test]
    async fn a_page_path_answers_head_like_get_and_other_methods_with_a_json_405() {
        let app = spawn_app().await;
        let head = app.send(app.build(reqwest::Method::HEAD, "/login")).await;
        assert_eq!(head.status, StatusCode::OK);
        assert_eq!(head.headers[CONTENT_TYPE], "text/html; charset=utf-8");
        for method in [reqwest::Method::POST, reqwest::Method::DELETE] {
            app.send(app.build(method, "/login")).await.assert_error(
                StatusCode::METHOD_NOT_ALLOWED,
                json!({"method": ["is not allowed on this route"]}),
            );
        }
    }

    #[tokio::test]
    async fn assets_are_served_with_their_types_and_unknown_ones_are_404() {
        let app = spawn_app().await;
        for (path, content_type) in [
            ("/assets/default-avatar.svg", "image/svg+xml"),
            ("/assets/app.js", "text/javascript; charset=utf-8"),
            ("/assets/style.css", "text/css; charset=utf-8"),
        ] {
            let response = app.send(app.build(reqwest::Method::GET, path)).await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
            assert_eq!(response.headers[CONTENT_TYPE], content_type, "{path}");
        }
        let missing = app
            .send(app.build(reqwest::Method::GET, "/assets/nope.js"))
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn the_openapi_document_describes_the_bodies_and_every_reference_resolves() {
        let app = spawn_app().await;
        let response = app.get("/api/openapi.json", None).await;
        assert_eq!(response.status, StatusCode::OK);
        let document = response.body;
        assert_eq!(document["openapi"], "3.1.0");
        let schemas = &document["components"]["schemas"];
        for name in [
            "Article",
            "ArticleSummary",
            "Profile",
            "Comment",
            "User",
            "MultipleArticlesResponse",
            "MultipleCommentsResponse",
            "TagsResponse",
            "ErrorBody",
        ] {
            let schema = &schemas[name];
            assert!(
                schema["properties"].is_object() || schema["allOf"].is_array(),
                "{name}"
            );
        }
        let text = document.to_string();
        let references: Vec<&str> = text
            .split("\"$ref\":\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(references.len() > 20, "{references:?}");
        for reference in references {
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{reference}"));
            assert!(document.pointer(pointer).is_some(), "{reference} resolves");
        }
    }

    /// Every documented operation reaches a handler: none answers "no such route" or "method
    /// not allowed". (The harness checks the other direction: an undocumented route fails.)
    #[tokio::test]
    async fn every_documented_operation_is_routed() {
        let app = spawn_app().await;
        let document = app.get("/api/openapi.json", None).await.body;
        let mut operations = 0;
        for (path, item) in document["paths"].as_object().unwrap() {
            let concrete = path
                .replace("{slug}", "no-such-slug")
                .replace("{username}", "nobody")
                .replace("{id}", "1");
            for method in item.as_object().unwrap().keys() {
                let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let response = app.request(method.clone(), &concrete, None, None).await;
                assert_ne!(
                    response.body,
                    json!({"errors": {"route": ["not found"]}}),
                    "{method} {path}"
                );
                assert_ne!(
                    response.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}"
                );
                operations += 1;
            }
        }
        assert_eq!(operations, 23);
    }
}
