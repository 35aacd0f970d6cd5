//! The fan-out the store owns, end to end: whatever one instance publishes comes out of the
//! stream of every instance on the same database, in publishing order. SQLite has one instance
//! and keeps events in the process; PostgreSQL carries them with `LISTEN/NOTIFY`, cut into
//! pieces when an event is larger than one notification.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use chrono::{TimeZone, Utc};
use conduit_domain::comments::{Comment, CommentId};
use conduit_domain::events::DomainEvent;
use conduit_domain::ports::EventPublisher;
use conduit_domain::profiles::Profile;
use conduit_domain::user::UserId;
use conduit_domain::values::{CommentBody, Slug, Username};
use conduit_store::{EventStream, Events};
use conduit_testkit::TestDatabase;

/// Long enough for a notification on a loaded machine; a lost event fails the test here.
const DEADLINE: Duration = Duration::from_secs(10);

fn slug() -> Slug {
    Slug::parse("dragons-1a2b3c4d").unwrap()
}

fn comment_deleted(id: i64) -> DomainEvent {
    DomainEvent::CommentDeleted {
        article: slug(),
        comment: CommentId(id),
    }
}

/// Larger than one PostgreSQL notification (8,000 bytes), so it travels in pieces.
fn long_comment_added(id: i64) -> DomainEvent {
    let at = Utc.timestamp_micros(1_700_000_000_123_456).unwrap();
    DomainEvent::CommentAdded {
        article: slug(),
        comment: Comment {
            id: CommentId(id),
            body: CommentBody::parse(&"é".repeat(9_000)).unwrap(),
            created_at: at,
            updated_at: at,
            author_id: UserId(1),
            author: Profile {
                username: Username::parse("jake").unwrap(),
                bio: None,
                image: None,
                following: false,
            },
        },
    }
}

fn published() -> Vec<DomainEvent> {
    vec![
        comment_deleted(1),
        long_comment_added(2),
        comment_deleted(2),
        comment_deleted(3),
    ]
}

async fn next(stream: &mut EventStream) -> DomainEvent {
    tokio::time::timeout(DEADLINE, stream.next())
        .await
        .expect("no event within the deadline")
        .expect("the stream ended")
}

async fn publish_and_hear(publisher: &dyn EventPublisher, listeners: &mut [&mut EventStream]) {
    for event in published() {
        publisher.publish(event);
    }
    for stream in listeners {
        for expected in published() {
            assert_eq!(next(stream).await, expected);
        }
    }
}

async fn events_of(database: &TestDatabase) -> Events {
    conduit_store::open(database.url(), Default::default())
        .await
        .unwrap()
        .events
}

#[tokio::test]
async fn on_sqlite_events_come_out_of_the_stream_in_publishing_order() {
    let database = TestDatabase::sqlite();
    let Events {
        publisher,
        mut stream,
    } = events_of(&database).await;
    publish_and_hear(&*publisher, &mut [&mut stream]).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn on_postgres_every_instance_hears_every_event_in_publishing_order() {
    let database = TestDatabase::postgres()
        .await
        .expect("set TEST_DATABASE_URL to a PostgreSQL server");
    let Events {
        publisher,
        stream: mut own,
    } = events_of(&database).await;
    let mut other = events_of(&database).await.stream;
    publish_and_hear(&*publisher, &mut [&mut own, &mut other]).await;
}
