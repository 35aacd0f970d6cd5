//! Reading one article against mocked ports: as the viewer sees it, or not found.

use super::fixtures::*;
use crate::{DomainError, Entity};

#[tokio::test]
async fn answers_the_article_as_the_viewer_sees_it() {
    let mut ports = Ports::new();
    ports.finds(Some(READER), Some(stored(true, 1)));

    let result = ports.service().get(&slug(), Some(READER)).await;

    assert_eq!(result, Ok(stored(true, 1)));
}

#[tokio::test]
async fn an_unknown_slug_is_article_not_found() {
    let mut ports = Ports::new();
    ports.finds(None, None);

    let result = ports.service().get(&slug(), None).await;

    assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
}
