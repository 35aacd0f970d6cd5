//! What the store keeps in memory when this process is the database's only writer (SQLite), and
//! the count of writes that tells a copy that is still exact from one that may not be.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// How many writes this process has made through the store. Each write counts itself once it
/// is done, so a copy read while the count stood still cannot predate a write that has
/// finished: every copy is tagged with the count it was read at.
#[derive(Debug, Default)]
pub(crate) struct Writes(AtomicU64);

impl Writes {
    pub(crate) fn count(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    pub(crate) fn record(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Copies of what the database answered, each with the write count it was read at. Each copy
/// costs what its owner says (one per user, bytes for a page of articles) and together they
/// cost at most `budget`: past it the copies start again, so memory stays bounded whatever
/// clients ask for.
pub(crate) struct Copies<K, V> {
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

impl<K: Hash + Eq, V: Clone> Copies<K, V> {
    pub(crate) fn new(budget: usize) -> Self {
        Self {
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

    /// The copy of `key` and the write count it was read at.
    pub(crate) fn get(&self, key: &K) -> Option<(u64, V)> {
        let kept = self.kept();
        let copy = kept.copies.get(key)?;
        Some((copy.read_at, copy.value.clone()))
    }

    /// Keeps `value`, read when the count stood at `read_at`, unless a write has happened
    /// since (the read may then have raced it) or it alone costs more than the budget.
    pub(crate) fn keep(&self, key: K, value: V, cost: usize, read_at: u64, writes: &Writes) {
        let mut kept = self.kept();
        if writes.count() != read_at || cost > self.budget {
            return;
        }
        kept.forget(&key);
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

    pub(crate) fn forget(&self, key: &K) {
        self.kept().forget(key);
    }

    #[cfg(test)]
    fn spent(&self) -> (usize, usize) {
        let kept = self.kept();
        (kept.copies.len(), kept.spent)
    }
}

impl<K: Hash + Eq, V> Kept<K, V> {
    fn forget(&mut self, key: &K) {
        if let Some(copy) = self.copies.remove(key) {
            self.spent -= copy.cost;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_kept_with_the_count_it_was_read_at() {
        let writes = Writes::default();
        writes.record();
        let copies = Copies::new(2);

        copies.keep("jake", 1, 1, writes.count(), &writes);

        assert_eq!(copies.get(&"jake"), Some((1, 1)));
        assert_eq!(copies.get(&"jane"), None);
    }

    #[test]
    fn a_read_that_raced_a_write_is_not_kept() {
        let writes = Writes::default();
        let copies = Copies::new(2);
        let read_at = writes.count();
        writes.record();

        copies.keep("jake", 1, 1, read_at, &writes);

        assert_eq!(copies.get(&"jake"), None);
    }

    #[test]
    fn a_forgotten_copy_is_gone_and_no_longer_costs_anything() {
        let writes = Writes::default();
        let copies = Copies::new(5);
        copies.keep("jake", 1, 2, 0, &writes);
        copies.keep("jane", 2, 3, 0, &writes);

        copies.forget(&"jake");
        copies.forget(&"nobody");

        assert_eq!(copies.get(&"jake"), None);
        assert_eq!(copies.get(&"jane"), Some((0, 2)));
        assert_eq!(copies.spent(), (1, 3));
    }

    #[test]
    fn a_new_copy_of_a_key_replaces_the_old_one_and_its_cost() {
        let writes = Writes::default();
        let copies = Copies::new(5);
        copies.keep("jake", 1, 2, 0, &writes);
        copies.keep("jane", 2, 1, 0, &writes);

        copies.keep("jake", 3, 4, 0, &writes);

        assert_eq!(copies.get(&"jake"), Some((0, 3)));
        assert_eq!(copies.get(&"jane"), Some((0, 2)), "4 + 1 is within 5");
        assert_eq!(copies.spent(), (2, 5));
    }

    #[test]
    fn past_the_budget_the_copies_start_again() {
        let writes = Writes::default();
        let copies = Copies::new(5);
        copies.keep("jake", 1, 2, 0, &writes);
        copies.keep("jane", 2, 3, 0, &writes);
        assert_eq!(copies.spent(), (2, 5));

        copies.keep("joe", 3, 1, 0, &writes);

        assert_eq!(copies.get(&"jake"), None);
        assert_eq!(copies.get(&"jane"), None);
        assert_eq!(copies.get(&"joe"), Some((0, 3)));
        assert_eq!(copies.spent(), (1, 1));
    }

    #[test]
    fn a_copy_dearer_than_the_whole_budget_is_not_kept() {
        let writes = Writes::default();
        let copies = Copies::new(5);
        copies.keep("jake", 1, 5, 0, &writes);

        copies.keep("jane", 2, 6, 0, &writes);

        assert_eq!(copies.get(&"jane"), None);
        assert_eq!(
            copies.get(&"jake"),
            Some((0, 1)),
            "nothing was cleared for it"
        );
    }
}
