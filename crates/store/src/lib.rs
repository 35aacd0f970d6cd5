//! sqlx adapters of the domain's repository ports, one implementation for SQLite (the embedded
//! default) and PostgreSQL: queries are written in the SQL both understand (`$N` parameters,
//! `RETURNING`), run through sqlx's `Any` driver, and each backend has its own migrations.

mod connect;
mod error;
mod users;

use std::sync::Arc;

use conduit_domain::ports::UserRepository;

pub use connect::{Backend, open};
pub use error::StoreError;

/// The repositories of one database, as the server wires them into the domain services.
#[derive(Clone)]
pub struct Repositories {
    pub users: Arc<dyn UserRepository>,
}
