//! Fixtures shared by the test suites of several crates. A dev-dependency only: nothing here
//! ships in the `conduit` binary.

#[cfg(feature = "http")]
pub mod http;

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{AnyConnection, Connection, Executor, PgConnection};
use tempfile::TempDir;

/// The variable that points the suites at a PostgreSQL server, e.g.
/// `postgres://postgres@127.0.0.1:5432/postgres`. Read, never written, by tests.
pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";

/// An empty database for one test, removed when the value is dropped (also when the test
/// panics). Migrations are the application's job, so they are exercised too.
pub struct TestDatabase {
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile { _directory: TempDir },
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDatabase {
    /// PostgreSQL when `TEST_DATABASE_URL` is set, SQLite otherwise.
    pub async fn from_env() -> Self {
        match Self::postgres().await {
            Some(database) => database,
            None => Self::sqlite(),
        }
    }

    /// A fresh file in a directory of its own, in memory where the system has a RAM-backed
    /// file system (see [`scratch_directory`]).
    pub fn sqlite() -> Self {
        let directory = scratch_directory();
        let url = format!("sqlite://{}", directory.path().join("conduit.db").display());
        Self {
            url,
            cleanup: Cleanup::SqliteFile {
                _directory: directory,
            },
        }
    }

    /// A database of its own on the server named by `TEST_DATABASE_URL`; `None` when unset.
    pub async fn postgres() -> Option<Self> {
        let admin_url = std::env::var(TEST_DATABASE_URL).ok()?;
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.subsec_nanos())
            .unwrap_or_default();
        let name = format!(
            "conduit_test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = PgConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|error| panic!("{TEST_DATABASE_URL}: cannot connect: {error}"));
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap_or_else(|error| panic!("cannot create {name}: {error}"));
        let (server, _) = admin_url
            .rsplit_once('/')
            .unwrap_or_else(|| panic!("{TEST_DATABASE_URL} must end with /DATABASE"));
        Some(Self {
            url: format!("{server}/{name}"),
            cleanup: Cleanup::PostgresDatabase { admin_url, name },
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Cleanup::PostgresDatabase { admin_url, name } = &self.cleanup else {
            return;
        };
        let (admin_url, database) = (admin_url.clone(), name.clone());
        // Drop runs inside the test's runtime, which cannot block on itself: use a thread with
        // a runtime of its own.
        let dropped = std::thread::spawn(move || -> Result<(), sqlx::Error> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(sqlx::Error::Io)?;
            runtime.block_on(drop_database(&admin_url, &database))
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {name}");
        }
    }
}

/// Linux's shared-memory file system: a real file system, as SQLite's locks and its WAL's shared
/// memory need, but in RAM.
const RAM_BACKED: &str = "/dev/shm";

/// An empty directory of its own, removed when the value is dropped: under [`RAM_BACKED`] when
/// the system has it, else in the system's temp dir. The browser suite keeps its browsers'
/// profiles in one too. SQLite syncs a new database to disk several
/// times (switching to WAL, at checkpoints, on close): while other builds were writing to this
/// machine's disk, a fresh database and its migrations took 26-54 ms instead of 10-14 ms, most of
/// it waiting. A test's database need not survive a power cut.
pub fn scratch_directory() -> TempDir {
    let mut builder = tempfile::Builder::new();
    builder.prefix("conduit-test-");
    if Path::new(RAM_BACKED).is_dir()
        && let Ok(directory) = builder.tempdir_in(RAM_BACKED)
    {
        return directory;
    }
    builder
        .tempdir()
        .unwrap_or_else(|error| panic!("temp dir: {error}"))
}

async fn drop_database(admin_url: &str, name: &str) -> Result<(), sqlx::Error> {
    let mut admin = PgConnection::connect(admin_url).await?;
    admin
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .map(|_| ())
}

/// A transaction of another client that holds back writes to users until it is released.
pub struct HeldWrites {
    connection: AnyConnection,
}

impl HeldWrites {
    /// SQLite has one writer: taking the write lock holds back every write. PostgreSQL's
    /// `EXCLUSIVE` lock holds back writes to `users` and lets reads through.
    pub async fn on(database_url: &str) -> Self {
        sqlx::any::install_default_drivers();
        let mut connection = AnyConnection::connect(database_url)
            .await
            .unwrap_or_else(|error| panic!("cannot connect to {database_url}: {error}"));
        let hold = if database_url.starts_with("sqlite:") {
            "BEGIN IMMEDIATE"
        } else {
            "BEGIN; LOCK TABLE users IN EXCLUSIVE MODE"
        };
        connection
            .execute(hold)
            .await
            .unwrap_or_else(|error| panic!("cannot hold writes back: {error}"));
        Self { connection }
    }

    /// Lets the waiting writes through.
    pub async fn release(mut self) {
        self.connection
            .execute("ROLLBACK")
            .await
            .unwrap_or_else(|error| panic!("cannot release the held writes: {error}"));
    }
}
