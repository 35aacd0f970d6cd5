//! Live updates over a WebSocket at `/api/ws`: the hub that fans domain events out to
//! connections, the message protocol, and the socket sessions.

mod hub;
mod protocol;
mod relay;
mod session;
mod state;
mod upgrade;

pub use hub::Hub;
pub use relay::relay;
pub use state::{LiveConfig, LiveState};
pub use upgrade::routes;
