//! Where an anonymous page of articles is read from: memory, until a write makes it stale. On
//! SQLite every write goes through this process, so a change made behind the store's back is
//! not seen; on PostgreSQL it is heard and read. Every change made through the store shows in
//! the very next page on both.

use chrono::TimeDelta;
use conduit_domain::articles::{ArticleChanges, ArticleFilter, ArticlePage};
use conduit_domain::user::UserChanges;
use conduit_domain::values::ArticleTitle;
use conduit_store::Repositories;
use conduit_testkit::TestDatabase;

use crate::cache::{Notice, behind_the_stores_back, until_it_shows};
use crate::fixtures::{article, at, page, slugs, user, username};
use crate::{on_every_backend, repositories};

async fn home_page(repositories: &Repositories) -> ArticlePage {
    repositories
        .articles
        .list(&ArticleFilter::default(), page(20, 0), None)
        .await
        .unwrap()
}

async fn first_title(repositories: &Repositories) -> String {
    home_page(repositories).await.articles[0]
        .title
        .as_str()
        .to_owned()
}

/// A store that has shown the home page, and a change to its one article's title made behind
/// the store's back.
async fn home_page_then_a_change_elsewhere(database: &TestDatabase) -> Repositories {
    let repositories = repositories(database).await;
    let jake = user(&repositories, "jake").await;
    article(&repositories, &jake, "original", &[], 0).await;
    assert_eq!(first_title(&repositories).await, "original");

    let statement = "UPDATE articles SET title = 'changed elsewhere'";
    behind_the_stores_back(database, statement, Notice::Sent).await;
    repositories
}

#[tokio::test]
async fn on_sqlite_an_anonymous_page_is_read_from_memory() {
    let database = TestDatabase::sqlite();
    let repositories = home_page_then_a_change_elsewhere(&database).await;
    assert_eq!(first_title(&repositories).await, "original");
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn on_postgres_a_change_by_anyone_is_heard_and_read() {
    let database = TestDatabase::postgres()
        .await
        .expect("set TEST_DATABASE_URL to a PostgreSQL server");
    let repositories = home_page_then_a_change_elsewhere(&database).await;
    until_it_shows(
        || first_title(&repositories),
        "changed elsewhere".to_owned(),
    )
    .await;
}

async fn every_change_through_the_store_shows_in_the_next_page(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let jane = user(repositories, "jane").await;
    let first = article(repositories, &jake, "first", &[], 0).await;
    assert_eq!(slugs(&home_page(repositories).await), (vec!["first"], 1));

    let second = article(repositories, &jake, "second", &[], 1).await;
    assert_eq!(
        slugs(&home_page(repositories).await),
        (vec!["second", "first"], 2),
        "a new article"
    );

    let changes = ArticleChanges {
        title: Some(ArticleTitle::parse("First, edited").unwrap()),
        description: None,
        body: None,
        tags: None,
        updated_at: at(2) + TimeDelta::seconds(1),
    };
    repositories
        .articles
        .update(first.id, changes, jake.id)
        .await
        .unwrap();
    let page = home_page(repositories).await;
    assert_eq!(page.articles[1].title.as_str(), "First, edited", "an edit");

    repositories
        .articles
        .favorite(first.id, jane.id)
        .await
        .unwrap();
    let page = home_page(repositories).await;
    assert_eq!(page.articles[1].favorites_count, 1, "a favorite");

    repositories
        .articles
        .unfavorite(first.id, jane.id)
        .await
        .unwrap();
    let page = home_page(repositories).await;
    assert_eq!(page.articles[1].favorites_count, 0, "an unfavorite");

    let renamed = UserChanges {
        username: Some(username("jacob")),
        ..UserChanges::default()
    };
    repositories.users.update(jake.id, renamed).await.unwrap();
    let page = home_page(repositories).await;
    assert_eq!(
        page.articles[0].author.username,
        username("jacob"),
        "the author's new name"
    );

    repositories.articles.delete(second.id).await.unwrap();
    assert_eq!(
        slugs(&home_page(repositories).await),
        (vec!["first"], 1),
        "a deletion"
    );
}

on_every_backend!(every_change_through_the_store_shows_in_the_next_page);
