//! Inserting an article: what comes back, what is stored, and what is refused.

use chrono::DateTime;
use conduit_domain::articles::Article;
use conduit_domain::profiles::Profile;
use conduit_domain::user::UserId;
use conduit_domain::{RepositoryError, UniqueField};
use conduit_store::Repositories;

use super::{changes, find, tags_in_use};
use crate::fixtures::{article, at, new_article, tag_names, user};

crate::on_every_backend!(
    insert_returns_the_article_as_its_author_sees_it,
    timestamps_keep_microseconds_exactly,
    a_taken_slug_is_a_conflict,
    an_article_by_a_missing_author_is_not_found,
);

async fn insert_returns_the_article_as_its_author_sees_it(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let draft = new_article(jake.id, "dragons", &["training", "dragons", "howto"], 0);

    let stored = repositories.articles.insert(draft.clone()).await.unwrap();

    assert_eq!(
        stored,
        Article {
            id: stored.id,
            slug: draft.slug,
            title: draft.title,
            description: draft.description,
            body: draft.body,
            tags: draft.tags,
            created_at: at(0),
            updated_at: at(0),
            author_id: jake.id,
            author: Profile {
                username: jake.username.clone(),
                bio: None,
                image: None,
                following: false,
            },
            favorited: false,
            favorites_count: 0,
        }
    );
    assert_eq!(
        tag_names(&stored.tags),
        ["training", "dragons", "howto"],
        "the author's order, not alphabetical"
    );
    assert_eq!(find(repositories, "dragons", Some(jake.id)).await, stored);
    let second = article(repositories, &jake, "wyverns", &[], 1).await;
    assert_ne!(second.id, stored.id);
    assert!(second.tags.is_empty());
}

async fn timestamps_keep_microseconds_exactly(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let created = DateTime::from_timestamp_micros(1_700_000_000_000_001).unwrap();
    let mut draft = new_article(jake.id, "precise", &[], 0);
    draft.created_at = created;
    draft.updated_at = created;

    let stored = repositories.articles.insert(draft).await.unwrap();
    assert_eq!((stored.created_at, stored.updated_at), (created, created));

    // Anything finer than a microsecond is cut off, and what is returned is what is stored.
    let updated = DateTime::from_timestamp_nanos(1_700_000_000_000_999_999);
    let mut update = changes(0);
    update.updated_at = updated;
    let changed = repositories
        .articles
        .update(stored.id, update, jake.id)
        .await
        .unwrap();
    let expected = DateTime::from_timestamp_micros(1_700_000_000_000_999).unwrap();
    assert_eq!(
        (changed.created_at, changed.updated_at),
        (created, expected)
    );
    let read = find(repositories, "precise", None).await;
    assert_eq!((read.created_at, read.updated_at), (created, expected));
}

async fn a_taken_slug_is_a_conflict(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let first = article(repositories, &jake, "dragons", &["one"], 0).await;

    assert_eq!(
        repositories
            .articles
            .insert(new_article(anna.id, "dragons", &["two"], 1))
            .await,
        Err(RepositoryError::Conflict(UniqueField::Slug))
    );
    assert_eq!(find(repositories, "dragons", None).await, first);
    assert_eq!(tags_in_use(repositories).await, ["one"]);
}

async fn an_article_by_a_missing_author_is_not_found(repositories: &Repositories) {
    assert_eq!(
        repositories
            .articles
            .insert(new_article(UserId(4242), "orphan", &["lost"], 0))
            .await,
        Err(RepositoryError::NotFound)
    );
    assert!(tags_in_use(repositories).await.is_empty());
}
