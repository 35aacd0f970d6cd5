use std::num::NonZeroU32;

use conduit_testkit::http::ManualClock;

use super::*;

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

fn every_budget_three_a_minute() -> ThrottleConfig {
    ThrottleConfig {
        login_failures_per_account: three_a_minute(),
        login_failures_per_address: three_a_minute(),
        registrations_per_address: three_a_minute(),
    }
}

#[test]
fn forgetting_idle_keys_covers_every_budget_of_the_throttle() {
    let clock = ManualClock::new();
    let throttle = Throttle::new(&every_budget_three_a_minute(), clock.clone());
    let address: IpAddr = "192.0.2.7".parse().unwrap();
    let email = Email::parse("ann@example.com").unwrap();
    assert!(throttle.charge_failed_login(&email, address).is_ok());
    assert!(throttle.admit_registration(address).is_ok());
    let keys = |throttle: &Throttle| {
        [
            throttle.login_failures_by_account.keys(),
            throttle.login_failures_by_address.keys(),
            throttle.registrations_by_address.keys(),
        ]
    };
    assert_eq!(keys(&throttle), [1, 1, 1]);

    clock.advance(Duration::from_secs(60));
    throttle.forget_idle();

    assert_eq!(keys(&throttle), [0, 0, 0]);
}

#[tokio::test(start_paused = true)]
async fn idle_keys_are_forgotten_every_minute_until_the_throttle_is_gone() {
    let clock = ManualClock::new();
    let throttle = Arc::new(Throttle::new(&every_budget_three_a_minute(), clock.clone()));
    assert!(
        throttle
            .admit_registration("192.0.2.7".parse().unwrap())
            .is_ok()
    );
    let forgetting = tokio::spawn(forget_idle_periodically(Arc::downgrade(&throttle)));

    clock.advance(FORGET_IDLE_EVERY);
    // Paused time jumps to the task's next tick first, then to just past it.
    tokio::time::sleep(FORGET_IDLE_EVERY + Duration::from_millis(1)).await;
    assert_eq!(throttle.registrations_by_address.keys(), 0);

    drop(throttle);
    tokio::time::timeout(FORGET_IDLE_EVERY * 2, forgetting)
        .await
        .expect("still forgetting for a throttle that is gone")
        .unwrap();
}

#[test]
fn an_ipv6_client_counts_by_its_slash_64_and_a_mapped_ipv4_as_ipv4() {
    let ip = |text: &str| text.parse::<IpAddr>().unwrap();
    assert_eq!(
        address_key(ip("2001:db8:1:2:aaaa::1")),
        ip("2001:db8:1:2::")
    );
    assert_eq!(
        address_key(ip("2001:db8:1:2:ffff::9")),
        address_key(ip("2001:db8:1:2::1"))
    );
    assert_ne!(
        address_key(ip("2001:db8:1:3::1")),
        address_key(ip("2001:db8:1:2::1"))
    );
    assert_eq!(address_key(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
    assert_eq!(address_key(ip("192.0.2.7")), ip("192.0.2.7"));
}
