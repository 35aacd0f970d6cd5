//! Where a user is read from once looked up: memory on SQLite, whose only writer is this
//! process, and the database on PostgreSQL, where other instances write too. A change made
//! behind the store's back shows which.

use conduit_domain::values::Bio;
use conduit_testkit::TestDatabase;
use sqlx::{AnyConnection, Connection};

use crate::{fixtures, repositories};

/// Jake's bio as the store reads it after another connection changed it under a looked-up Jake.
async fn bio_after_a_change_behind_the_stores_back(database: &TestDatabase) -> Option<Bio> {
    let repositories = repositories(database).await;
    let jake = fixtures::user(&repositories, "jake").await;
    repositories.users.find_by_id(jake.id).await.unwrap();

    let mut elsewhere = AnyConnection::connect(database.url()).await.unwrap();
    sqlx::query("UPDATE users SET bio = 'changed elsewhere' WHERE id = $1")
        .bind(jake.id.0)
        .execute(&mut elsewhere)
        .await
        .unwrap();

    repositories
        .users
        .find_by_id(jake.id)
        .await
        .unwrap()
        .unwrap()
        .bio
}

#[tokio::test]
async fn on_sqlite_a_looked_up_user_is_read_from_memory() {
    let database = TestDatabase::sqlite();
    assert_eq!(
        bio_after_a_change_behind_the_stores_back(&database).await,
        None
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn on_postgres_every_look_up_reads_the_database() {
    let database = TestDatabase::postgres()
        .await
        .expect("set TEST_DATABASE_URL to a PostgreSQL server");
    assert_eq!(
        bio_after_a_change_behind_the_stores_back(&database).await,
        Bio::parse_optional(Some("changed elsewhere")).unwrap()
    );
}
