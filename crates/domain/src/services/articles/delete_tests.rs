//! Deleting an article against mocked ports: only the author may, and what is missing is not found.

use mockall::predicate::eq;

use super::fixtures::*;
use crate::{DomainError, Entity, RepositoryError};

#[tokio::test]
async fn the_author_deletes_the_article() {
    let mut ports = Ports::new();
    ports.finds(Some(AUTHOR), Some(stored(false, 0)));
    ports
        .articles
        .expect_delete()
        .with(eq(ID))
        .times(1)
        .returning(|_| Ok(()));

    let result = ports.service().delete(AUTHOR, &slug()).await;

    assert_eq!(result, Ok(()));
}

#[tokio::test]
async fn an_unknown_slug_is_not_found_and_deletes_nothing() {
    let mut ports = Ports::new();
    ports.finds(Some(AUTHOR), None);
    ports.never_writes();

    let result = ports.service().delete(AUTHOR, &slug()).await;

    assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
}

#[tokio::test]
async fn someone_elses_article_is_forbidden_and_deletes_nothing() {
    let mut ports = Ports::new();
    ports.finds(Some(READER), Some(stored(false, 0)));
    ports.never_writes();

    let result = ports.service().delete(READER, &slug()).await;

    assert_eq!(result, Err(DomainError::Forbidden(Entity::Article)));
}

#[tokio::test]
async fn an_article_deleted_meanwhile_is_not_found() {
    let mut ports = Ports::new();
    ports.finds(Some(AUTHOR), Some(stored(false, 0)));
    ports
        .articles
        .expect_delete()
        .times(1)
        .returning(|_| Err(RepositoryError::NotFound));

    let result = ports.service().delete(AUTHOR, &slug()).await;

    assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
}
