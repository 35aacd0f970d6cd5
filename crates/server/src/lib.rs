//! Conduit's HTTP server: the RealWorld JSON API, the embedded browser UI, and the wiring that
//! puts the domain together with its adapters.

mod auth;
mod client_address;
pub mod config;
mod error;
mod extract;
mod live;
pub mod logging;
mod markdown;
mod openapi;
mod origin;
mod password;
mod routes;
mod serve;
mod socket_slots;
mod startup;
mod state;
mod throttle;
mod ui;
mod validation;
mod views;

pub use conduit_domain::ports::{Clock, SystemClock};
pub use config::Config;
pub use openapi::document as openapi_document;
pub use startup::{Application, StartupError};
