//! sqlx adapters of the domain's repository ports, one implementation for SQLite (the embedded
//! default) and PostgreSQL: queries are written in the SQL both understand (`$N` parameters,
//! `RETURNING`), run through sqlx's `Any` driver, and each backend has its own migrations.

mod articles;
mod comments;
mod connect;
mod error;
mod notify;
mod profiles;
mod rows;
mod time;
mod users;

use std::sync::Arc;

use conduit_domain::ports::{
    ArticleRepository, CommentRepository, EventPublisher, ProfileRepository, UserRepository,
};

pub use connect::{Backend, open};
pub use error::StoreError;
pub use notify::{EventNotice, PgNotices};

/// The repositories of one database, as the server wires them into the domain services.
pub struct Repositories {
    pub users: Arc<dyn UserRepository>,
    pub profiles: Arc<dyn ProfileRepository>,
    pub articles: Arc<dyn ArticleRepository>,
    pub comments: Arc<dyn CommentRepository>,
    /// With PostgreSQL, events travel through the database so that every instance hears them:
    /// publish to `publisher`, deliver what `notices` yields. `None` on SQLite, where there is
    /// only ever one instance.
    pub shared_events: Option<SharedEvents>,
}

pub struct SharedEvents {
    pub publisher: Arc<dyn EventPublisher>,
    pub notices: PgNotices,
}
