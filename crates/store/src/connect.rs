use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

use crate::articles::SqlArticles;
use crate::cached_articles::CachedArticles;
use crate::cached_users::CachedUsers;
use crate::comments::SqlComments;
use crate::copies::{self, Writes};
use crate::error::redacted;
use crate::pools::Pools;
use crate::profiles::SqlProfiles;
use crate::users::SqlUsers;
use crate::{Repositories, StoreError, events, users};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Measured on this 2-core machine: a small pool has a far shorter latency tail than a large
/// one (a pool of 50 had 250–575 ms p99, one of 5 about 10 ms), and SQLite has one writer anyway.
const POOL_SIZE: u32 = 4;

/// How long start-up waits for the database before saying why it cannot reach it.
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The error for `url` failing because of `source`.
pub(crate) fn connect_error(
    url: &str,
    source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> StoreError {
    StoreError::Connect {
        database: redacted(url),
        source: source.into(),
    }
}

/// One connection first, within [`CONNECT_TIMEOUT`]: a pool would only report that it timed
/// out, where a connection says why (refused, unknown host, bad password, missing directory).
async fn probe(url: &str) -> Result<(), StoreError> {
    let connection = tokio::time::timeout(CONNECT_TIMEOUT, AnyConnection::connect(url))
        .await
        .map_err(|_| connect_error(url, format!("no answer within {CONNECT_TIMEOUT:?}")))?
        .map_err(|error| connect_error(url, error))?;
    // Closing is a courtesy to the server; failing to is no reason not to start.
    let _ = connection.close().await;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(
                url.split(':').next().unwrap_or_default().to_owned(),
            ))
        }
    }
}

/// Connects to the database named by `url` (a SQLite file is created on first use) and brings
/// its schema up to date.
pub async fn open(url: &str) -> Result<Repositories, StoreError> {
    install_default_drivers();
    let backend = Backend::of(url)?;
    let pool = match backend {
        Backend::Sqlite => sqlite_pool(url, POOL_SIZE).await?,
        Backend::Postgres => {
            probe(url).await?;
            AnyPoolOptions::new()
                .max_connections(POOL_SIZE)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(|error| connect_error(url, error))?
        }
    };
    let migrations = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    // One connection for both steps: each connection to `sqlite::memory:` is a database of
    // its own, and the filling-in needs the tables the migrations made.
    let mut connection = pool
        .acquire()
        .await
        .map_err(|error| connect_error(url, error))?;
    migrations.run(&mut *connection).await?;
    users::fill_in_canonical_usernames(&mut connection).await?;
    drop(connection);
    let events = match backend {
        Backend::Sqlite => events::in_process(),
        Backend::Postgres => events::listen(url, pool.clone()).await?,
    };
    let writes = Arc::new(Writes::default());
    if backend == Backend::Postgres {
        // Other instances write too: hear of their writes before any copy is kept.
        copies::watch(url, writes.clone()).await?;
    }
    // SQLite's one writer at a time gets a connection of its own (`pools.rs`).
    let pools = match backend {
        Backend::Sqlite if !url.contains(":memory:") => {
            Pools::with_writer(pool.clone(), sqlite_pool(url, 1).await?)
        }
        _ => Pools::shared(pool.clone()),
    };
    let users = CachedUsers::new(SqlUsers::new(pools.clone(), backend), writes.clone());
    let articles = CachedArticles::new(SqlArticles::new(pools.clone()), writes);
    // One set of pools for all: a pool clone is a handle to the same connections.
    Ok(Repositories {
        events,
        users: Arc::new(users),
        profiles: Arc::new(SqlProfiles::new(pools.clone())),
        articles: Arc::new(articles),
        comments: Arc::new(SqlComments::new(pools)),
    })
}

async fn sqlite_pool(url: &str, size: u32) -> Result<AnyPool, StoreError> {
    // `mode=rwc` creates the file on first run.
    let url = if url.contains('?') || url.contains(":memory:") {
        url.to_owned()
    } else {
        format!("{url}?mode=rwc")
    };
    probe(&url).await?;
    AnyPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|connection, _| {
            Box::pin(async move {
                // WAL lets readers proceed during a write; the busy timeout makes writers queue
                // for the lock instead of failing under concurrency.
                connection
                    .execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                    )
                    .await
                    .map(|_| ())
            })
        })
        .connect(&url)
        .await
        .map_err(|error| connect_error(&url, error))
}
