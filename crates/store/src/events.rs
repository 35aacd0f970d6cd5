//! The store owns the fan-out of domain events: it hands the server a publisher and a stream,
//! and whatever is published comes out of the stream of every instance on the same database.
//! SQLite has only ever one instance, so its events stay in the process; PostgreSQL carries
//! them to every instance with `LISTEN/NOTIFY` (see [`postgres`] and `listener.rs`).

mod postgres;
mod wire;

use std::sync::Arc;

use conduit_domain::events::DomainEvent;
use conduit_domain::ports::EventPublisher;
use tokio::sync::mpsc;

pub(crate) use postgres::{CHANNEL, Incoming, notifier};

/// What the server wires in: services publish to `publisher`, live sockets are fed from
/// `stream`.
pub struct Events {
    pub publisher: Arc<dyn EventPublisher>,
    pub stream: EventStream,
}

/// Every event published on any instance of this database, in publishing order per instance.
pub struct EventStream {
    events: mpsc::UnboundedReceiver<DomainEvent>,
}

impl EventStream {
    /// The next event; `None` once nothing can publish any more.
    pub async fn next(&mut self) -> Option<DomainEvent> {
        self.events.recv().await
    }
}

/// A stream and the sender that feeds it. Unbounded because publishing must never wait; the
/// one reader (the server's hub) never blocks either.
pub(crate) fn channel() -> (mpsc::UnboundedSender<DomainEvent>, EventStream) {
    let (sender, events) = mpsc::unbounded_channel();
    (sender, EventStream { events })
}

/// The one-instance fan-out: publishing is putting the event on the stream.
struct InProcess(mpsc::UnboundedSender<DomainEvent>);

impl EventPublisher for InProcess {
    fn publish(&self, event: DomainEvent) {
        // Fails only once the stream is gone, i.e. while shutting down.
        let _ = self.0.send(event);
    }
}

pub(crate) fn in_process() -> Events {
    let (sender, stream) = channel();
    Events {
        publisher: Arc::new(InProcess(sender)),
        stream,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::wire::tests::comment_deleted;

    /// The stream's next item, which publishing must already have put there: no wait, so that a
    /// publisher that drops events fails here instead of hanging the test.
    async fn already_there(stream: &mut EventStream) -> Option<DomainEvent> {
        tokio::time::timeout(std::time::Duration::ZERO, stream.next())
            .await
            .expect("publishing puts the event on the stream at once")
    }

    #[tokio::test]
    async fn in_process_events_come_out_of_the_stream_in_order() {
        let Events {
            publisher,
            mut stream,
        } = in_process();
        publisher.publish(comment_deleted(1));
        publisher.publish(comment_deleted(2));
        assert_eq!(already_there(&mut stream).await, Some(comment_deleted(1)));
        assert_eq!(already_there(&mut stream).await, Some(comment_deleted(2)));
        drop(publisher);
        assert_eq!(already_there(&mut stream).await, None);
    }
}
