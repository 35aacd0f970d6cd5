//! Favoriting an article against mocked ports: the write, then the article reread as now stored.

use mockall::Sequence;
use mockall::predicate::eq;

use super::fixtures::*;
use super::*;
use crate::user::UserId;
use crate::{DomainError, Entity, RepositoryError};

/// Look-up, write, re-read, in that order.
fn favorites_then_rereads(ports: &mut Ports, user: UserId, reread: Option<Article>) {
    let mut order = Sequence::new();
    ports
        .articles
        .expect_find_by_slug()
        .with(eq(slug()), eq(Some(user)))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(Some(stored(false, 0))));
    ports
        .articles
        .expect_favorite()
        .with(eq(ID), eq(user))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(()));
    ports
        .articles
        .expect_find_by_slug()
        .with(eq(slug()), eq(Some(user)))
        .times(1)
        .in_sequence(&mut order)
        .return_once(move |_, _| Ok(reread));
}

#[tokio::test]
async fn favorites_and_answers_the_article_as_now_stored() {
    let mut ports = Ports::new();
    favorites_then_rereads(&mut ports, READER, Some(stored(true, 1)));

    let result = ports.service().favorite(READER, &slug()).await;

    assert_eq!(result, Ok(stored(true, 1)));
}

#[tokio::test]
async fn authors_may_favorite_their_own_article() {
    let mut ports = Ports::new();
    favorites_then_rereads(&mut ports, AUTHOR, Some(stored(true, 1)));

    let result = ports.service().favorite(AUTHOR, &slug()).await;

    assert_eq!(result, Ok(stored(true, 1)));
}

#[tokio::test]
async fn an_unknown_slug_is_not_found_and_favorites_nothing() {
    let mut ports = Ports::new();
    ports.finds(Some(READER), None);
    ports.never_writes();

    let result = ports.service().favorite(READER, &slug()).await;

    assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
}

#[tokio::test]
async fn an_article_deleted_before_the_write_is_not_found_and_not_reread() {
    let mut ports = Ports::new();
    ports.finds(Some(READER), Some(stored(false, 0)));
    ports
        .articles
        .expect_favorite()
        .times(1)
        .returning(|_, _| Err(RepositoryError::NotFound));

    let result = ports.service().favorite(READER, &slug()).await;

    assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
}

#[tokio::test]
async fn an_article_deleted_before_the_reread_is_not_found() {
    let mut ports = Ports::new();
    favorites_then_rereads(&mut ports, READER, None);

    let result = ports.service().favorite(READER, &slug()).await;

    assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
}
