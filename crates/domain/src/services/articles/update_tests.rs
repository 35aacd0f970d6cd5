//! Updating an article against mocked ports: only the given fields change, `updatedAt` always moves
//! forward, and only the author may update.

use chrono::{DateTime, TimeDelta, Utc};
use mockall::predicate::{always, eq};

use super::fixtures::*;
use super::*;
use crate::values::{ArticleTitle, TagList};
use crate::{DomainError, Entity, RepositoryError};

fn edit() -> ArticleUpdate {
    ArticleUpdate {
        title: Some(ArticleTitle::parse("Did you train your dragon?").unwrap()),
        tags: Some(TagList::default()),
        ..ArticleUpdate::default()
    }
}

fn expect_update(ports: &mut Ports, updated_at: DateTime<Utc>) {
    let changes = ArticleChanges {
        title: Some(ArticleTitle::parse("Did you train your dragon?").unwrap()),
        description: None,
        body: None,
        tags: Some(TagList::default()),
        updated_at,
    };
    ports
        .articles
        .expect_update()
        .with(eq(ID), eq(changes), eq(AUTHOR))
        .times(1)
        .returning(|_, _, _| Ok(stored(false, 0)));
}

#[tokio::test]
async fn the_author_changes_only_the_given_fields_and_the_slug_stays() {
    let mut ports = Ports::new();
    ports.finds(Some(AUTHOR), Some(stored(false, 0)));
    ports.clock_reads(t0() + TimeDelta::seconds(5));
    ports.suffixes.expect_generate().times(0);
    expect_update(&mut ports, t0() + TimeDelta::seconds(5));

    let result = ports.service().update(AUTHOR, &slug(), edit()).await;

    assert_eq!(result, Ok(stored(false, 0)), "the stored row is the answer");
}

#[tokio::test]
async fn updated_at_moves_forward_even_within_the_same_millisecond() {
    let mut ports = Ports::new();
    ports.finds(Some(AUTHOR), Some(stored(false, 0)));
    ports.clock_reads(t0() + TimeDelta::microseconds(300));
    expect_update(&mut ports, t0() + TimeDelta::milliseconds(1));

    let result = ports.service().update(AUTHOR, &slug(), edit()).await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn updated_at_moves_forward_when_the_clock_stepped_back() {
    let mut ports = Ports::new();
    ports.finds(Some(AUTHOR), Some(stored(false, 0)));
    ports.clock_reads(t0() - TimeDelta::seconds(30));
    expect_update(&mut ports, t0() + TimeDelta::milliseconds(1));

    let result = ports.service().update(AUTHOR, &slug(), edit()).await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn an_unknown_slug_is_not_found_and_changes_nothing() {
    let mut ports = Ports::new();
    ports.finds(Some(AUTHOR), None);
    ports.never_writes();

    let result = ports.service().update(AUTHOR, &slug(), edit()).await;

    assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
}

#[tokio::test]
async fn someone_elses_article_is_forbidden_and_changes_nothing() {
    let mut ports = Ports::new();
    ports.finds(Some(READER), Some(stored(false, 0)));
    ports.never_writes();

    let result = ports.service().update(READER, &slug(), edit()).await;

    assert_eq!(result, Err(DomainError::Forbidden(Entity::Article)));
}

#[tokio::test]
async fn an_article_deleted_meanwhile_is_not_found() {
    let mut ports = Ports::new();
    ports.finds(Some(AUTHOR), Some(stored(false, 0)));
    ports.clock_reads(t0() + TimeDelta::seconds(5));
    ports
        .articles
        .expect_update()
        .with(eq(ID), always(), eq(AUTHOR))
        .times(1)
        .returning(|_, _, _| Err(RepositoryError::NotFound));

    let result = ports.service().update(AUTHOR, &slug(), edit()).await;

    assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
}
