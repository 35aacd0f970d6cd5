//! What the cache suites share: changes made behind the store's back, as another
//! instance or a tool would make them, and waiting for a change to show.

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use conduit_testkit::TestDatabase;
use sqlx::{AnyConnection, Connection, Executor};

/// Long enough for a notice to cross a loaded machine.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// Whether the store is told of a change made behind its back (PostgreSQL's write trigger).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Sent,
    /// The trigger does not fire: nothing but a lost connection can tell the store.
    Suppressed,
}

/// Runs `statement` on a connection of its own.
pub async fn behind_the_stores_back(database: &TestDatabase, statement: &str, notice: Notice) {
    let mut elsewhere = AnyConnection::connect(database.url()).await.unwrap();
    if notice == Notice::Suppressed {
        // Triggers do not fire for a replica's writes (needs a superuser, as the suites have).
        elsewhere
            .execute("SET session_replication_role = replica")
            .await
            .unwrap();
    }
    elsewhere.execute(statement).await.unwrap();
}

/// Ends the connections on which the `instances` on this database hear the others.
pub async fn cut_the_stores_hearing(database: &TestDatabase, instances: usize) {
    let mut admin = AnyConnection::connect(database.url()).await.unwrap();
    let ended: Vec<(bool,)> = sqlx::query_as(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND application_name = 'conduit-listener'",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(
        ended,
        vec![(true,); instances],
        "one connection listens per instance"
    );
}

/// Reads until `read` answers `expected`; fails if it still does not past the deadline.
pub async fn until_it_shows<T, F>(mut read: impl FnMut() -> F, expected: T)
where
    T: PartialEq + Debug,
    F: Future<Output = T>,
{
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let answer = read().await;
        if answer == expected {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "still {answer:?}, not {expected:?}"
        );
        // Each reading is a round trip to the store, or a copy that the notice has yet to make
        // stale: let the task that hears notices run before reading again.
        tokio::task::yield_now().await;
    }
}
