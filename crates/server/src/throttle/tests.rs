use std::collections::HashMap;
use std::num::NonZeroU32;

use conduit_domain::ports::MockAttemptBudget;
use conduit_testkit::http::ManualClock;
use mockall::predicate::eq;

use super::*;
use crate::config::Config;

/// Three in a minute: one comes back every 20 seconds.
fn three_a_minute() -> RateLimit {
    RateLimit {
        count: NonZeroU32::new(3).unwrap(),
        window: Duration::from_secs(60),
    }
}

fn limiter(clock: &Arc<ManualClock>) -> Limiter<&'static str> {
    Limiter::new(three_a_minute(), AppTime(clock.clone()))
}

#[test]
fn the_budget_is_spent_then_comes_back_one_at_a_time() {
    let clock = ManualClock::new();
    let limiter = limiter(&clock);
    for _ in 0..3 {
        assert_eq!(limiter.spend(&"ann"), Ok(()));
    }
    assert_eq!(limiter.spend(&"ann"), Err(Duration::from_secs(20)));

    clock.advance(Duration::from_secs(15));
    assert_eq!(limiter.spend(&"ann"), Err(Duration::from_secs(5)));
    clock.advance(Duration::from_secs(5));
    assert_eq!(limiter.spend(&"ann"), Ok(()));
    assert_eq!(limiter.spend(&"ann"), Err(Duration::from_secs(20)));
}

#[test]
fn a_look_spends_nothing_and_makes_no_entry() {
    let clock = ManualClock::new();
    let limiter = limiter(&clock);
    for _ in 0..10 {
        assert_eq!(limiter.look(&"ann"), Ok(()));
    }
    assert_eq!(limiter.keys(), 0);
    for _ in 0..3 {
        assert_eq!(limiter.spend(&"ann"), Ok(()));
        assert_eq!(limiter.spend(&"bob"), Ok(()));
    }
    assert_eq!(limiter.look(&"ann"), Err(Duration::from_secs(20)));
    assert_eq!(limiter.look(&"ann"), Err(Duration::from_secs(20)));
    assert_eq!(limiter.spend(&"bob"), Err(Duration::from_secs(20)));
}

#[test]
fn keys_whose_budget_has_been_full_for_a_while_are_forgotten() {
    let clock = ManualClock::new();
    let limiter = limiter(&clock);
    assert_eq!(limiter.spend(&"ann"), Ok(()));
    clock.advance(Duration::from_secs(10));
    assert_eq!(limiter.spend(&"bob"), Ok(()));

    // governor keeps a key one period (20 s) past the moment its budget is full again.
    clock.advance(Duration::from_secs(30));
    limiter.forget_idle();

    assert_eq!(
        limiter.keys(),
        1,
        "ann's budget is long full again, bob's only just"
    );
    assert!(!limiter.is_empty());
    clock.advance(Duration::from_secs(10));
    limiter.forget_idle();
    assert_eq!(limiter.keys(), 0);
    assert!(limiter.is_empty());
}

/// The three budgets of a throttle, each a mock that fails the test on any call it was not
/// told to expect.
#[derive(Default)]
struct Budgets {
    login_failures_by_account: MockAttemptBudget,
    login_failures_by_address: MockAttemptBudget,
    registrations_by_address: MockAttemptBudget,
}

impl Budgets {
    fn throttle(self) -> Throttle {
        let mut by_name = HashMap::from([
            ("login_failures_by_account", self.login_failures_by_account),
            ("login_failures_by_address", self.login_failures_by_address),
            ("registrations_by_address", self.registrations_by_address),
        ]);
        Throttle::new(&Config::default().throttle, |name, _| {
            Arc::new(by_name.remove(name).unwrap())
        })
    }
}

const SECONDS_20: Duration = Duration::from_secs(20);
const SECONDS_60: Duration = Duration::from_secs(60);

fn ann() -> Email {
    Email::parse(" Ann@Example.com").unwrap()
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn unavailable() -> RepositoryError {
    RepositoryError::Unavailable(conduit_domain::Cause::new("connection refused"))
}

fn throttled(error: ThrottleError) -> (Attempt, Duration) {
    match error {
        ThrottleError::Throttled(Throttled {
            attempt,
            retry_after,
        }) => (attempt, retry_after),
        ThrottleError::Unavailable(error) => panic!("not throttled but {error}"),
    }
}

#[test]
fn each_budget_is_made_with_its_own_limit() {
    let config = Config::default().throttle;
    let mut made = Vec::new();
    Throttle::new(&config, |name, limit| {
        made.push((name, limit));
        Arc::new(MockAttemptBudget::new())
    });
    made.sort_by_key(|(name, _)| *name);
    assert_eq!(
        made,
        [
            (
                "login_failures_by_account",
                config.login_failures_per_account
            ),
            (
                "login_failures_by_address",
                config.login_failures_per_address
            ),
            ("registrations_by_address", config.registrations_per_address),
        ]
    );
}

#[tokio::test]
async fn a_login_looks_at_its_account_and_address_budgets_and_spends_nothing() {
    let mut budgets = Budgets::default();
    budgets
        .login_failures_by_account
        .expect_look()
        .with(eq("ann@example.com"))
        .times(1)
        .returning(|_| Ok(Verdict::Allowed));
    budgets
        .login_failures_by_address
        .expect_look()
        .with(eq("2001:db8:1:2::"))
        .times(1)
        .returning(|_| Ok(Verdict::Allowed));
    for budget in [
        &mut budgets.login_failures_by_account,
        &mut budgets.login_failures_by_address,
    ] {
        budget.expect_spend().times(0);
    }

    let admitted = budgets
        .throttle()
        .admit_login(&ann(), ip("2001:db8:1:2:aaaa::1"))
        .await;

    assert!(admitted.is_ok(), "{admitted:?}");
}

#[tokio::test]
async fn a_login_held_back_by_both_budgets_waits_for_the_longer() {
    for (account_wait, address_wait) in [
        (Some(SECONDS_60), Some(SECONDS_20)),
        (Some(SECONDS_20), Some(SECONDS_60)),
        (None, Some(SECONDS_60)),
        (Some(SECONDS_60), None),
    ] {
        let verdict = |wait: Option<Duration>| wait.map_or(Verdict::Allowed, Verdict::RetryAfter);
        let mut budgets = Budgets::default();
        budgets
            .login_failures_by_account
            .expect_look()
            .return_const(Ok(verdict(account_wait)));
        budgets
            .login_failures_by_address
            .expect_look()
            .return_const(Ok(verdict(address_wait)));

        let refused = budgets
            .throttle()
            .admit_login(&ann(), ip("192.0.2.7"))
            .await
            .unwrap_err();

        assert_eq!(
            throttled(refused),
            (Attempt::Login, SECONDS_60),
            "{account_wait:?} {address_wait:?}"
        );
    }
}

#[tokio::test]
async fn a_wrong_password_spends_from_both_budgets_even_when_one_is_empty() {
    let mut budgets = Budgets::default();
    budgets
        .login_failures_by_account
        .expect_spend()
        .with(eq("ann@example.com"))
        .times(1)
        .returning(|_| Ok(Verdict::RetryAfter(SECONDS_60)));
    budgets
        .login_failures_by_address
        .expect_spend()
        .with(eq("192.0.2.7"))
        .times(1)
        .returning(|_| Ok(Verdict::Allowed));

    let refused = budgets
        .throttle()
        .charge_failed_login(&ann(), ip("::ffff:192.0.2.7"))
        .await
        .unwrap_err();

    assert_eq!(throttled(refused), (Attempt::Login, SECONDS_60));
}

#[tokio::test]
async fn a_registration_spends_from_its_address_budget_only() {
    let mut budgets = Budgets::default();
    budgets
        .registrations_by_address
        .expect_spend()
        .with(eq("192.0.2.7"))
        .times(2)
        .returning({
            let mut verdicts = [Verdict::Allowed, Verdict::RetryAfter(SECONDS_20)].into_iter();
            move |_| Ok(verdicts.next().unwrap())
        });
    let throttle = budgets.throttle();

    assert!(throttle.admit_registration(ip("192.0.2.7")).await.is_ok());
    let refused = throttle
        .admit_registration(ip("192.0.2.7"))
        .await
        .unwrap_err();

    assert_eq!(throttled(refused), (Attempt::Registration, SECONDS_20));
}

#[tokio::test]
async fn a_budget_out_of_reach_lets_nothing_through() {
    let mut budgets = Budgets::default();
    budgets
        .login_failures_by_account
        .expect_look()
        .returning(|_| Err(unavailable()));
    budgets
        .login_failures_by_address
        .expect_look()
        .returning(|_| Ok(Verdict::Allowed));
    budgets
        .login_failures_by_account
        .expect_spend()
        .returning(|_| Ok(Verdict::Allowed));
    budgets
        .login_failures_by_address
        .expect_spend()
        .returning(|_| Err(unavailable()));
    budgets
        .registrations_by_address
        .expect_spend()
        .returning(|_| Err(unavailable()));
    let throttle = budgets.throttle();
    let address = ip("192.0.2.7");

    for outcome in [
        throttle.admit_login(&ann(), address).await,
        throttle.charge_failed_login(&ann(), address).await,
        throttle.admit_registration(address).await,
    ] {
        assert!(
            matches!(outcome, Err(ThrottleError::Unavailable(_))),
            "{outcome:?}"
        );
    }
}

/// Budgets that each expect to forget their idle keys `times` times, the address budget of
/// failed logins failing to every time when `address_budget_fails`.
fn forgetting_budgets(times: usize, address_budget_fails: bool) -> Budgets {
    let mut budgets = Budgets::default();
    budgets
        .login_failures_by_account
        .expect_forget_idle()
        .times(times)
        .returning(|| Ok(()));
    budgets
        .login_failures_by_address
        .expect_forget_idle()
        .times(times)
        .returning(move || match address_budget_fails {
            true => Err(unavailable()),
            false => Ok(()),
        });
    budgets
        .registrations_by_address
        .expect_forget_idle()
        .times(times)
        .returning(|| Ok(()));
    budgets
}

#[tokio::test]
async fn forgetting_idle_keys_covers_every_budget_of_the_throttle() {
    let throttle = forgetting_budgets(1, false).throttle();

    assert_eq!(throttle.forget_idle().await, Ok(()));
}

#[tokio::test]
async fn a_budget_that_cannot_forget_does_not_keep_the_others_from_it() {
    let throttle = forgetting_budgets(1, true).throttle();

    assert!(throttle.forget_idle().await.is_err());
}

#[tokio::test(start_paused = true)]
async fn idle_keys_are_forgotten_every_minute_until_the_throttle_is_gone() {
    // A budget that cannot forget now is asked again a minute later.
    let budgets = forgetting_budgets(2, true);
    let throttle = Arc::new(budgets.throttle());
    let forgetting = tokio::spawn(forget_idle_periodically(Arc::downgrade(&throttle)));

    // The first tick is at once; paused time jumps to the next one, then to just past it.
    tokio::time::sleep(FORGET_IDLE_EVERY + Duration::from_millis(1)).await;

    drop(throttle);
    tokio::time::timeout(FORGET_IDLE_EVERY * 2, forgetting)
        .await
        .expect("still forgetting for a throttle that is gone")
        .unwrap();
}

#[test]
fn an_ipv6_client_counts_by_its_slash_64_and_a_mapped_ipv4_as_ipv4() {
    assert_eq!(address_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::");
    assert_eq!(
        address_key(ip("2001:db8:1:2:ffff::9")),
        address_key(ip("2001:db8:1:2::1"))
    );
    assert_ne!(
        address_key(ip("2001:db8:1:3::1")),
        address_key(ip("2001:db8:1:2::1"))
    );
    assert_eq!(address_key(ip("::ffff:192.0.2.7")), "192.0.2.7");
    assert_eq!(address_key(ip("192.0.2.7")), "192.0.2.7");
}
