//! With several instances on one PostgreSQL database, events arrive as notices (ids only);
//! this task reads the rest from the database and hands complete events to this instance's hub.

use std::sync::Arc;

use conduit_domain::events::DomainEvent;
use conduit_domain::ports::{
    ArticleRepository, CommentRepository, EventPublisher, ProfileRepository,
};
use conduit_store::{EventNotice, PgNotices};

use super::Hub;

pub struct RelayPorts {
    pub articles: Arc<dyn ArticleRepository>,
    pub comments: Arc<dyn CommentRepository>,
    pub profiles: Arc<dyn ProfileRepository>,
}

pub async fn relay(mut notices: PgNotices, ports: RelayPorts, hub: Arc<Hub>) {
    while let Some(notice) = notices.next().await {
        match rehydrate(&notice, &ports).await {
            Ok(Some(event)) => hub.publish(event),
            // Deleted meanwhile: there is nothing left to show.
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, ?notice, "could not relay an event"),
        }
    }
}

async fn rehydrate(
    notice: &EventNotice,
    ports: &RelayPorts,
) -> Result<Option<DomainEvent>, conduit_domain::RepositoryError> {
    let Some(slug) = notice.article() else {
        return Ok(None);
    };
    if let (EventNotice::CommentDeleted { .. }, Some(comment)) = (notice, notice.comment()) {
        return Ok(Some(DomainEvent::CommentDeleted {
            article: slug,
            comment,
        }));
    }
    let Some(article) = ports.articles.find_by_slug(&slug, None).await? else {
        return Ok(None);
    };
    match notice {
        EventNotice::CommentAdded { .. } => {
            let Some(id) = notice.comment() else {
                return Ok(None);
            };
            let comment = ports.comments.find(article.id, id).await?;
            Ok(comment.map(|comment| DomainEvent::CommentAdded {
                article: slug,
                comment,
            }))
        }
        EventNotice::ArticlePublished { .. } => {
            let followers = ports.profiles.followers(article.author_id).await?;
            Ok(Some(DomainEvent::ArticlePublished { article, followers }))
        }
        EventNotice::CommentDeleted { .. } => Ok(None),
    }
}
