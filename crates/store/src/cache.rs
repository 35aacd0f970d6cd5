//! The store's caches: copies of what the database answered, and the invalidations that tell an
//! entry that is still exact from one that may not be.
//!
//! Every write through the store invalidates every entry of its database before it begins and
//! once it ends ([`Cache::write`]). On PostgreSQL, other instances write too: a trigger notifies
//! every write to the tables the caches come from, and each instance invalidates on every notice
//! it hears (`listener.rs`). While an instance cannot vouch that it hears them, no entry answers
//! and none is stored. Each entry also lives at most a time-to-live, a backstop for whatever the rest misses,
//! and each cache holds a bounded number of entries and bytes whatever keys clients send.

mod invalidations;

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use conduit_domain::ports::{Clock, SystemClock};
use conduit_domain::{Cause, RepositoryError};
use tokio::sync::Notify;

pub(crate) use invalidations::{HEARTBEAT_LATE, Invalidations, Tables, WriteGuard};

/// How long an entry answers at most, when nothing invalidates it sooner.
pub const DEFAULT_CACHE_TTL: Duration = Duration::from_secs(60);

/// How the caches tell time, and how long an entry lives. A time-to-live of zero turns every
/// cache off.
#[derive(Clone)]
pub struct CacheSettings {
    pub ttl: Duration,
    pub clock: Arc<dyn Clock>,
}

impl Default for CacheSettings {
    fn default() -> Self {
        Self {
            ttl: DEFAULT_CACHE_TTL,
            clock: Arc::new(SystemClock),
        }
    }
}

/// What the caches of one database share: a write to users makes pages of articles stale too
/// (an author's name, bio or image).
#[derive(Clone, Default)]
pub(crate) struct Caches {
    pub(crate) invalidations: Arc<Invalidations>,
    pub(crate) settings: CacheSettings,
}

/// The bytes a value holds on the heap, beyond its own size: what keeping it costs, besides the
/// fixed size of an entry.
pub(crate) trait HeapSize {
    fn heap_bytes(&self) -> usize;
}

/// How much one cache may hold: a cap on entries bounds what many small entries cost (the map's
/// slots, an empty page per key a client invents), a cap on bytes what a few large ones cost.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub(crate) entries: usize,
    pub(crate) bytes: usize,
}

/// What a hash map slot costs beyond its key and value: a control byte, and the room it keeps
/// free to stay fast (an eighth), rounded up.
const SLOT_OVERHEAD: usize = 16;

/// Copies of what the database answered, each with the invalidation count it was read at and
/// the time it stops answering. Past either bound the cache starts again, so memory stays bounded
/// whatever clients ask for.
pub(crate) struct Cache<K, V> {
    invalidations: Arc<Invalidations>,
    /// What the entries are read from, and what this cache's writes change.
    tables: Tables,
    settings: CacheSettings,
    bounds: Bounds,
    entries: Mutex<Entries<K, V>>,
}

struct Entries<K, V> {
    map: HashMap<K, Entry<V>>,
    bytes: usize,
    /// Keys being read from the database, and how to wake the callers waiting for that read.
    reading: HashMap<K, Arc<Notify>>,
}

struct Entry<V> {
    read_at: u64,
    expires_at: DateTime<Utc>,
    value: V,
    bytes: usize,
}

impl<K: Hash + Eq + Clone + HeapSize, V: Clone + HeapSize> Cache<K, V> {
    pub(crate) fn new(caches: &Caches, tables: Tables, bounds: Bounds) -> Self {
        Self {
            invalidations: caches.invalidations.clone(),
            tables,
            settings: caches.settings.clone(),
            bounds,
            entries: Mutex::new(Entries {
                map: HashMap::new(),
                bytes: 0,
                reading: HashMap::new(),
            }),
        }
    }

    /// What keeping `value` under `key` costs: the entry's own size, its slot, and the heap
    /// bytes of both, so that even an empty value costs something.
    pub(crate) fn entry_bytes(key: &K, value: &V) -> usize {
        size_of::<(K, Entry<V>)>() + SLOT_OVERHEAD + key.heap_bytes() + value.heap_bytes()
    }

    fn entries(&self) -> MutexGuard<'_, Entries<K, V>> {
        // Each change to the entries is a single step that leaves them consistent.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The entry of `key` if nothing invalidated it since it was read and it has not expired;
    /// otherwise what `read` answers, stored if `worth_storing` says so and nothing invalidated
    /// it while reading (the read may have raced a write). `read` runs only on a miss, and only
    /// one caller at a time reads a key: the others wait for its entry (after a write, every
    /// visitor of the home page would otherwise read it from the database at once).
    pub(crate) async fn read_through<E>(
        &self,
        key: K,
        read: impl Future<Output = Result<V, E>>,
        worth_storing: impl FnOnce(&V) -> bool,
    ) -> Result<V, E> {
        let read_at = loop {
            // While deaf nothing is stored, so there is nothing to wait for either.
            let Some(read_at) = self.invalidations.current(self.tables) else {
                break None;
            };
            let another_read = {
                let mut entries = self.entries();
                if let Some(entry) = entries.map.get(&key)
                    && entry.read_at == read_at
                    && self.settings.clock.now() < entry.expires_at
                {
                    return Ok(entry.value.clone());
                }
                match entries.reading.get(&key) {
                    Some(done) => {
                        // Registered before the lock is released, so that no wake-up is missed.
                        let mut done = Box::pin(done.clone().notified_owned());
                        done.as_mut().enable();
                        Some(done)
                    }
                    None => {
                        entries.reading.insert(key.clone(), Arc::default());
                        None
                    }
                }
            };
            match another_read {
                Some(done) => done.await,
                None => break Some(read_at),
            }
        };
        let reading = read_at.map(|_| Reading {
            cache: self,
            key: key.clone(),
        });
        let value = read.await?;
        if let Some(read_at) = read_at
            && worth_storing(&value)
        {
            self.store(key, value.clone(), read_at);
        }
        drop(reading);
        Ok(value)
    }

    fn store(&self, key: K, value: V, read_at: u64) {
        let bytes = Self::entry_bytes(&key, &value);
        let Ok(ttl) = chrono::Duration::from_std(self.settings.ttl) else {
            return;
        };
        if ttl.is_zero() || bytes > self.bounds.bytes {
            return;
        }
        let expires_at = self.settings.clock.now() + ttl;
        let mut entries = self.entries();
        if self.invalidations.current(self.tables) != Some(read_at) {
            return;
        }
        if let Some(old) = entries.map.remove(&key) {
            entries.bytes -= old.bytes;
        }
        if entries.map.len() >= self.bounds.entries || entries.bytes + bytes > self.bounds.bytes {
            entries.map.clear();
            entries.bytes = 0;
        }
        entries.bytes += bytes;
        let entry = Entry {
            read_at,
            expires_at,
            value,
            bytes,
        };
        entries.map.insert(key, entry);
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
        let guard = WriteGuard::begin(self.invalidations.clone(), self.tables);
        tokio::spawn(async move {
            let outcome = write.await;
            drop(guard);
            outcome
        })
        .await
        .map_err(|ended| RepositoryError::Unavailable(Cause::new(ended)))?
    }

    /// The read of `key` is over, whatever became of it: the callers waiting for it look again.
    fn done_reading(&self, key: &K) {
        if let Some(done) = self.entries().reading.remove(key) {
            done.notify_waiters();
        }
    }

    /// How many entries, and how many bytes, the cache holds.
    #[cfg(test)]
    fn held(&self) -> (usize, usize) {
        let entries = self.entries();
        (entries.map.len(), entries.bytes)
    }
}

/// A read of one key in progress; ends it when dropped, also if the reader goes away.
struct Reading<'a, K: Hash + Eq + Clone + HeapSize, V: Clone + HeapSize> {
    cache: &'a Cache<K, V>,
    key: K,
}

impl<K: Hash + Eq + Clone + HeapSize, V: Clone + HeapSize> Drop for Reading<'_, K, V> {
    fn drop(&mut self) {
        self.cache.done_reading(&self.key);
    }
}

#[cfg(test)]
mod tests;
