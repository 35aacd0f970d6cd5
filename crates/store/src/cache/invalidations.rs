//! When a cache entry may answer: the count of invalidations it was read at is still current,
//! and every write that could have changed it would have been heard.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

/// How late this instance's own heartbeat may be before the instance counts as deaf: one beat
/// (a second) may go missing, not two.
pub(crate) const HEARTBEAT_LATE: Duration = Duration::from_secs(2);

/// The tables an entry is read from, and that a write changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tables {
    /// Users and their ended sessions.
    Users,
    /// Articles, their tags and favorites, and the users who wrote them (a page shows its
    /// authors' names, bios and images): a write to users changes these too.
    Articles,
}

/// How many writes to each kind of table this instance knows of, and whether it can know of
/// every one. An entry is tagged with the count of its tables when it was read, and answers only
/// while that count stands still: a favorite leaves the cached users answering.
#[derive(Debug)]
pub(crate) struct Invalidations {
    users: AtomicU64,
    articles: AtomicU64,
    hearing: Hearing,
}

/// Whether writes elsewhere are heard.
#[derive(Debug)]
enum Hearing {
    /// Every write goes through this process (SQLite).
    Everything,
    /// Writes by other instances are heard through a listener, which vouches for itself by
    /// hearing this instance's own heartbeat: milliseconds since `since` when it last did, or
    /// [`NOT_HEARD`] since its connection was lost.
    Heartbeats { since: Instant, last: AtomicU64 },
}

const NOT_HEARD: u64 = u64::MAX;

impl Default for Invalidations {
    fn default() -> Self {
        Self {
            users: AtomicU64::new(0),
            articles: AtomicU64::new(0),
            hearing: Hearing::Everything,
        }
    }
}

impl Invalidations {
    /// Invalidations for an instance that hears other instances' writes through a listener:
    /// deaf until the listener first hears the instance's heartbeat.
    pub(crate) fn heard_through_a_listener() -> Self {
        Self {
            hearing: Hearing::Heartbeats {
                since: Instant::now(),
                last: AtomicU64::new(NOT_HEARD),
            },
            ..Self::default()
        }
    }

    /// The count of writes to `tables` now, or `None` while a write could go unheard: no entry
    /// may answer then.
    pub(crate) fn current(&self, tables: Tables) -> Option<u64> {
        // Hearing first: a heartbeat that ends deafness invalidates before it is recorded, so a
        // reader that sees the heartbeat sees the new count too.
        self.hearing().then(|| {
            let users = self.users.load(Ordering::SeqCst);
            match tables {
                Tables::Users => users,
                Tables::Articles => users.wrapping_add(self.articles.load(Ordering::SeqCst)),
            }
        })
    }

    /// Every entry read from `tables` is stale.
    pub(crate) fn invalidate(&self, tables: Tables) {
        let count = match tables {
            Tables::Users => &self.users,
            Tables::Articles => &self.articles,
        };
        count.fetch_add(1, Ordering::SeqCst);
    }

    /// Every entry is stale: writes to users reach every cache.
    pub(crate) fn invalidate_all(&self) {
        self.invalidate(Tables::Users);
    }

    /// The listener heard this instance's heartbeat. After deafness, writes may have gone
    /// unheard: every entry read before is invalidated.
    pub(crate) fn heartbeat_heard(&self) {
        if let Hearing::Heartbeats { since, last } = &self.hearing {
            if !self.hearing() {
                self.invalidate_all();
            }
            last.store(millis(since.elapsed()), Ordering::SeqCst);
        }
    }

    /// The listener's connection is lost: deaf until it hears the heartbeat again.
    pub(crate) fn listener_lost(&self) {
        if let Hearing::Heartbeats { last, .. } = &self.hearing {
            last.store(NOT_HEARD, Ordering::SeqCst);
        }
    }

    fn hearing(&self) -> bool {
        match &self.hearing {
            Hearing::Everything => true,
            Hearing::Heartbeats { since, last } => {
                let last = last.load(Ordering::SeqCst);
                last != NOT_HEARD
                    && millis(since.elapsed()).saturating_sub(last) <= millis(HEARTBEAT_LATE)
            }
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// A write to `tables` in progress: invalidates when it begins and again when it ends, however
/// it ends. A read that overlaps the write is never stored for longer than the write lasts.
pub(crate) struct WriteGuard {
    invalidations: Arc<Invalidations>,
    tables: Tables,
}

impl WriteGuard {
    pub(crate) fn begin(invalidations: Arc<Invalidations>, tables: Tables) -> Self {
        invalidations.invalidate(tables);
        Self {
            invalidations,
            tables,
        }
    }
}

impl Drop for WriteGuard {
    fn drop(&mut self) {
        self.invalidations.invalidate(self.tables);
    }
}
