//! Each PostgreSQL instance listens on one connection, for live events, write notices and its
//! own heartbeat. Once that connection is lost, or goes silent without a word, no cache entry
//! answers within 3 s; once the instance hears again, entries answer again.

use std::time::Duration;

use conduit_domain::comments::CommentId;
use conduit_domain::events::DomainEvent;
use conduit_testkit::TestDatabase;
use sqlx::{AnyConnection, Connection};

use crate::cache::{DEADLINE, cut_the_stores_hearing};
use crate::relay::Relay;
use crate::user_cache::{
    looked_up_jake, postgres, until_jake_is_answered_from_memory, until_no_entry_answers,
};
use crate::{fixtures, repositories};

/// How soon an instance must stop answering from its caches once it cannot hear.
const DEAF_WITHIN: Duration = Duration::from_secs(3);

async fn listening_connections(database: &TestDatabase) -> i64 {
    let mut admin = AnyConnection::connect(database.url()).await.unwrap();
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_stat_activity \
         WHERE datname = current_database() AND application_name = 'conduit-listener'",
    )
    .fetch_one(&mut admin)
    .await
    .unwrap()
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn an_instance_listens_on_one_connection() {
    let database = postgres().await;
    let _instance = repositories(&database).await;

    assert_eq!(listening_connections(&database).await, 1);
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn a_killed_listener_stops_the_caches_at_once_and_they_answer_again_once_it_hears() {
    let database = postgres().await;
    let (repositories, jake) = looked_up_jake(&database).await;
    until_jake_is_answered_from_memory(&database, &repositories, &jake).await;

    cut_the_stores_hearing(&database, 1).await;

    until_no_entry_answers(&database, &repositories, &jake, DEAF_WITHIN).await;
    until_jake_is_answered_from_memory(&database, &repositories, &jake).await;
    assert_eq!(listening_connections(&database).await, 1);
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn a_silent_listener_stops_the_caches_within_3_s_and_they_answer_again_once_it_hears() {
    let database = postgres().await;
    let relay = Relay::to(database.url()).await;
    let repositories = conduit_store::open(&relay.url, Default::default())
        .await
        .unwrap();
    let jake = fixtures::user(&repositories, "jake").await;
    until_jake_is_answered_from_memory(&database, &repositories, &jake).await;

    relay.silence_the_listener();

    until_no_entry_answers(&database, &repositories, &jake, DEAF_WITHIN).await;
    relay.speak_again();
    until_jake_is_answered_from_memory(&database, &repositories, &jake).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn events_flow_again_once_a_killed_listener_hears_again() {
    let database = postgres().await;
    let publishing = repositories(&database).await;
    let (mut repositories, jake) = looked_up_jake(&database).await;
    cut_the_stores_hearing(&database, 2).await;
    // Deaf first, so that hearing again below is the new connection's, not the killed one's
    // before it noticed.
    until_no_entry_answers(&database, &repositories, &jake, DEADLINE).await;
    until_jake_is_answered_from_memory(&database, &repositories, &jake).await;

    let event = DomainEvent::CommentDeleted {
        article: fixtures::slug("dragons"),
        comment: CommentId(1),
    };
    publishing.events.publisher.publish(event.clone());

    let heard = tokio::time::timeout(DEADLINE, repositories.events.stream.next()).await;
    assert_eq!(heard.ok().flatten(), Some(event));
}
