//! Guessing and sign-up floods: failed logins are limited per account and per client address,
//! registrations per client address; over a limit the answer is 429 with `Retry-After`. Time
//! passes on a manual clock, so no test waits for a window to pass.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ManualClock, TestApp, TestResponse, spawn_app_at};

const WRONG: &str = "not the password";

/// The defaults: five wrong passwords per account in five minutes, one more every minute.
const ACCOUNT_BUDGET: usize = 5;
const ONE_BACK_EVERY: Duration = Duration::from_secs(60);

async fn spawn_app_on(clock: &Arc<ManualClock>) -> TestApp {
    spawn_app_at(clock.clone(), |_| {}).await
}

fn assert_throttled(response: &TestResponse, field: &str, message: &str, retry_after: u64) {
    response.assert_error(StatusCode::TOO_MANY_REQUESTS, json!({ field: [message] }));
    assert_eq!(
        response.headers["retry-after"].to_str().unwrap(),
        retry_after.to_string()
    );
}

fn assert_login_throttled(response: &TestResponse, retry_after: u64) {
    let wait = match retry_after {
        1 => "1 second".to_owned(),
        seconds => format!("{seconds} seconds"),
    };
    let message = format!("too many failed attempts; try again in {wait}");
    assert_throttled(response, "login", &message, retry_after);
}

fn assert_wrong_password(response: &TestResponse) {
    response.assert_error(
        StatusCode::UNAUTHORIZED,
        json!({"credentials": ["invalid"]}),
    );
}

mod per_account {
    use super::*;

    #[tokio::test]
    async fn the_wrong_password_after_five_is_429_with_retry_after() {
        let clock = ManualClock::new();
        let app = spawn_app_on(&clock).await;
        let ann = app.register("ann").await;

        for _ in 0..ACCOUNT_BUDGET {
            assert_wrong_password(&app.login_raw(&ann.email, WRONG).await);
        }

        assert_login_throttled(&app.login_raw(&ann.email, WRONG).await, 60);
    }

    #[tokio::test]
    async fn while_held_back_even_the_right_password_is_refused_until_the_wait_is_over() {
        let clock = ManualClock::new();
        let app = spawn_app_on(&clock).await;
        let ann = app.register("ann").await;
        for _ in 0..ACCOUNT_BUDGET {
            app.login_raw(&ann.email, WRONG).await;
        }

        assert_login_throttled(&app.login_raw(&ann.email, &ann.password).await, 60);
        clock.advance(ONE_BACK_EVERY - Duration::from_secs(1));
        assert_login_throttled(&app.login_raw(&ann.email, &ann.password).await, 1);
        clock.advance(Duration::from_secs(1));

        assert_eq!(
            app.login_raw(&ann.email, &ann.password).await.status,
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn the_email_is_counted_as_normalised() {
        let clock = ManualClock::new();
        let app = spawn_app_on(&clock).await;
        app.register("ann").await;

        for email in ["ANN@example.com", " ann@EXAMPLE.com", "Ann@Example.Com"]
            .into_iter()
            .cycle()
            .take(ACCOUNT_BUDGET)
        {
            assert_wrong_password(&app.login_raw(email, WRONG).await);
        }

        assert_login_throttled(&app.login_raw("ann@example.com", WRONG).await, 60);
    }

    #[tokio::test]
    async fn other_accounts_are_not_held_back() {
        let clock = ManualClock::new();
        let app = spawn_app_on(&clock).await;
        let ann = app.register("ann").await;
        let bob = app.register("bob").await;
        for _ in 0..=ACCOUNT_BUDGET {
            app.login_raw(&ann.email, WRONG).await;
        }

        assert_wrong_password(&app.login_raw(&bob.email, WRONG).await);
        assert_eq!(
            app.login_raw(&bob.email, &bob.password).await.status,
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn right_passwords_spend_nothing() {
        let clock = ManualClock::new();
        let app = spawn_app_on(&clock).await;
        let ann = app.register("ann").await;

        for _ in 0..3 * ACCOUNT_BUDGET {
            assert_eq!(
                app.login_raw(&ann.email, &ann.password).await.status,
                StatusCode::OK
            );
        }
        for _ in 0..ACCOUNT_BUDGET {
            assert_wrong_password(&app.login_raw(&ann.email, WRONG).await);
        }
    }
}
