//! One repository suite, written once and run against every backend: SQLite always, and
//! PostgreSQL when asked for (`make postgres`: the ignored tests, with `TEST_DATABASE_URL`
//! naming a server; each test then gets a database of its own, dropped afterwards). Without a
//! server they show as ignored rather than passing without having run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod articles;
mod attempt_budgets;
mod cache;
mod canonical_backfill;
mod comments;
mod fixtures;
mod listener;
mod page_cache;
mod profiles;
mod relay;
mod sessions;
mod user_cache;
mod users;

use conduit_store::Repositories;
use conduit_testkit::TestDatabase;

/// Opens (and so migrates) the application's repositories on `database`.
pub async fn repositories(database: &TestDatabase) -> Repositories {
    conduit_store::open(database.url(), Default::default())
        .await
        .unwrap()
}

/// Generates, for each named suite function, one test per backend.
#[macro_export]
macro_rules! on_every_backend {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let database = conduit_testkit::TestDatabase::sqlite();
                    super::$name(&$crate::repositories(&database).await).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test]
                #[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
                async fn $name() {
                    let database = conduit_testkit::TestDatabase::postgres()
                        .await
                        .expect("set TEST_DATABASE_URL to a PostgreSQL server");
                    super::$name(&$crate::repositories(&database).await).await;
                }
            )*
        }
    };
}
