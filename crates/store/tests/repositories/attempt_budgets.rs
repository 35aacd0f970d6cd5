//! The throttle's budgets in the table every instance on a PostgreSQL database shares: the same
//! arithmetic as the in-memory limiter the server keeps on SQLite
//! (`crates/server/src/throttle/tests.rs`), told the time by a clock the test moves.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use conduit_domain::ports::{AttemptBudget, Clock, RateLimit, Verdict};
use conduit_store::SharedBudget;
use conduit_testkit::TestDatabase;
use sqlx::{AnyConnection, Connection};

use crate::repositories;

struct StepClock(Mutex<DateTime<Utc>>);

impl StepClock {
    fn new() -> Arc<Self> {
        Arc::new(Self(Mutex::new(Utc::now())))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += TimeDelta::from_std(by).unwrap();
    }
}

impl Clock for StepClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// Three in a minute: one comes back every 20 seconds.
fn three_a_minute() -> RateLimit {
    RateLimit {
        count: NonZeroU32::new(3).unwrap(),
        window: Duration::from_secs(60),
    }
}

const SECONDS_20: Verdict = Verdict::RetryAfter(Duration::from_secs(20));

async fn postgres() -> TestDatabase {
    TestDatabase::postgres()
        .await
        .expect("set TEST_DATABASE_URL to a PostgreSQL server")
}

/// The budget `name` of a fresh instance on `database`, three a minute.
async fn budget(
    database: &TestDatabase,
    name: &'static str,
    clock: &Arc<StepClock>,
) -> SharedBudget {
    let shared = repositories(database).await.shared_budgets;
    shared
        .expect("PostgreSQL shares its budgets")
        .budget(name, three_a_minute(), clock.clone())
}

async fn rows(database: &TestDatabase) -> i64 {
    let mut connection = AnyConnection::connect(database.url()).await.unwrap();
    sqlx::query_scalar("SELECT count(*) FROM attempt_budgets")
        .fetch_one(&mut connection)
        .await
        .unwrap()
}

#[tokio::test]
async fn on_sqlite_budgets_are_not_the_store_s() {
    let database = TestDatabase::sqlite();
    assert!(repositories(&database).await.shared_budgets.is_none());
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn the_budget_is_spent_then_comes_back_one_at_a_time() {
    let database = postgres().await;
    let clock = StepClock::new();
    let budget = budget(&database, "logins", &clock).await;
    for _ in 0..3 {
        assert_eq!(budget.spend("ann").await, Ok(Verdict::Allowed));
    }
    assert_eq!(budget.spend("ann").await, Ok(SECONDS_20));

    clock.advance(Duration::from_secs(15));
    assert_eq!(
        budget.spend("ann").await,
        Ok(Verdict::RetryAfter(Duration::from_secs(5)))
    );
    clock.advance(Duration::from_secs(5));
    assert_eq!(budget.spend("ann").await, Ok(Verdict::Allowed));
    assert_eq!(budget.spend("ann").await, Ok(SECONDS_20));
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn a_look_spends_nothing_and_makes_no_row() {
    let database = postgres().await;
    let clock = StepClock::new();
    let budget = budget(&database, "logins", &clock).await;
    for _ in 0..10 {
        assert_eq!(budget.look("ann").await, Ok(Verdict::Allowed));
    }
    assert_eq!(rows(&database).await, 0);
    for _ in 0..3 {
        assert_eq!(budget.spend("ann").await, Ok(Verdict::Allowed));
        assert_eq!(budget.spend("bob").await, Ok(Verdict::Allowed));
    }

    assert_eq!(budget.look("ann").await, Ok(SECONDS_20));
    assert_eq!(budget.look("ann").await, Ok(SECONDS_20));
    assert_eq!(budget.spend("bob").await, Ok(SECONDS_20));
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn instances_share_a_budget_of_one_name_and_no_other() {
    let database = postgres().await;
    let clock = StepClock::new();
    let (first, second) = (
        budget(&database, "logins", &clock).await,
        budget(&database, "logins", &clock).await,
    );
    let registrations = budget(&database, "registrations", &clock).await;

    for spender in [&first, &second, &first] {
        assert_eq!(spender.spend("ann").await, Ok(Verdict::Allowed));
    }

    assert_eq!(second.look("ann").await, Ok(SECONDS_20));
    assert_eq!(first.spend("ann").await, Ok(SECONDS_20));
    assert_eq!(registrations.spend("ann").await, Ok(Verdict::Allowed));
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn keys_whose_budget_is_full_again_are_forgotten() {
    let database = postgres().await;
    let clock = StepClock::new();
    let logins = budget(&database, "logins", &clock).await;
    let others = budget(&database, "registrations", &clock).await;
    assert_eq!(logins.spend("ann").await, Ok(Verdict::Allowed));
    assert_eq!(others.spend("ann").await, Ok(Verdict::Allowed));
    clock.advance(Duration::from_secs(10));
    assert_eq!(logins.spend("bob").await, Ok(Verdict::Allowed));

    clock.advance(Duration::from_secs(10));
    assert_eq!(logins.forget_idle().await, Ok(()));

    assert_eq!(
        rows(&database).await,
        2,
        "bob's budget is not full yet, nor are others' forgotten"
    );
    clock.advance(Duration::from_secs(10));
    assert_eq!(logins.forget_idle().await, Ok(()));
    assert_eq!(rows(&database).await, 1);
    assert_eq!(others.forget_idle().await, Ok(()));
    assert_eq!(rows(&database).await, 0);
}
