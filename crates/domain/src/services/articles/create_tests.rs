//! Creating an article against mocked ports: the slug and the clock, retries on a taken slug, and
//! the announcement to the author's followers.

use mockall::Sequence;
use mockall::predicate::eq;

use super::fixtures::*;
use super::*;
use crate::events::DomainEvent;
use crate::user::UserId;
use crate::values::Slug;
use crate::{Cause, DomainError, RepositoryError, UniqueField};

fn new_article(suffix: &str) -> NewArticle {
    let draft = draft();
    NewArticle {
        slug: Slug::parse(&format!("how-to-train-your-dragon-{suffix}")).unwrap(),
        title: draft.title,
        description: draft.description,
        body: draft.body,
        tags: draft.tags,
        author_id: AUTHOR,
        created_at: t0(),
        updated_at: t0(),
    }
}

#[tokio::test]
async fn stores_the_draft_under_a_slug_from_title_and_suffix_stamped_with_the_clock() {
    let mut ports = Ports::new();
    ports.clock_reads(t0());
    ports
        .suffixes
        .expect_generate()
        .times(1)
        .returning(|| "1a2b3c4d".into());
    ports
        .articles
        .expect_insert()
        .with(eq(new_article("1a2b3c4d")))
        .times(1)
        .returning(|_| Ok(stored(false, 0)));
    ports.author_has_followers(vec![]);
    ports.announces_nothing();

    let result = ports.service().create(AUTHOR, draft()).await;

    assert_eq!(result, Ok(stored(false, 0)));
}

#[tokio::test]
async fn a_taken_slug_is_retried_with_a_fresh_suffix() {
    let mut ports = Ports::new();
    let mut order = Sequence::new();
    ports.clock_reads(t0());
    ports
        .suffixes
        .expect_generate()
        .times(1)
        .in_sequence(&mut order)
        .returning(|| "aaaa0001".into());
    ports
        .articles
        .expect_insert()
        .with(eq(new_article("aaaa0001")))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Err(RepositoryError::Conflict(UniqueField::Slug)));
    ports
        .suffixes
        .expect_generate()
        .times(1)
        .in_sequence(&mut order)
        .returning(|| "bbbb0002".into());
    ports
        .articles
        .expect_insert()
        .with(eq(new_article("bbbb0002")))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(stored(false, 0)));
    ports.author_has_followers(vec![]);

    let result = ports.service().create(AUTHOR, draft()).await;

    assert_eq!(result, Ok(stored(false, 0)));
}

#[tokio::test]
async fn gives_up_after_one_try_and_three_retries() {
    let mut ports = Ports::new();
    ports.clock_reads(t0());
    ports
        .suffixes
        .expect_generate()
        .times(4)
        .returning(|| "deadbeef".into());
    ports
        .articles
        .expect_insert()
        .times(4)
        .returning(|_| Err(RepositoryError::Conflict(UniqueField::Slug)));
    ports.profiles.expect_followers().times(0);
    ports.announces_nothing();

    let result = ports.service().create(AUTHOR, draft()).await;

    assert!(
        matches!(result, Err(DomainError::Internal(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn other_storage_failures_are_not_retried() {
    let mut ports = Ports::new();
    ports.clock_reads(t0());
    ports
        .suffixes
        .expect_generate()
        .times(1)
        .returning(|| "1a2b3c4d".into());
    ports
        .articles
        .expect_insert()
        .times(1)
        .returning(|_| Err(RepositoryError::Unavailable(Cause::new("disk full"))));
    ports.profiles.expect_followers().times(0);
    ports.announces_nothing();

    let result = ports.service().create(AUTHOR, draft()).await;

    assert!(
        matches!(result, Err(DomainError::Internal(_))),
        "{result:?}"
    );
}

fn stores_once(ports: &mut Ports) {
    ports.clock_reads(t0());
    ports
        .suffixes
        .expect_generate()
        .times(1)
        .returning(|| "1a2b3c4d".into());
    ports
        .articles
        .expect_insert()
        .times(1)
        .returning(|_| Ok(stored(false, 0)));
}

#[tokio::test]
async fn the_authors_followers_are_told_once_it_is_stored() {
    let mut ports = Ports::new();
    stores_once(&mut ports);
    ports.author_has_followers(vec![READER, UserId(3)]);
    ports
        .events
        .expect_publish()
        .with(eq(DomainEvent::ArticlePublished {
            article: stored(false, 0),
            followers: vec![READER, UserId(3)],
        }))
        .times(1)
        .return_const(());

    let result = ports.service().create(AUTHOR, draft()).await;

    assert_eq!(result, Ok(stored(false, 0)));
}

#[tokio::test]
async fn failing_to_find_followers_costs_the_announcement_not_the_article() {
    let mut ports = Ports::new();
    stores_once(&mut ports);
    ports
        .profiles
        .expect_followers()
        .times(1)
        .returning(|_| Err(RepositoryError::Unavailable(Cause::new("timeout"))));
    ports.announces_nothing();

    let result = ports.service().create(AUTHOR, draft()).await;

    assert_eq!(result, Ok(stored(false, 0)));
}
