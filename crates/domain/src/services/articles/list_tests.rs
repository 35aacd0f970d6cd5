//! Lists against mocked ports: the article list, the feed, and the tags in use.

use mockall::predicate::eq;

use super::fixtures::*;
use super::*;
use crate::values::{Limit, Offset, Page, Tag, Username};
use crate::{Cause, DomainError, RepositoryError};

fn page() -> Page {
    Page {
        limit: Limit::parse(1).unwrap(),
        offset: Offset::parse(1).unwrap(),
    }
}

fn one_of_two() -> ArticlePage {
    ArticlePage {
        articles: vec![stored(false, 0)],
        total: 2,
    }
}

#[tokio::test]
async fn the_list_passes_filter_page_and_viewer_to_storage() {
    let mut ports = Ports::new();
    let filter = ArticleFilter {
        tag: Some(Tag::parse("dragons").unwrap()),
        author: Some(Username::parse("jake").unwrap()),
        favorited_by: None,
    };
    ports
        .articles
        .expect_list()
        .with(eq(filter.clone()), eq(page()), eq(Some(READER)))
        .times(1)
        .returning(|_, _, _| Ok(one_of_two()));

    let result = ports.service().list(&filter, page(), Some(READER)).await;

    assert_eq!(result, Ok(one_of_two()));
}

#[tokio::test]
async fn the_feed_is_the_viewers() {
    let mut ports = Ports::new();
    ports
        .articles
        .expect_feed()
        .with(eq(READER), eq(page()))
        .times(1)
        .returning(|_, _| Ok(one_of_two()));

    let result = ports.service().feed(READER, page()).await;

    assert_eq!(result, Ok(one_of_two()));
}

#[tokio::test]
async fn tags_are_those_storage_has_in_use() {
    let mut ports = Ports::new();
    ports
        .articles
        .expect_tags()
        .times(1)
        .returning(|| Ok(vec![Tag::parse("dragons").unwrap()]));

    let result = ports.service().tags().await;

    assert_eq!(result, Ok(vec![Tag::parse("dragons").unwrap()]));
}

#[tokio::test]
async fn a_storage_failure_is_internal() {
    let mut ports = Ports::new();
    ports
        .articles
        .expect_feed()
        .times(1)
        .returning(|_, _| Err(RepositoryError::Unavailable(Cause::new("down"))));

    let result = ports.service().feed(READER, page()).await;

    assert!(
        matches!(result, Err(DomainError::Internal(_))),
        "{result:?}"
    );
}
