//! Fans domain events out to the connections that want them. Publishing never waits: each
//! connection has a bounded queue, and a connection whose queue is full has fallen behind and is
//! dropped, so one slow reader can never hold up the others or the write that caused the event.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use conduit_domain::events::DomainEvent;
use conduit_domain::ports::EventPublisher;
use conduit_domain::user::UserId;
use tokio::sync::mpsc;

use super::protocol::ServerMessage;

pub type ConnectionId = u64;

struct Connection {
    user: Option<UserId>,
    watched: HashSet<String>,
    outbox: mpsc::Sender<Arc<str>>,
}

pub struct Hub {
    connections: Mutex<HashMap<ConnectionId, Connection>>,
    next_id: AtomicU64,
    queue_capacity: usize,
}

/// A connection's place in the hub; dropping it leaves the hub.
pub struct Membership {
    hub: Arc<Hub>,
    pub id: ConnectionId,
    /// Messages for this connection; closed when the hub dropped it for falling behind.
    pub inbox: mpsc::Receiver<Arc<str>>,
}

impl Drop for Membership {
    fn drop(&mut self) {
        self.hub.lock().remove(&self.id);
    }
}

impl Hub {
    pub fn new(queue_capacity: usize) -> Self {
        Self {
            connections: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            queue_capacity: queue_capacity.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<ConnectionId, Connection>> {
        // A panic while holding this lock cannot leave the map half-updated (every update is a
        // single insert or remove), so a poisoned lock is still safe to use.
        self.connections
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn join(self: &Arc<Self>, user: Option<UserId>) -> Membership {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (outbox, inbox) = mpsc::channel(self.queue_capacity);
        self.lock().insert(
            id,
            Connection {
                user,
                watched: HashSet::new(),
                outbox,
            },
        );
        Membership {
            hub: Arc::clone(self),
            id,
            inbox,
        }
    }

    pub fn authenticate(&self, id: ConnectionId, user: UserId) {
        if let Some(connection) = self.lock().get_mut(&id) {
            connection.user = Some(user);
        }
    }

    pub fn watch(&self, id: ConnectionId, article: &str) {
        if let Some(connection) = self.lock().get_mut(&id) {
            connection.watched.insert(article.to_owned());
        }
    }

    pub fn unwatch(&self, id: ConnectionId, article: &str) {
        if let Some(connection) = self.lock().get_mut(&id) {
            connection.watched.remove(article);
        }
    }

    pub fn connection_count(&self) -> usize {
        self.lock().len()
    }

    /// Queues `message` for every connection `wanted` picks; drops those that have fallen behind.
    fn deliver(&self, message: &ServerMessage, wanted: impl Fn(&Connection) -> bool) {
        let text: Arc<str> = message.to_json().into();
        let mut connections = self.lock();
        connections.retain(|id, connection| {
            if !wanted(connection) {
                return true;
            }
            match connection.outbox.try_send(Arc::clone(&text)) {
                Ok(()) => true,
                Err(mpsc::error::TrySendError::Full(_)) => {
                    tracing::warn!(
                        connection = id,
                        "dropping a live connection that fell behind"
                    );
                    false
                }
                Err(mpsc::error::TrySendError::Closed(_)) => false,
            }
        });
    }
}

impl EventPublisher for Hub {
    fn publish(&self, event: DomainEvent) {
        match event {
            DomainEvent::CommentAdded { article, comment } => {
                let article = article.as_str().to_owned();
                let message = ServerMessage::CommentAdded {
                    article: article.clone(),
                    comment: comment.into(),
                };
                self.deliver(&message, |connection| connection.watched.contains(&article));
            }
            DomainEvent::CommentDeleted { article, comment } => {
                let article = article.as_str().to_owned();
                let message = ServerMessage::CommentDeleted {
                    article: article.clone(),
                    comment_id: comment.0,
                };
                self.deliver(&message, |connection| connection.watched.contains(&article));
            }
            DomainEvent::ArticlePublished { article, followers } => {
                let followers: HashSet<UserId> = followers.into_iter().collect();
                let message = ServerMessage::ArticlePublished {
                    article: article.into(),
                };
                self.deliver(&message, |connection| {
                    connection
                        .user
                        .is_some_and(|user| followers.contains(&user))
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
