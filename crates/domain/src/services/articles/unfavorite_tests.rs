//! Unfavoriting an article against mocked ports: the write, then the article reread as now stored.

use mockall::Sequence;
use mockall::predicate::eq;

use super::fixtures::*;
use crate::{DomainError, Entity};

#[tokio::test]
async fn unfavorites_and_answers_the_article_as_now_stored() {
    let mut ports = Ports::new();
    let mut order = Sequence::new();
    ports
        .articles
        .expect_find_by_slug()
        .with(eq(slug()), eq(Some(READER)))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(Some(stored(true, 1))));
    ports
        .articles
        .expect_unfavorite()
        .with(eq(ID), eq(READER))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(()));
    ports
        .articles
        .expect_find_by_slug()
        .with(eq(slug()), eq(Some(READER)))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(Some(stored(false, 0))));

    let result = ports.service().unfavorite(READER, &slug()).await;

    assert_eq!(result, Ok(stored(false, 0)));
}

#[tokio::test]
async fn an_unknown_slug_is_not_found_and_unfavorites_nothing() {
    let mut ports = Ports::new();
    ports.finds(Some(READER), None);
    ports.never_writes();

    let result = ports.service().unfavorite(READER, &slug()).await;

    assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
}
