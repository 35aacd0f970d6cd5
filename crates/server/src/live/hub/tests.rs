//! The hub with real channels: who receives what, and what happens to a reader that falls
//! behind.

use chrono::{TimeZone, Utc};
use conduit_domain::articles::{Article, ArticleId};
use conduit_domain::comments::{Comment, CommentId};
use conduit_domain::profiles::Profile;
use conduit_domain::values::{
    ArticleBody, ArticleTitle, CommentBody, Description, Slug, TagList, Username,
};
use serde_json::{Value, json};

use super::*;

fn profile() -> Profile {
    Profile {
        username: Username::parse("jake").unwrap(),
        bio: None,
        image: None,
        following: false,
    }
}

fn comment(id: i64) -> Comment {
    let at = Utc.timestamp_opt(1_700_000_000, 0).unwrap();
    Comment {
        id: CommentId(id),
        body: CommentBody::parse("hello").unwrap(),
        created_at: at,
        updated_at: at,
        author_id: UserId(1),
        author: profile(),
    }
}

fn comment_added(article: &str, id: i64) -> DomainEvent {
    DomainEvent::CommentAdded {
        article: Slug::parse(article).unwrap(),
        comment: comment(id),
    }
}

fn article() -> Article {
    let at = Utc.timestamp_opt(1_700_000_000, 0).unwrap();
    Article {
        id: ArticleId(1),
        slug: Slug::parse("fresh-1a2b3c4d").unwrap(),
        title: ArticleTitle::parse("Fresh").unwrap(),
        description: Description::parse("d").unwrap(),
        body: ArticleBody::parse("b").unwrap(),
        tags: TagList::default(),
        created_at: at,
        updated_at: at,
        author_id: UserId(1),
        author: profile(),
        favorited: false,
        favorites_count: 0,
    }
}

fn next(membership: &mut Membership) -> Option<Value> {
    membership
        .inbox
        .try_recv()
        .ok()
        .map(|text| serde_json::from_str(&text).unwrap())
}

#[test]
fn watchers_of_an_article_get_its_comments_and_no_one_else_does() {
    let hub = Arc::new(Hub::new(8));
    let mut watcher = hub.join(None);
    let mut elsewhere = hub.join(None);
    hub.watch(watcher.id, "dragons");
    hub.watch(elsewhere.id, "other");

    hub.publish(comment_added("dragons", 7));
    hub.publish(DomainEvent::CommentDeleted {
        article: Slug::parse("dragons").unwrap(),
        comment: CommentId(7),
    });

    let added = next(&mut watcher).unwrap();
    assert_eq!(
        (&added["type"], &added["article"], &added["comment"]["id"]),
        (&json!("comment_added"), &json!("dragons"), &json!(7))
    );
    assert_eq!(added["comment"]["body"], "hello");
    assert_eq!(
        next(&mut watcher),
        Some(json!({"type": "comment_deleted", "article": "dragons", "commentId": 7}))
    );
    assert_eq!(next(&mut watcher), None);
    assert_eq!(next(&mut elsewhere), None);
}

#[test]
fn unwatching_stops_the_comments() {
    let hub = Arc::new(Hub::new(8));
    let mut watcher = hub.join(None);
    hub.watch(watcher.id, "dragons");
    hub.unwatch(watcher.id, "dragons");
    hub.publish(comment_added("dragons", 1));
    assert_eq!(next(&mut watcher), None);
}

#[test]
fn new_articles_reach_signed_in_followers_only() {
    let hub = Arc::new(Hub::new(8));
    let mut follower = hub.join(Some(UserId(2)));
    let mut stranger = hub.join(Some(UserId(3)));
    let mut anonymous = hub.join(None);
    let mut late_follower = hub.join(None);
    hub.authenticate(late_follower.id, UserId(4));

    hub.publish(DomainEvent::ArticlePublished {
        article: article(),
        followers: vec![UserId(2), UserId(4)],
    });

    for member in [&mut follower, &mut late_follower] {
        let message = next(member).unwrap();
        assert_eq!(
            (&message["type"], &message["article"]["slug"]),
            (&json!("article_published"), &json!("fresh-1a2b3c4d"))
        );
        assert!(message["article"].get("body").is_none());
    }
    assert_eq!(next(&mut stranger), None);
    assert_eq!(next(&mut anonymous), None);
}

#[test]
fn a_reader_that_falls_behind_is_dropped_without_holding_up_the_others() {
    let hub = Arc::new(Hub::new(2));
    let mut slow = hub.join(None);
    let mut fast = hub.join(None);
    hub.watch(slow.id, "dragons");
    hub.watch(fast.id, "dragons");

    for id in 1..=5 {
        hub.publish(comment_added("dragons", id));
        assert_eq!(
            next(&mut fast).unwrap()["comment"]["id"],
            id,
            "the fast reader gets every event"
        );
    }

    assert_eq!(next(&mut slow).unwrap()["comment"]["id"], 1);
    assert_eq!(next(&mut slow).unwrap()["comment"]["id"], 2);
    assert!(
        matches!(
            slow.inbox.try_recv(),
            Err(mpsc::error::TryRecvError::Disconnected)
        ),
        "the slow reader's queue is closed"
    );
    assert_eq!(hub.connection_count(), 1);
}

#[test]
fn leaving_removes_the_connection() {
    let hub = Arc::new(Hub::new(2));
    let member = hub.join(None);
    assert_eq!(hub.connection_count(), 1);
    drop(member);
    assert_eq!(hub.connection_count(), 0);
}
