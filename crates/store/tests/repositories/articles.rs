//! The article repository's contract: writing, reading as a viewer, lists with filters and
//! pages, the feed, favorites and tags. One module per operation, sharing the helpers below.

mod create;
mod delete;
mod favorites;
mod feed;
mod list;
mod read;
mod tags;
mod update;

use conduit_domain::articles::{Article, ArticleChanges, ArticleFilter};
use conduit_domain::user::UserId;
use conduit_domain::values::Page;
use conduit_store::Repositories;

use crate::fixtures::{at, slug, slugs, tag, username};

fn tagged(name: &str) -> ArticleFilter {
    ArticleFilter {
        tag: Some(tag(name)),
        ..ArticleFilter::default()
    }
}

fn by(author: &str) -> ArticleFilter {
    ArticleFilter {
        author: Some(username(author)),
        ..ArticleFilter::default()
    }
}

fn favorited_by(user: &str) -> ArticleFilter {
    ArticleFilter {
        favorited_by: Some(username(user)),
        ..ArticleFilter::default()
    }
}

fn changes(seconds: i64) -> ArticleChanges {
    ArticleChanges {
        title: None,
        description: None,
        body: None,
        tags: None,
        updated_at: at(seconds),
    }
}

async fn find(repositories: &Repositories, text: &str, viewer: Option<UserId>) -> Article {
    repositories
        .articles
        .find_by_slug(&slug(text), viewer)
        .await
        .unwrap()
        .unwrap()
}

async fn list(
    repositories: &Repositories,
    filter: &ArticleFilter,
    page: Page,
) -> (Vec<String>, u64) {
    let listed = repositories
        .articles
        .list(filter, page, None)
        .await
        .unwrap();
    let (slugs, total) = slugs(&listed);
    (slugs.into_iter().map(str::to_owned).collect(), total)
}

async fn tags_in_use(repositories: &Repositories) -> Vec<String> {
    let tags = repositories.articles.tags().await.unwrap();
    tags.iter().map(|tag| tag.as_str().to_owned()).collect()
}
