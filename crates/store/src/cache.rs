//! The store's caches: copies of what the database answered, and the invalidations that tell an
//! entry that is still exact from one that may not be.
//!
//! Every write through the store invalidates every entry once it is done. On PostgreSQL, other
//! instances write too: a trigger notifies every write to the tables the caches come from, and
//! each instance invalidates on every notice it hears ([`postgres`]). While an instance cannot
//! hear them (its listening connection is lost), no entry answers and none is stored.

mod postgres;

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use conduit_domain::{Cause, RepositoryError};

pub(crate) use postgres::watch;

/// How many invalidations this instance knows of, and whether it can know of every one. An entry
/// is tagged with the count it was read at, and answers only while the count stands still.
#[derive(Debug)]
pub(crate) struct Invalidations {
    count: AtomicU64,
    heard: AtomicBool,
}

impl Default for Invalidations {
    fn default() -> Self {
        Self {
            count: AtomicU64::new(0),
            heard: AtomicBool::new(true),
        }
    }
}

impl Invalidations {
    /// The count now, or `None` while a write could go unheard: no entry may answer then.
    pub(crate) fn current(&self) -> Option<u64> {
        let count = self.count.load(Ordering::SeqCst);
        self.heard.load(Ordering::SeqCst).then_some(count)
    }

    pub(crate) fn invalidate(&self) {
        self.count.fetch_add(1, Ordering::SeqCst);
    }

    /// Writes elsewhere may go unheard from now on. Invalidates too, so that no entry read before
    /// answers again.
    pub(crate) fn listener_lost(&self) {
        self.heard.store(false, Ordering::SeqCst);
        self.invalidate();
    }

    /// Every write is heard again. Invalidates too: writes made while deaf were never heard.
    pub(crate) fn listening_again(&self) {
        self.invalidate();
        self.heard.store(true, Ordering::SeqCst);
    }
}

/// A write in progress: invalidates when it begins and again when it ends, however it ends. A
/// read that overlaps the write is never stored for longer than the write lasts.
pub(crate) struct WriteGuard(Arc<Invalidations>);

impl WriteGuard {
    pub(crate) fn begin(invalidations: Arc<Invalidations>) -> Self {
        invalidations.invalidate();
        Self(invalidations)
    }
}

impl Drop for WriteGuard {
    fn drop(&mut self) {
        self.0.invalidate();
    }
}

/// Copies of what the database answered, each with the invalidation count it was read at. Each
/// entry costs what its owner says (one per user, bytes for a page of articles) and together they
/// cost at most `budget`: past it the cache starts again, so memory stays bounded whatever
/// clients ask for.
pub(crate) struct Cache<K, V> {
    invalidations: Arc<Invalidations>,
    kept: Mutex<Kept<K, V>>,
    budget: usize,
}

struct Kept<K, V> {
    copies: HashMap<K, KeptCopy<V>>,
    spent: usize,
}

struct KeptCopy<V> {
    read_at: u64,
    value: V,
    cost: usize,
}

impl<K: Hash + Eq, V: Clone> Cache<K, V> {
    /// `invalidations` is shared by every cache of one database: a write to users makes pages of
    /// articles stale too (an author's name, bio or image).
    pub(crate) fn new(invalidations: Arc<Invalidations>, budget: usize) -> Self {
        Self {
            invalidations,
            kept: Mutex::new(Kept {
                copies: HashMap::new(),
                spent: 0,
            }),
            budget,
        }
    }

    fn kept(&self) -> MutexGuard<'_, Kept<K, V>> {
        // Each change to the copies is a single step that leaves them consistent.
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The copy of `key` if no write happened since it was read; otherwise what `read` answers,
    /// kept if `cost` puts a price on it and no write happened while reading (the read may
    /// have raced it). `read` runs only on a miss.
    pub(crate) async fn read_through<E>(
        &self,
        key: K,
        read: impl Future<Output = Result<V, E>>,
        cost: impl FnOnce(&V) -> Option<usize>,
    ) -> Result<V, E> {
        let read_at = self.invalidations.current();
        if let Some(read_at) = read_at
            && let Some(copy) = self.kept().copies.get(&key)
            && copy.read_at == read_at
        {
            return Ok(copy.value.clone());
        }
        let value = read.await?;
        if let (Some(read_at), Some(cost)) = (read_at, cost(&value)) {
            self.keep(key, value.clone(), cost, read_at);
        }
        Ok(value)
    }

    fn keep(&self, key: K, value: V, cost: usize, read_at: u64) {
        let mut kept = self.kept();
        if self.invalidations.current() != Some(read_at) || cost > self.budget {
            return;
        }
        if let Some(old) = kept.copies.remove(&key) {
            kept.spent -= old.cost;
        }
        if kept.spent + cost > self.budget {
            kept.copies.clear();
            kept.spent = 0;
        }
        kept.spent += cost;
        let copy = KeptCopy {
            read_at,
            value,
            cost,
        };
        kept.copies.insert(key, copy);
    }

    /// Runs `write` to its end on a task of its own, invalidating every entry before it begins
    /// and once it ends, whatever its outcome (after an error, whether the write changed anything
    /// is unknown). A caller that goes away (a request that timed out, a client that left) does
    /// not stop it: dropped with its caller, the write would be rolled back or committed
    /// depending on the instant, and a commit would go unseen by the cache.
    pub(crate) async fn write<T: Send + 'static>(
        &self,
        write: impl Future<Output = Result<T, RepositoryError>> + Send + 'static,
    ) -> Result<T, RepositoryError> {
        let guard = WriteGuard::begin(self.invalidations.clone());
        tokio::spawn(async move {
            let outcome = write.await;
            drop(guard);
            outcome
        })
        .await
        .map_err(|ended| RepositoryError::Unavailable(Cause::new(ended)))?
    }

    #[cfg(test)]
    fn spent(&self) -> (usize, usize) {
        let kept = self.kept();
        (kept.copies.len(), kept.spent)
    }
}

#[cfg(test)]
mod tests;
