//! Conduit's domain: entities, value types that can only hold valid values, the rules of the
//! application, and the ports (traits) through which those rules reach storage, hashing, the
//! breached-password service and the clock. Nothing here knows about HTTP, SQL or reqwest.

pub mod articles;
pub mod comments;
pub mod error;
pub mod events;
pub mod ports;
pub mod profiles;
pub mod services;
pub mod user;
pub mod values;

pub use error::{
    Cause, DomainError, Entity, ErrorChain, RepositoryError, UniqueField, ValidationError,
};
