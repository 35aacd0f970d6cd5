//! Which connections a statement runs on: reads on any, writes on the database's writer.

use conduit_domain::RepositoryError;
use sqlx::{Any, AnyPool, Transaction};

use crate::error::repository_error;

/// The connections of one database. On a SQLite file, writes have a pool of their own with a
/// single connection: SQLite lets one connection write at a time, and writers spread over the
/// shared pool found the lock taken and slept in SQLite's busy handler (1, 2, 5, 10 ms and
/// on, measured under the mixed bench in `docs/performance.md`), each holding a pooled
/// connection that readers were waiting for. Queued for their own connection, writes wait
/// their turn without sleeping and never take a reader's. PostgreSQL has row locks and many
/// writers; an in-memory SQLite database is a database per connection; both use one pool.
#[derive(Clone)]
pub(crate) struct Pools {
    reads: AnyPool,
    writes: AnyPool,
}

impl Pools {
    /// Reads and writes on the same connections.
    pub(crate) fn shared(pool: AnyPool) -> Self {
        Self {
            reads: pool.clone(),
            writes: pool,
        }
    }

    /// Writes, and the reads inside a write's transaction, on `writes`.
    pub(crate) fn with_writer(reads: AnyPool, writes: AnyPool) -> Self {
        Self { reads, writes }
    }

    pub(crate) fn reads(&self) -> &AnyPool {
        &self.reads
    }

    pub(crate) fn writes(&self) -> &AnyPool {
        &self.writes
    }

    /// A transaction on the writer, for a write and the reads that must see it.
    pub(crate) async fn write_transaction(
        &self,
    ) -> Result<Transaction<'static, Any>, RepositoryError> {
        self.writes.begin().await.map_err(repository_error)
    }
}
