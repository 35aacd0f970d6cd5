//! Builders the suites share: users, articles and times that read well in assertions.

use chrono::{DateTime, TimeDelta, Utc};
use conduit_domain::articles::{Article, ArticlePage, NewArticle};
use conduit_domain::user::{NewUser, User, UserId};
use conduit_domain::values::{
    ArticleBody, ArticleTitle, Description, Email, Limit, Offset, Page, PasswordHash, Slug, Tag,
    TagList, Username,
};
use conduit_store::Repositories;

pub async fn user(repositories: &Repositories, username: &str) -> User {
    repositories
        .users
        .insert(NewUser {
            username: Username::parse(username).unwrap(),
            email: Email::parse(&format!("{username}@example.com")).unwrap(),
            password_hash: PasswordHash::new(format!("$argon2id$hash-of-{username}")),
        })
        .await
        .unwrap()
}

/// `seconds` after a fixed instant, with a sub-millisecond part so that precision shows.
pub fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap() + TimeDelta::seconds(seconds)
}

pub fn tag_list(tags: &[&str]) -> TagList {
    TagList::parse(tags).unwrap()
}

pub fn username(name: &str) -> Username {
    Username::parse(name).unwrap()
}

pub fn tag(name: &str) -> Tag {
    Tag::parse(name).unwrap()
}

pub fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

/// An article whose slug is its title, written `seconds` after [`at`]'s instant.
pub fn new_article(author: UserId, title: &str, tags: &[&str], seconds: i64) -> NewArticle {
    NewArticle {
        slug: slug(title),
        title: ArticleTitle::parse(title).unwrap(),
        description: Description::parse(&format!("About {title}")).unwrap(),
        body: ArticleBody::parse(&format!("All about {title}.")).unwrap(),
        tags: tag_list(tags),
        author_id: author,
        created_at: at(seconds),
        updated_at: at(seconds),
    }
}

pub async fn article(
    repositories: &Repositories,
    author: &User,
    title: &str,
    tags: &[&str],
    seconds: i64,
) -> Article {
    repositories
        .articles
        .insert(new_article(author.id, title, tags, seconds))
        .await
        .unwrap()
}

pub fn page(limit: i64, offset: i64) -> Page {
    Page {
        limit: Limit::parse(limit).unwrap(),
        offset: Offset::parse(offset).unwrap(),
    }
}

pub fn tag_names(tags: &TagList) -> Vec<&str> {
    tags.as_slice().iter().map(Tag::as_str).collect()
}

/// The page's slugs in order, and its total.
pub fn slugs(page: &ArticlePage) -> (Vec<&str>, u64) {
    (
        page.articles
            .iter()
            .map(|article| article.slug.as_str())
            .collect(),
        page.total,
    )
}
