//! The rules of comments: anyone reads them, signed-in users add them, only a comment's author
//! deletes it.

use std::sync::Arc;

use crate::articles::Article;
use crate::comments::{Comment, CommentId, NewComment};
use crate::events::DomainEvent;
use crate::ports::{ArticleRepository, Clock, CommentRepository, EventPublisher};
use crate::user::UserId;
use crate::values::{CommentBody, Slug};
use crate::{DomainError, Entity};

pub struct CommentService {
    articles: Arc<dyn ArticleRepository>,
    comments: Arc<dyn CommentRepository>,
    clock: Arc<dyn Clock>,
    events: Arc<dyn EventPublisher>,
}

impl CommentService {
    pub fn new(
        articles: Arc<dyn ArticleRepository>,
        comments: Arc<dyn CommentRepository>,
        clock: Arc<dyn Clock>,
        events: Arc<dyn EventPublisher>,
    ) -> Self {
        Self {
            articles,
            comments,
            clock,
            events,
        }
    }

    pub async fn add(
        &self,
        author: UserId,
        slug: &Slug,
        body: CommentBody,
    ) -> Result<Comment, DomainError> {
        let article = self.article(slug).await?;
        let comment = NewComment {
            article_id: article.id,
            author_id: author,
            body,
            created_at: self.clock.now(),
        };
        let comment = self
            .comments
            .insert(comment)
            .await
            .map_err(DomainError::vanished(Entity::Article))?;
        self.events.publish(DomainEvent::CommentAdded {
            article: article.slug,
            comment: comment.clone(),
        });
        Ok(comment)
    }

    /// Oldest first, as the conversation happened.
    pub async fn list(
        &self,
        slug: &Slug,
        viewer: Option<UserId>,
    ) -> Result<Vec<Comment>, DomainError> {
        let article = self.article(slug).await?;
        Ok(self.comments.list(article.id, viewer).await?)
    }

    /// The comment's author only. Checks run in the contract's order: the article exists, then
    /// the comment exists on that article (an id from another article is not found), then the
    /// caller wrote it.
    pub async fn delete(
        &self,
        viewer: UserId,
        slug: &Slug,
        id: CommentId,
    ) -> Result<(), DomainError> {
        let article = self.article(slug).await?;
        let comment = self
            .comments
            .find(article.id, id)
            .await?
            .ok_or(DomainError::NotFound(Entity::Comment))?;
        if comment.author_id != viewer {
            return Err(DomainError::Forbidden(Entity::Comment));
        }
        self.comments
            .delete(id)
            .await
            .map_err(DomainError::vanished(Entity::Comment))?;
        self.events.publish(DomainEvent::CommentDeleted {
            article: article.slug,
            comment: id,
        });
        Ok(())
    }

    /// Only the article's id is needed, so it is read as an anonymous viewer would see it.
    async fn article(&self, slug: &Slug) -> Result<Article, DomainError> {
        self.articles
            .find_by_slug(slug, None)
            .await?
            .ok_or(DomainError::NotFound(Entity::Article))
    }
}

#[cfg(test)]
mod tests;
