//! sqlx adapters of the domain's repository ports, one implementation for SQLite (the embedded
//! default) and PostgreSQL: queries are written in the SQL both understand (`$N` parameters,
//! `RETURNING`), run through sqlx's `Any` driver, and each backend has its own migrations.

mod articles;
mod attempt_budgets;
mod backend;
mod cache;
mod cached_articles;
mod cached_users;
mod comments;
mod connect;
mod error;
mod events;
mod listener;
mod pools;
mod profiles;
mod rows;
mod time;
mod users;

use std::sync::Arc;

use conduit_domain::ports::{
    ArticleRepository, CommentRepository, ProfileRepository, UserRepository,
};

pub use attempt_budgets::{SharedBudget, SharedBudgets};
pub use backend::Backend;
pub use cache::{CacheSettings, DEFAULT_CACHE_TTL};
pub use connect::open;
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
    /// The throttle's budgets, shared by every instance on a PostgreSQL database; `None` on
    /// SQLite, whose one instance keeps its budgets in memory.
    pub shared_budgets: Option<SharedBudgets>,
}
