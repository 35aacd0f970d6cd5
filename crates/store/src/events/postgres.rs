//! Events across instances through PostgreSQL `LISTEN/NOTIFY`: a comment posted through one
//! instance reaches sockets connected to any other. A notification carries the whole event (in
//! pieces when it is larger than a payload may be), so no instance reads anything back. The
//! instance's listener (`listener.rs`) hands what it hears on [`CHANNEL`] to [`Incoming`].

use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use conduit_domain::ErrorChain;
use conduit_domain::events::DomainEvent;
use conduit_domain::ports::EventPublisher;
use sqlx::AnyPool;
use tokio::sync::mpsc;

use super::wire::{Assembler, decode, encode, pieces};

pub(crate) const CHANNEL: &str = "conduit_events";

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

/// What arrives on [`CHANNEL`]: pieces of events, each put on the stream once whole, this
/// instance's own events included. Notices sent while the listener's connection is down are
/// lost, which costs live updates, never data.
pub(crate) struct Incoming {
    assembler: Assembler,
    stream: mpsc::UnboundedSender<DomainEvent>,
}

impl Incoming {
    pub(crate) fn new(stream: mpsc::UnboundedSender<DomainEvent>) -> Self {
        Self {
            assembler: Assembler::default(),
            stream,
        }
    }

    pub(crate) fn deliver(&mut self, payload: &str) {
        let Some(text) = self.assembler.push(payload) else {
            return;
        };
        match decode(&text) {
            // Fails only once nothing reads the stream any more.
            Ok(event) => {
                let _ = self.stream.send(event);
            }
            Err(error) => {
                let error = ErrorChain(&error);
                tracing::warn!(%error, "ignoring an event notice that does not parse");
            }
        }
    }
}
