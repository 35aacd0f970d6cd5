//! A request cut short while its write waits for the database: the write still happens, and the
//! cache of users must not go on admitting a session the write ended. The write waits because a
//! transaction elsewhere holds back writes to users; the request ends, by the server's timeout or
//! by a client that gives up, while it waits.

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use conduit_domain::services::BreachPolicy;
use conduit_server::config::Config;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, TestUser, spawn_app_with, token_of};

const NEW_PASSWORD: &str = "a brand new password";

/// jake, signed in twice: the returned token is the laptop's session, looked up once so that the
/// app keeps jake in its cache.
async fn jake_on_a_laptop(app: &TestApp) -> (TestUser, String) {
    let jake = app.register("jake").await;
    let laptop = token_of(&app.login_raw(&jake.email, &jake.password).await);
    assert_eq!(app.current_user(&laptop).await.status, StatusCode::OK);
    (jake, laptop)
}

/// The app with `customise`d settings and room for as many wrong passwords as
/// [`until_committed`] sends. Without the breach check, a password change reaches its write in a
/// few milliseconds (it has only the token, the body and a cheap hash to see to), far within
/// [`CUT_SHORT_AFTER`].
async fn spawn(customise: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_with(|config| {
        config.throttle.login_failures_per_account.count = NonZeroU32::MAX;
        config.breach_check.policy = BreachPolicy::Off;
        customise(config);
    })
    .await
}

/// When the request is cut short: long after its write began waiting, which takes milliseconds.
/// Cut short before the write began, the change would never be made, and `until_committed`
/// would fail: too short a time can make these tests fail, never pass without the write.
const CUT_SHORT_AFTER: Duration = Duration::from_millis(300);

/// Waits until the new password signs jake in, i.e. the change is committed.
async fn until_committed(app: &TestApp, jake: &TestUser) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.login_raw(&jake.email, NEW_PASSWORD).await.status != StatusCode::OK {
        assert!(
            Instant::now() < deadline,
            "the password change never committed"
        );
        tokio::task::yield_now().await;
    }
}

/// Once the change committed, the laptop's session is over: at once, not after the cache expires.
async fn assert_laptop_ended(app: &TestApp, laptop: &str) {
    app.current_user(laptop)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is invalid"]}));
}

#[tokio::test]
async fn a_password_change_that_times_out_while_its_write_waits_still_ends_every_other_session() {
    let app = spawn(|config| config.http.request_timeout = CUT_SHORT_AFTER).await;
    let (jake, laptop) = jake_on_a_laptop(&app).await;
    let held = app.hold_user_writes().await;

    let cut_short = app
        .update_user(&jake.token, json!({ "password": NEW_PASSWORD }))
        .await;
    assert_eq!(cut_short.status, StatusCode::REQUEST_TIMEOUT);
    // The change is not committed yet: the laptop is still admitted, and looked up again.
    assert_eq!(app.current_user(&laptop).await.status, StatusCode::OK);
    held.release().await;

    until_committed(&app, &jake).await;
    assert_laptop_ended(&app, &laptop).await;
}

#[tokio::test]
async fn a_password_change_whose_client_gives_up_while_its_write_waits_still_ends_every_other_session()
 {
    let app = spawn(|_| {}).await;
    let (jake, laptop) = jake_on_a_laptop(&app).await;
    let held = app.hold_user_writes().await;

    let impatient = reqwest::Client::builder()
        .timeout(CUT_SHORT_AFTER)
        .build()
        .unwrap();
    let gave_up = impatient
        .put(app.url("/api/user"))
        .header("Authorization", format!("Token {}", jake.token))
        .json(&json!({ "user": { "password": NEW_PASSWORD } }))
        .send()
        .await;
    assert!(gave_up.unwrap_err().is_timeout());
    assert_eq!(app.current_user(&laptop).await.status, StatusCode::OK);
    held.release().await;

    until_committed(&app, &jake).await;
    assert_laptop_ended(&app, &laptop).await;
}
