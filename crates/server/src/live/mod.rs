//! Live updates over a WebSocket at `/api/ws`: the hub that fans domain events out to
//! connections, the message protocol, and the socket sessions.

mod close;
mod hub;
mod limits;
mod protocol;
mod relay;
mod session;
mod slots;
mod state;
mod upgrade;

pub use hub::Hub;
pub use limits::MessageRate;
pub use relay::relay;
pub use slots::{NoSlot, SocketLimits, SocketSlots};
pub use state::{LiveConfig, LiveState};
pub use upgrade::routes;
