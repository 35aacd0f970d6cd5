//! Events across instances through PostgreSQL `LISTEN/NOTIFY`: a comment posted through one
//! instance reaches sockets connected to any other. A notification carries the whole event (in
//! pieces when it is larger than a payload may be), so no instance reads anything back.

use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use conduit_domain::ErrorChain;
use conduit_domain::events::DomainEvent;
use conduit_domain::ports::EventPublisher;
use sqlx::AnyPool;
use sqlx::postgres::PgListener;
use tokio::sync::mpsc;

use super::wire::{Assembler, decode, encode, pieces};
use super::{Events, channel};
use crate::StoreError;

const CHANNEL: &str = "conduit_events";

/// Publishes events as notifications, in the order they were published.
struct PgNotifier {
    queue: mpsc::UnboundedSender<DomainEvent>,
}

/// One task sends every notification, so that they leave in publishing order (a comment's
/// deletion never overtakes its creation); the pieces of one event go in one transaction, so
/// that they arrive together.
pub(crate) fn notifier(pool: AnyPool) -> Arc<dyn EventPublisher> {
    let (queue, mut outgoing) = mpsc::unbounded_channel::<DomainEvent>();
    // Tells this instance's events apart from another's with the same sequence number.
    let instance = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    tokio::spawn(async move {
        let mut sequence: u64 = 0;
        while let Some(event) = outgoing.recv().await {
            sequence += 1;
            let event_id = format!("{instance:x}-{sequence}");
            if let Err(error) = notify(&pool, &event_id, &event).await {
                let error = ErrorChain(&*error);
                tracing::warn!(%error, "could not notify other instances of an event");
            }
        }
    });
    Arc::new(PgNotifier { queue })
}

async fn notify(
    pool: &AnyPool,
    event_id: &str,
    event: &DomainEvent,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let text = encode(event)?;
    let mut transaction = pool.begin().await?;
    for payload in pieces(event_id, &text) {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(&mut *transaction)
            .await?;
    }
    transaction.commit().await?;
    Ok(())
}

impl EventPublisher for PgNotifier {
    fn publish(&self, event: DomainEvent) {
        // Fails only once the sending task is gone, i.e. while shutting down.
        let _ = self.queue.send(event);
    }
}

/// Listens before returning, so that nothing published afterwards can be missed; then hands
/// every instance's events, this one's included, to the stream.
pub(crate) async fn listen(url: &str, pool: AnyPool) -> Result<Events, StoreError> {
    let mut listener = PgListener::connect(url)
        .await
        .map_err(|error| StoreError::connect(url, error))?;
    listener
        .listen(CHANNEL)
        .await
        .map_err(|error| StoreError::connect(url, error))?;
    let (sender, stream) = channel();
    tokio::spawn(async move {
        let mut assembler = Assembler::default();
        // After a lost connection the listener reconnects by itself; notifications sent
        // meanwhile are lost, which costs live updates, never data.
        loop {
            let notification = match listener.recv().await {
                Ok(notification) => notification,
                Err(error) => {
                    let error = ErrorChain(&error);
                    tracing::error!(%error, "stopped listening for events of other instances");
                    return;
                }
            };
            let Some(text) = assembler.push(notification.payload()) else {
                continue;
            };
            match decode(&text) {
                Ok(event) => {
                    if sender.send(event).is_err() {
                        return;
                    }
                }
                Err(error) => {
                    let error = ErrorChain(&error);
                    tracing::warn!(%error, "ignoring an event notice that does not parse");
                }
            }
        }
    });
    Ok(Events {
        publisher: notifier(pool),
        stream,
    })
}
