//! The rules of articles: only authors edit or delete, slugs, favoriting, the global list, the
//! personal feed and the tags in use.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use crate::articles::{
    Article, ArticleChanges, ArticleFilter, ArticlePage, ArticleUpdate, NewArticle,
};
use crate::events::DomainEvent;
use crate::ports::{ArticleRepository, Clock, EventPublisher, ProfileRepository, SlugSuffix};
use crate::user::UserId;
use crate::values::{ArticleBody, ArticleTitle, Description, Page, Slug, Tag, TagList};
use crate::{Cause, DomainError, Entity, ErrorChain, RepositoryError, UniqueField};

/// One try and three retries. Eight random hex digits collide about once in four billion
/// articles per title, so a fourth collision in a row means the suffix source is broken.
const SLUG_ATTEMPTS: usize = 4;

/// A new article as its author wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDraft {
    pub title: ArticleTitle,
    pub description: Description,
    pub body: ArticleBody,
    pub tags: TagList,
}

pub struct ArticleService {
    articles: Arc<dyn ArticleRepository>,
    profiles: Arc<dyn ProfileRepository>,
    suffixes: Arc<dyn SlugSuffix>,
    clock: Arc<dyn Clock>,
    events: Arc<dyn EventPublisher>,
}

/// What an article service is built from.
pub struct ArticlePorts {
    pub articles: Arc<dyn ArticleRepository>,
    pub profiles: Arc<dyn ProfileRepository>,
    pub suffixes: Arc<dyn SlugSuffix>,
    pub clock: Arc<dyn Clock>,
    pub events: Arc<dyn EventPublisher>,
}

impl ArticleService {
    pub fn new(ports: ArticlePorts) -> Self {
        Self {
            articles: ports.articles,
            profiles: ports.profiles,
            suffixes: ports.suffixes,
            clock: ports.clock,
            events: ports.events,
        }
    }

    /// Duplicate titles are allowed: the slug is the title plus a random suffix, and a suffix
    /// that happens to be taken is replaced by a fresh one.
    pub async fn create(
        &self,
        author: UserId,
        draft: ArticleDraft,
    ) -> Result<Article, DomainError> {
        let now = self.clock.now();
        for _ in 0..SLUG_ATTEMPTS {
            let slug = Slug::from_title(&draft.title, &self.suffixes.generate());
            let article = NewArticle {
                slug: slug.clone(),
                title: draft.title.clone(),
                description: draft.description.clone(),
                body: draft.body.clone(),
                tags: draft.tags.clone(),
                author_id: author,
                created_at: now,
                updated_at: now,
            };
            match self.articles.insert(article).await {
                Err(RepositoryError::Conflict(UniqueField::Slug)) => {
                    tracing::warn!(
                        slug = slug.as_str(),
                        "slug taken; retrying with a new suffix"
                    );
                }
                result => {
                    let article = result?;
                    self.announce(&article).await;
                    return Ok(article);
                }
            }
        }
        Err(DomainError::Internal(Cause::new(format!(
            "no free slug after {SLUG_ATTEMPTS} attempts"
        ))))
    }

    /// Tells the author's followers. The article is stored whatever happens here: a failed
    /// look-up of followers costs a live notification, not the write.
    async fn announce(&self, article: &Article) {
        match self.profiles.followers(article.author_id).await {
            Ok(followers) if followers.is_empty() => {}
            Ok(followers) => self.events.publish(DomainEvent::ArticlePublished {
                article: article.clone(),
                followers,
            }),
            Err(error) => {
                let error = ErrorChain(&error);
                tracing::warn!(%error, "could not announce a new article");
            }
        }
    }

    pub async fn get(&self, slug: &Slug, viewer: Option<UserId>) -> Result<Article, DomainError> {
        self.articles
            .find_by_slug(slug, viewer)
            .await?
            .ok_or(DomainError::NotFound(Entity::Article))
    }

    /// Authors only; an unknown slug is a 404 before a stranger's article is a 403. The slug
    /// stays as it is even when the title changes, and `created_at` is never touched.
    pub async fn update(
        &self,
        viewer: UserId,
        slug: &Slug,
        update: ArticleUpdate,
    ) -> Result<Article, DomainError> {
        let article = self.authored_by(viewer, slug).await?;
        let changes = ArticleChanges {
            title: update.title,
            description: update.description,
            body: update.body,
            tags: update.tags,
            updated_at: self.next_update_time(article.updated_at),
        };
        self.articles
            .update(article.id, changes, viewer)
            .await
            .map_err(DomainError::vanished(Entity::Article))
    }

    /// Authors only, with the same order of checks as [`ArticleService::update`].
    pub async fn delete(&self, viewer: UserId, slug: &Slug) -> Result<(), DomainError> {
        let article = self.authored_by(viewer, slug).await?;
        self.articles
            .delete(article.id)
            .await
            .map_err(DomainError::vanished(Entity::Article))
    }

    /// Idempotent; authors may favorite their own articles. Answers with the article re-read
    /// after the write, so `favorited` and `favoritesCount` are what storage now holds.
    pub async fn favorite(&self, user: UserId, slug: &Slug) -> Result<Article, DomainError> {
        let article = self.get(slug, Some(user)).await?;
        self.articles
            .favorite(article.id, user)
            .await
            .map_err(DomainError::vanished(Entity::Article))?;
        self.get(slug, Some(user)).await
    }

    /// Idempotent, and answers with the re-read article like [`ArticleService::favorite`].
    pub async fn unfavorite(&self, user: UserId, slug: &Slug) -> Result<Article, DomainError> {
        let article = self.get(slug, Some(user)).await?;
        self.articles
            .unfavorite(article.id, user)
            .await
            .map_err(DomainError::vanished(Entity::Article))?;
        self.get(slug, Some(user)).await
    }

    pub async fn list(
        &self,
        filter: &ArticleFilter,
        page: Page,
        viewer: Option<UserId>,
    ) -> Result<ArticlePage, DomainError> {
        Ok(self.articles.list(filter, page, viewer).await?)
    }

    pub async fn feed(&self, viewer: UserId, page: Page) -> Result<ArticlePage, DomainError> {
        Ok(self.articles.feed(viewer, page).await?)
    }

    pub async fn tags(&self) -> Result<Vec<Tag>, DomainError> {
        Ok(self.articles.tags().await?)
    }

    async fn authored_by(&self, viewer: UserId, slug: &Slug) -> Result<Article, DomainError> {
        let article = self.get(slug, Some(viewer)).await?;
        if article.author_id != viewer {
            return Err(DomainError::Forbidden(Entity::Article));
        }
        Ok(article)
    }

    /// Clients compare `updatedAt` strings at millisecond precision: two edits within one
    /// millisecond, or a clock that stepped back, must still move it forward.
    fn next_update_time(&self, previous: DateTime<Utc>) -> DateTime<Utc> {
        self.clock.now().max(previous + TimeDelta::milliseconds(1))
    }
}

#[cfg(test)]
mod fixtures;

#[cfg(test)]
mod create_tests;

#[cfg(test)]
mod get_tests;

#[cfg(test)]
mod update_tests;

#[cfg(test)]
mod delete_tests;

#[cfg(test)]
mod favorite_tests;

#[cfg(test)]
mod unfavorite_tests;

#[cfg(test)]
mod list_tests;
