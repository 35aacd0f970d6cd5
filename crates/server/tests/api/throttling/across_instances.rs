//! On PostgreSQL every instance spends from the same budgets, kept in the database: two
//! instances let through what one would, and a restart forgets nothing.

use futures::future::join_all;

use super::*;
use crate::helpers::spawn_two_instances_at;

/// Two instances on one PostgreSQL database and `clock`, configured by `customise`.
async fn two_instances(
    clock: &Arc<ManualClock>,
    customise: impl Fn(&mut conduit_server::Config),
) -> (TestApp, TestApp) {
    spawn_two_instances_at(clock.clone(), customise)
        .await
        .expect("set TEST_DATABASE_URL to a PostgreSQL server")
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn five_wrong_passwords_spread_over_two_instances_hold_the_account_back_on_both() {
    let clock = ManualClock::new();
    let (first, second) = two_instances(&clock, |_| {}).await;
    let ann = first.register("ann").await;

    for app in [&first, &second].into_iter().cycle().take(ACCOUNT_BUDGET) {
        assert_wrong_password(&app.login_raw(&ann.email, WRONG).await);
    }

    for app in [&first, &second] {
        assert_login_throttled(&app.login_raw(&ann.email, WRONG).await, 60);
        assert_login_throttled(&app.login_raw(&ann.email, &ann.password).await, 60);
    }
    clock.advance(ONE_BACK_EVERY);
    assert_eq!(
        second.login_raw(&ann.email, &ann.password).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn registrations_spread_over_two_instances_share_the_address_budget() {
    let clock = ManualClock::new();
    let (first, second) = two_instances(&clock, |config| {
        config.throttle.registrations_per_address = three_a_minute();
    })
    .await;
    for (app, name) in [(&first, "ann"), (&second, "bob"), (&first, "cat")] {
        app.register(name).await;
    }

    for app in [&first, &second] {
        let refused = app.register_raw("dan", "dan@example.com", PASSWORD).await;
        assert_registration_throttled(&refused, 20);
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn a_restarted_instance_still_holds_the_account_back() {
    let clock = ManualClock::new();
    let (app, _other) = two_instances(&clock, |_| {}).await;
    let ann = app.register("ann").await;
    for _ in 0..ACCOUNT_BUDGET {
        assert_wrong_password(&app.login_raw(&ann.email, WRONG).await);
    }

    let app = app.restart(clock.clone()).await;

    assert_login_throttled(&app.login_raw(&ann.email, &ann.password).await, 60);
    clock.advance(ONE_BACK_EVERY);
    assert_wrong_password(&app.login_raw(&ann.email, WRONG).await);
    assert_login_throttled(&app.login_raw(&ann.email, WRONG).await, 60);
}

/// Were a budget read and then written back, guesses arriving together at the two instances
/// would each read the same budget and more than it would be let through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn wrong_passwords_sent_at_once_to_both_instances_spend_exactly_the_budget() {
    const GUESSES: usize = 16;
    let clock = ManualClock::new();
    let (first, second) = two_instances(&clock, |_| {}).await;
    let ann = first.register("ann").await;

    let guesses = [&first, &second]
        .into_iter()
        .cycle()
        .take(GUESSES)
        .map(|app| app.login_raw(&ann.email, WRONG));
    let statuses: Vec<StatusCode> = join_all(guesses)
        .await
        .iter()
        .map(|response| response.status)
        .collect();

    let let_through = statuses
        .iter()
        .filter(|status| **status == StatusCode::UNAUTHORIZED)
        .count();
    let held_back = statuses
        .iter()
        .filter(|status| **status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(
        (let_through, held_back),
        (ACCOUNT_BUDGET, GUESSES - ACCOUNT_BUDGET),
        "{statuses:?}"
    );
}
