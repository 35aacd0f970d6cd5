//! When a cache entry may answer: the count of invalidations it was read at is still current,
//! and every write that could change it would have been heard.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

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
