//! sqlx adapters of the domain's repository ports, one implementation for SQLite (the embedded
//! default) and PostgreSQL: queries are written in the SQL both understand (`$N` parameters,
//! `RETURNING`), run through sqlx's `Any` driver, and each backend has its own migrations.

mod articles;
mod cached_articles;
mod cached_users;
mod comments;
mod connect;
mod copies;
mod error;
mod events;
mod pools;
mod profiles;
mod rows;
mod time;
mod users;

use std::sync::Arc;

use conduit_domain::ports::{
    ArticleRepository, CommentRepository, ProfileRepository, UserRepository,
};

pub use connect::{Backend, open};
pub use error::StoreError;
pub use events::{EventStream, Events};

/// The repositories of one database, as the server wires them into the domain services.
pub struct Repositories {
    pub users: Arc<dyn UserRepository>,
    pub profiles: Arc<dyn ProfileRepository>,
    pub articles: Arc<dyn ArticleRepository>,
    pub comments: Arc<dyn CommentRepository>,
    /// Publish here, deliver what the stream yields: every instance on this database hears
    /// every event.
    pub events: Events,
}
