//! What the live endpoint and its sessions run with: their settings, and their view of the
//! application, drawn from whatever state the router holds (`FromRef`), so that live needs
//! nothing of that state.

use std::sync::Arc;
use std::time::Duration;

use conduit_domain::ports::Clock;
use conduit_domain::services::ArticleService;

use super::{Hub, MessageRate, SocketLimits, SocketSlots};
use crate::auth::Authenticator;

/// The `LIVE_*` settings.
#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Origins, besides the UI's own, whose pages may open the WebSocket.
    pub allowed_origins: Vec<String>,
    /// How often the server pings; a connection silent for two intervals is dead, and a
    /// revoked token is noticed at the next ping.
    pub ping_interval: Duration,
    /// How long an anonymous connection may take to send an `auth` message.
    pub auth_deadline: Duration,
    /// Messages queued for one connection before it counts as fallen behind and is dropped.
    pub queue_capacity: usize,
    /// How fast one socket may send before it is closed with 1008.
    pub message_rate: MessageRate,
    /// Sockets open at once, per client address and in all; more are refused at the handshake.
    pub sockets: SocketLimits,
}

#[derive(Clone)]
pub struct LiveState {
    pub hub: Arc<Hub>,
    pub slots: Arc<SocketSlots>,
    pub config: LiveConfig,
    pub authenticator: Authenticator,
    /// To check that a subscribed article exists.
    pub articles: Arc<ArticleService>,
    /// A session's token expires by it.
    pub clock: Arc<dyn Clock>,
}
