//! Anonymous pages of articles, kept in memory.
//!
//! `GET /api/articles` without a viewer is the home page of every visitor, and building it was
//! almost all of that route's work: the statement, every value of every row copied twice and
//! parsed back into domain values (`docs/performance.md`). What an anonymous visitor sees
//! depends on the articles, their tags and favorites, and their authors' profiles; a page
//! answers only while no write to any of them has happened since it was read (`cache.rs`,
//! which also says how writes by other PostgreSQL instances are heard). A viewer's own page
//! (`favorited`, `following`) always reads the database.

use std::sync::Arc;

use async_trait::async_trait;
use conduit_domain::RepositoryError;
use conduit_domain::articles::{
    Article, ArticleChanges, ArticleFilter, ArticleId, ArticlePage, NewArticle,
};
use conduit_domain::ports::ArticleRepository;
use conduit_domain::user::UserId;
use conduit_domain::values::{Page, Slug, Tag};

use crate::cache::{Bounds, Cache, Caches, HeapSize, Tables};

/// Pages kept at most, and their bytes. The home page of the bench (20 articles) is about 12 KiB;
/// a page of 100 articles with the longest bodies allowed would not fit, and is read from the
/// database each time.
const BOUNDS: Bounds = Bounds {
    entries: 1024,
    bytes: 4 << 20,
};

pub(crate) struct CachedArticles<R> {
    stored: Arc<R>,
    pages: Cache<(ArticleFilter, Page), ArticlePage>,
}

impl<R: ArticleRepository + 'static> CachedArticles<R> {
    pub(crate) fn new(stored: R, caches: &Caches) -> Self {
        Self {
            stored: Arc::new(stored),
            pages: Cache::new(caches, Tables::Articles, BOUNDS),
        }
    }
}

impl HeapSize for (ArticleFilter, Page) {
    fn heap_bytes(&self) -> usize {
        let ArticleFilter {
            tag,
            author,
            favorited_by,
        } = &self.0;
        tag.as_ref().map_or(0, |tag| tag.as_str().len())
            + author.as_ref().map_or(0, |author| author.as_str().len())
            + favorited_by.as_ref().map_or(0, |user| user.as_str().len())
    }
}

/// The page's text, and the articles and tags that hold it.
impl HeapSize for ArticlePage {
    fn heap_bytes(&self) -> usize {
        self.articles
            .iter()
            .map(|article| {
                let profile = &article.author;
                size_of::<Article>()
                    + size_of_val(article.tags.as_slice())
                    + article.slug.as_str().len()
                    + article.title.as_str().len()
                    + article.description.as_str().len()
                    + article.body.as_str().len()
                    + article
                        .tags
                        .as_slice()
                        .iter()
                        .map(|tag| tag.as_str().len())
                        .sum::<usize>()
                    + profile.username.as_str().len()
                    + profile.bio.as_ref().map_or(0, |bio| bio.as_str().len())
                    + profile
                        .image
                        .as_ref()
                        .map_or(0, |image| image.as_str().len())
            })
            .sum()
    }
}

#[async_trait]
impl<R: ArticleRepository + 'static> ArticleRepository for CachedArticles<R> {
    async fn insert(&self, article: NewArticle) -> Result<Article, RepositoryError> {
        let stored = self.stored.clone();
        self.pages
            .write(async move { stored.insert(article).await })
            .await
    }

    async fn find_by_slug(
        &self,
        slug: &Slug,
        viewer: Option<UserId>,
    ) -> Result<Option<Article>, RepositoryError> {
        self.stored.find_by_slug(slug, viewer).await
    }

    async fn list(
        &self,
        filter: &ArticleFilter,
        page: Page,
        viewer: Option<UserId>,
    ) -> Result<ArticlePage, RepositoryError> {
        if viewer.is_some() {
            return self.stored.list(filter, page, viewer).await;
        }
        let read = self.stored.list(filter, page, None);
        self.pages
            .read_through((filter.clone(), page), read, |_| true)
            .await
    }

    async fn feed(&self, viewer: UserId, page: Page) -> Result<ArticlePage, RepositoryError> {
        self.stored.feed(viewer, page).await
    }

    async fn update(
        &self,
        id: ArticleId,
        changes: ArticleChanges,
        viewer: UserId,
    ) -> Result<Article, RepositoryError> {
        let stored = self.stored.clone();
        self.pages
            .write(async move { stored.update(id, changes, viewer).await })
            .await
    }

    async fn delete(&self, id: ArticleId) -> Result<(), RepositoryError> {
        let stored = self.stored.clone();
        self.pages
            .write(async move { stored.delete(id).await })
            .await
    }

    async fn favorite(&self, id: ArticleId, user: UserId) -> Result<(), RepositoryError> {
        let stored = self.stored.clone();
        self.pages
            .write(async move { stored.favorite(id, user).await })
            .await
    }

    async fn unfavorite(&self, id: ArticleId, user: UserId) -> Result<(), RepositoryError> {
        let stored = self.stored.clone();
        self.pages
            .write(async move { stored.unfavorite(id, user).await })
            .await
    }

    async fn tags(&self) -> Result<Vec<Tag>, RepositoryError> {
        self.stored.tags().await
    }
}

#[cfg(test)]
mod tests;
