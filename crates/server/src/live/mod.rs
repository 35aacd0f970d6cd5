//! Live updates over a WebSocket at `/api/ws`: the hub that fans domain events out to
//! connections, the message protocol, and the socket sessions.

mod close;
mod hub;
mod limits;
mod protocol;
mod relay;
mod session;
mod state;
mod upgrade;

pub use crate::socket_slots::{SocketLimits, SocketSlots};
pub use hub::Hub;
pub use limits::MessageRate;
pub use relay::relay;
pub use state::{LiveConfig, LiveState};
pub use upgrade::routes;
