//! The breached-password check as the API applies it, with wiremock standing in for Pwned
//! Passwords. "password" hashes to SHA-1 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8.

use std::time::Duration;

use conduit_domain::services::BreachPolicy;
use reqwest::StatusCode;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const BREACHED: &str = "password";
const BREACHED_RANGE: &str = "/range/5BAA6";
const BREACHED_SUFFIX: &str = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

async fn mount_breached(app: &TestApp, times: u64) {
    Mock::given(method("GET"))
        .and(path(BREACHED_RANGE))
        .and(header("Add-Padding", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!(
            "0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n{BREACHED_SUFFIX}:10434004\r\n"
        )))
        .named("pwned passwords: 'password' is breached")
        .expect(times)
        .mount(&app.pwned)
        .await;
}

async fn mount_failure(app: &TestApp, times: u64) {
    Mock::given(method("GET"))
        .and(path(BREACHED_RANGE))
        .respond_with(ResponseTemplate::new(500))
        .named("pwned passwords: down")
        .expect(times)
        .mount(&app.pwned)
        .await;
}

#[tokio::test]
async fn registering_with_a_breached_password_is_422() {
    let app = spawn_app().await;
    mount_breached(&app, 1).await;
    app.register_raw("jake", "jake@example.com", BREACHED)
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"password": ["has appeared in a data breach; choose another"]}),
        );
    app.login_raw("jake@example.com", BREACHED)
        .await
        .assert_error(
            StatusCode::UNAUTHORIZED,
            json!({"credentials": ["invalid"]}),
        );
}

#[tokio::test]
async fn changing_to_a_breached_password_is_422_and_keeps_the_old_one() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    mount_breached(&app, 1).await;
    app.update_user(&jake.token, json!({"password": BREACHED}))
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"password": ["has appeared in a data breach; choose another"]}),
        );
    assert_eq!(
        app.login_raw(&jake.email, &jake.password).await.status,
        StatusCode::OK
    );
    assert_eq!(app.current_user(&jake.token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn by_default_an_unreachable_service_lets_registration_through() {
    let app = spawn_app().await;
    mount_failure(&app, 1).await;
    assert_eq!(
        app.register_raw("jake", "jake@example.com", BREACHED)
            .await
            .status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn fail_closed_refuses_registration_while_the_service_is_down() {
    let app = spawn_app_with(|config| config.breach_check.policy = BreachPolicy::FailClosed).await;
    mount_failure(&app, 1).await;
    app.register_raw("jake", "jake@example.com", BREACHED)
        .await
        .assert_error(
            StatusCode::SERVICE_UNAVAILABLE,
            json!({"password": ["could not be checked against known breaches; try again later"]}),
        );
}

#[tokio::test]
async fn a_slow_service_is_given_up_on_within_the_timeout() {
    let app =
        spawn_app_with(|config| config.breach_check.timeout = Duration::from_millis(300)).await;
    Mock::given(method("GET"))
        .and(path(BREACHED_RANGE))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .named("pwned passwords: hanging")
        .expect(1)
        .mount(&app.pwned)
        .await;
    let started = std::time::Instant::now();

    let response = app.register_raw("jake", "jake@example.com", BREACHED).await;

    assert_eq!(response.status, StatusCode::CREATED);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn with_the_check_off_the_service_is_never_called() {
    let app = spawn_app_with(|config| config.breach_check.policy = BreachPolicy::Off).await;
    mount_breached(&app, 0).await;
    assert_eq!(
        app.register_raw("jake", "jake@example.com", BREACHED)
            .await
            .status,
        StatusCode::CREATED
    );
    let received = app.pwned.received_requests().await.unwrap();
    assert!(received.is_empty(), "{received:?}");
}

#[tokio::test]
async fn only_the_five_character_prefix_leaves_the_server() {
    let app = spawn_app().await;
    mount_breached(&app, 1).await;
    app.register_raw("jake", "jake@example.com", BREACHED).await;
    let received = app.pwned.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.url.path(), BREACHED_RANGE);
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty());
    let headers = format!("{:?}", request.headers);
    assert!(
        !headers.contains(BREACHED_SUFFIX) && !headers.contains(&BREACHED_SUFFIX.to_lowercase())
    );
}

#[tokio::test]
async fn login_never_consults_the_service() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let before = app.pwned.received_requests().await.unwrap().len();
    assert_eq!(
        app.login_raw(&jake.email, &jake.password).await.status,
        StatusCode::OK
    );
    assert_eq!(app.pwned.received_requests().await.unwrap().len(), before);
}
