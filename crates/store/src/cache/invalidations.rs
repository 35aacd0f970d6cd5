//! When a cache entry may answer: the count of invalidations it was read at is still current,
//! and every write that could have changed it would have been heard.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

/// How late this instance's own heartbeat may be before the instance counts as deaf: one beat
/// (a second) may go missing, not two.
pub(crate) const HEARTBEAT_LATE: Duration = Duration::from_secs(2);

/// How many invalidations this instance knows of, and whether it can know of every one. An entry
/// is tagged with the count it was read at, and answers only while the count stands still.
#[derive(Debug)]
pub(crate) struct Invalidations {
    count: AtomicU64,
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
            count: AtomicU64::new(0),
            hearing: Hearing::Everything,
        }
    }
}

impl Invalidations {
    /// Invalidations for an instance that hears other instances' writes through a listener:
    /// deaf until the listener first hears the instance's heartbeat.
    pub(crate) fn heard_through_a_listener() -> Self {
        Self {
            count: AtomicU64::new(0),
            hearing: Hearing::Heartbeats {
                since: Instant::now(),
                last: AtomicU64::new(NOT_HEARD),
            },
        }
    }

    /// The count now, or `None` while a write could go unheard: no entry may answer then.
    pub(crate) fn current(&self) -> Option<u64> {
        // Hearing first: a heartbeat that ends deafness invalidates before it is recorded, so a
        // reader that sees the heartbeat sees the new count too.
        self.hearing().then(|| self.count.load(Ordering::SeqCst))
    }

    pub(crate) fn invalidate(&self) {
        self.count.fetch_add(1, Ordering::SeqCst);
    }

    /// The listener heard this instance's heartbeat. After deafness, writes may have gone
    /// unheard: every entry read before is invalidated.
    pub(crate) fn heartbeat_heard(&self) {
        if let Hearing::Heartbeats { since, last } = &self.hearing {
            if !self.hearing() {
                self.invalidate();
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
