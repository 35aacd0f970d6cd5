use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

use crate::articles::SqlArticles;
use crate::attempt_budgets::SharedBudgets;
use crate::cache::{CacheSettings, Caches, Invalidations};
use crate::cached_articles::CachedArticles;
use crate::cached_users::CachedUsers;
use crate::comments::SqlComments;
use crate::events::{Events, Incoming};
use crate::pools::Pools;
use crate::profiles::SqlProfiles;
use crate::users::SqlUsers;
use crate::{Backend, Repositories, StoreError, events, listener, users};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Measured on this 2-core machine: a small pool has a far shorter latency tail than a large
/// one (a pool of 50 had 250–575 ms p99, one of 5 about 10 ms), and SQLite has one writer anyway.
const POOL_SIZE: u32 = 4;

/// How long start-up waits for the database before saying why it cannot reach it.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// One connection first, within [`CONNECT_TIMEOUT`]: a pool would only report that it timed
/// out, where a connection says why (refused, unknown host, bad password, missing directory).
async fn probe(url: &str) -> Result<(), StoreError> {
    let connection = tokio::time::timeout(CONNECT_TIMEOUT, AnyConnection::connect(url))
        .await
        .map_err(|_| StoreError::connect(url, format!("no answer within {CONNECT_TIMEOUT:?}")))?
        .map_err(|error| StoreError::connect(url, error))?;
    // Closing is a courtesy to the server; failing to is no reason not to start.
    let _ = connection.close().await;
    Ok(())
}

/// Connects to the database named by `url` (a SQLite file is created on first use) and brings
/// its schema up to date. Its caches follow `cache`.
pub async fn open(url: &str, cache: CacheSettings) -> Result<Repositories, StoreError> {
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
                .map_err(|error| StoreError::connect(url, error))?
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
        .map_err(|error| StoreError::connect(url, error))?;
    migrations.run(&mut *connection).await?;
    users::fill_in_canonical_usernames(&mut connection).await?;
    drop(connection);
    let (events, invalidations) = match backend {
        Backend::Sqlite => (events::in_process(), Arc::default()),
        Backend::Postgres => {
            // Other instances write and publish too: hear them before anything is stored or
            // published here.
            let invalidations = Arc::new(Invalidations::heard_through_a_listener());
            let (incoming, stream) = events::channel();
            let hearing = Incoming::new(incoming);
            listener::listen(url, pool.clone(), invalidations.clone(), hearing).await?;
            let publisher = events::notifier(pool.clone());
            (Events { publisher, stream }, invalidations)
        }
    };
    let caches = Caches {
        invalidations,
        settings: cache,
    };
    // SQLite's one writer at a time gets a connection of its own (`pools.rs`).
    let pools = match backend {
        Backend::Sqlite if !url.contains(":memory:") => {
            Pools::with_writer(pool.clone(), sqlite_pool(url, 1).await?)
        }
        _ => Pools::shared(pool.clone()),
    };
    let users = CachedUsers::new(SqlUsers::new(pools.clone(), backend), &caches);
    let articles = CachedArticles::new(SqlArticles::new(pools.clone()), &caches);
    // One set of pools for all: a pool clone is a handle to the same connections.
    Ok(Repositories {
        events,
        shared_budgets: (backend == Backend::Postgres).then(|| SharedBudgets::new(pool.clone())),
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
        .map_err(|error| StoreError::connect(&url, error))
}
