//! Events across app instances through PostgreSQL `LISTEN/NOTIFY`, so that a comment posted
//! through one instance reaches sockets connected to any other. A notification carries only
//! ids (PostgreSQL caps payloads at 8000 bytes); each instance reads the rest from the database.

use conduit_domain::comments::CommentId;
use conduit_domain::events::DomainEvent;
use conduit_domain::ports::EventPublisher;
use conduit_domain::values::Slug;
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use sqlx::postgres::PgListener;
use tokio::sync::mpsc;

use crate::StoreError;

const CHANNEL: &str = "conduit_events";

/// What a notification says happened; enough to find the rest in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventNotice {
    CommentAdded { article: String, comment: i64 },
    CommentDeleted { article: String, comment: i64 },
    ArticlePublished { article: String },
}

impl EventNotice {
    fn of(event: &DomainEvent) -> Self {
        match event {
            DomainEvent::CommentAdded { article, comment } => EventNotice::CommentAdded {
                article: article.as_str().to_owned(),
                comment: comment.id.0,
            },
            DomainEvent::CommentDeleted { article, comment } => EventNotice::CommentDeleted {
                article: article.as_str().to_owned(),
                comment: comment.0,
            },
            DomainEvent::ArticlePublished { article, .. } => EventNotice::ArticlePublished {
                article: article.slug.as_str().to_owned(),
            },
        }
    }

    /// The article the notice is about, if its slug is still a valid one.
    pub fn article(&self) -> Option<Slug> {
        let (EventNotice::CommentAdded { article, .. }
        | EventNotice::CommentDeleted { article, .. }
        | EventNotice::ArticlePublished { article }) = self;
        Slug::parse(article).ok()
    }

    pub fn comment(&self) -> Option<CommentId> {
        match self {
            EventNotice::CommentAdded { comment, .. }
            | EventNotice::CommentDeleted { comment, .. } => Some(CommentId(*comment)),
            EventNotice::ArticlePublished { .. } => None,
        }
    }
}

/// Publishes events as notifications, in the order they were published.
pub struct PgNotifier {
    queue: mpsc::UnboundedSender<String>,
}

impl PgNotifier {
    /// One task sends every notification, so that they leave in publishing order (a comment's
    /// deletion never overtakes its creation).
    pub(crate) fn start(pool: AnyPool) -> Self {
        let (queue, mut outgoing) = mpsc::unbounded_channel::<String>();
        tokio::spawn(async move {
            while let Some(payload) = outgoing.recv().await {
                let sent = sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(payload)
                    .execute(&pool)
                    .await;
                if let Err(error) = sent {
                    tracing::warn!(%error, "could not notify other instances of an event");
                }
            }
        });
        Self { queue }
    }
}

impl EventPublisher for PgNotifier {
    fn publish(&self, event: DomainEvent) {
        match serde_json::to_string(&EventNotice::of(&event)) {
            Ok(payload) => {
                // Fails only once the sending task is gone, i.e. while shutting down.
                let _ = self.queue.send(payload);
            }
            Err(error) => tracing::warn!(%error, "could not encode an event notice"),
        }
    }
}

/// The notices of every instance, this one included.
pub struct PgNotices {
    listener: PgListener,
}

impl PgNotices {
    pub(crate) async fn listen(url: &str) -> Result<Self, StoreError> {
        let mut listener = PgListener::connect(url)
            .await
            .map_err(StoreError::Connect)?;
        listener
            .listen(CHANNEL)
            .await
            .map_err(StoreError::Connect)?;
        Ok(Self { listener })
    }

    /// The next notice. After a lost connection the listener reconnects by itself; notices sent
    /// meanwhile are lost, which costs a live update, never data.
    pub async fn next(&mut self) -> Option<EventNotice> {
        loop {
            match self.listener.recv().await {
                Ok(notification) => match serde_json::from_str(notification.payload()) {
                    Ok(notice) => return Some(notice),
                    Err(error) => tracing::warn!(%error, "ignoring a malformed event notice"),
                },
                Err(error) => {
                    tracing::error!(%error, "stopped listening for events of other instances");
                    return None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_are_small_tagged_json() {
        let notice = EventNotice::CommentDeleted {
            article: "dragons-1a2b3c4d".into(),
            comment: 7,
        };
        let text = serde_json::to_string(&notice).unwrap();
        assert_eq!(
            text,
            r#"{"kind":"comment_deleted","article":"dragons-1a2b3c4d","comment":7}"#
        );
        assert_eq!(serde_json::from_str::<EventNotice>(&text).unwrap(), notice);
        assert_eq!(notice.comment(), Some(CommentId(7)));
        assert_eq!(
            notice.article(),
            Some(Slug::parse("dragons-1a2b3c4d").unwrap())
        );
    }
}
