//! Hands the store's events to this instance's hub. Which instance published an event, and how
//! it got here, is the store's business.

use std::sync::Arc;

use conduit_domain::ports::EventPublisher;
use conduit_store::EventStream;

use super::Hub;

pub async fn relay(mut events: EventStream, hub: Arc<Hub>) {
    while let Some(event) = events.next().await {
        hub.publish(event);
    }
}
