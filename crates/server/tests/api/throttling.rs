//! Guessing and sign-up floods: failed logins are limited per account and per client address,
//! registrations per client address; over a limit the answer is 429 with `Retry-After`. Time
//! passes on a manual clock, so no test waits for a window to pass.

use std::sync::Arc;
use std::time::Duration;

use std::net::IpAddr;
use std::num::NonZeroU32;

use conduit_server::config::{RateLimit, TrustedProxies};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{ManualClock, PASSWORD, TestApp, TestResponse, spawn_app_at};

mod across_instances;

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

fn assert_registration_throttled(response: &TestResponse, retry_after: u64) {
    let message = format!("too many from this address; try again in {retry_after} seconds");
    assert_throttled(response, "registration", &message, retry_after);
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

/// Three in a minute: one comes back every 20 seconds.
fn three_a_minute() -> RateLimit {
    RateLimit {
        count: NonZeroU32::new(3).unwrap(),
        window: Duration::from_secs(60),
    }
}

/// An app whose addresses may fail three logins a minute, trusting `proxies`.
async fn spawn_app_limiting_addresses(clock: &Arc<ManualClock>, proxies: &[&str]) -> TestApp {
    let proxies = TrustedProxies::new(proxies.iter().map(|ip| ip.parse::<IpAddr>().unwrap()));
    spawn_app_at(clock.clone(), |config| {
        config.throttle.login_failures_per_address = three_a_minute();
        config.trusted_proxies = proxies;
    })
    .await
}

/// A wrong password for `email`, with `headers` claiming to say who the client is.
async fn guess_with(app: &TestApp, email: &str, headers: &[(&str, &str)]) -> TestResponse {
    let mut request = app.build(Method::POST, "/api/users/login");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.send(request.json(&json!({"user": {"email": email, "password": WRONG}})))
        .await
}

mod per_address {
    use super::*;

    #[tokio::test]
    async fn wrong_passwords_over_many_accounts_are_limited_and_then_right_ones_too() {
        let clock = ManualClock::new();
        let app = spawn_app_limiting_addresses(&clock, &[]).await;
        let mut users = Vec::new();
        for name in ["ann", "bob", "cat", "dan"] {
            users.push(app.register(name).await);
        }

        for user in &users[..3] {
            assert_wrong_password(&app.login_raw(&user.email, WRONG).await);
        }

        let dan = &users[3];
        assert_login_throttled(&app.login_raw(&dan.email, WRONG).await, 20);
        assert_login_throttled(&app.login_raw(&dan.email, &dan.password).await, 20);
        clock.advance(Duration::from_secs(20));
        assert_eq!(
            app.login_raw(&dan.email, &dan.password).await.status,
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn forwarding_headers_from_an_untrusted_peer_do_not_change_the_address() {
        let clock = ManualClock::new();
        let app = spawn_app_limiting_addresses(&clock, &[]).await;
        let ann = app.register("ann").await;

        for n in 1..=3 {
            let spoofed = format!("198.51.100.{n}");
            let forwarded = format!("for={spoofed}");
            let headers = [("X-Forwarded-For", &*spoofed), ("Forwarded", &*forwarded)];
            assert_wrong_password(&guess_with(&app, &ann.email, &headers).await);
        }

        let headers = [
            ("X-Forwarded-For", "198.51.100.4"),
            ("Forwarded", "for=198.51.100.4"),
        ];
        assert_login_throttled(&guess_with(&app, &ann.email, &headers).await, 20);
    }

    #[tokio::test]
    async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
        let clock = ManualClock::new();
        let app = spawn_app_limiting_addresses(&clock, &["127.0.0.1"]).await;
        let ann = app.register("ann").await;
        let bob = app.register("bob").await;
        // What the client wrote itself comes first; the proxy appended the address it saw.
        let first_client = [("X-Forwarded-For", "203.0.113.50, 198.51.100.1")];
        let second_client = [("X-Forwarded-For", "203.0.113.50, 198.51.100.2")];

        for email in [&ann.email, &bob.email, &ann.email] {
            assert_wrong_password(&guess_with(&app, email, &first_client).await);
        }

        assert_login_throttled(&guess_with(&app, &bob.email, &first_client).await, 20);
        assert_wrong_password(&guess_with(&app, &bob.email, &second_client).await);
    }
}

mod registrations {
    use super::*;

    #[tokio::test]
    async fn are_limited_per_address_with_retry_after() {
        let clock = ManualClock::new();
        let app = spawn_app_at(clock.clone(), |config| {
            config.throttle.registrations_per_address = three_a_minute();
        })
        .await;
        for name in ["ann", "bob", "cat"] {
            app.register(name).await;
        }

        let refused = app.register_raw("dan", "dan@example.com", PASSWORD).await;

        assert_registration_throttled(&refused, 20);
        clock.advance(Duration::from_secs(20));
        app.register("dan").await;
    }
}
