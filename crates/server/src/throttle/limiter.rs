//! governor's keyed GCRA limiter, told the time by the application's clock, with one addition:
//! a look that spends nothing ("would one more be let through now?"). A failed-login limit
//! needs it: a held-back account is refused *before* its password is verified, but only a
//! wrong password may spend from its budget.

use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use conduit_domain::RepositoryError;
use conduit_domain::ports::{AttemptBudget, Clock, Verdict};
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::StateStore;
use governor::state::keyed::{DashMapStateStore, ShrinkableKeyedStateStore};
use governor::{Quota, RateLimiter};

use super::RateLimit;

/// The application's clock as governor reads time: nanoseconds since the Unix epoch.
#[derive(Clone)]
pub(super) struct AppTime(pub Arc<dyn Clock>);

impl governor::clock::Clock for AppTime {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let since_epoch = self.0.now().timestamp_nanos_opt().unwrap_or_default();
        Nanos::new(u64::try_from(since_epoch).unwrap_or_default())
    }
}

/// What a check does with the key's budget.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Probe<K> {
    Spend(K),
    Look(K),
}

/// governor's own in-memory store; a [`Probe::Look`] runs the same decision and keeps the
/// state it found.
struct LookableStore<K: Hash + Eq + Clone>(DashMapStateStore<K>);

impl<K: Hash + Eq + Clone> StateStore for LookableStore<K> {
    type Key = Probe<K>;

    fn measure_and_replace<T, F, E>(&self, key: &Probe<K>, decide: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        match key {
            Probe::Spend(key) => self.0.measure_and_replace(key, decide),
            // A key never seen has its whole budget: no entry is made for a look.
            Probe::Look(key) if !self.0.contains_key(key) => decide(None).map(|(seen, _)| seen),
            Probe::Look(key) => self.0.measure_and_replace(key, |state| {
                decide(state).map(|(seen, _)| (seen, state.unwrap_or(Nanos::new(0))))
            }),
        }
    }
}

impl<K: Hash + Eq + Clone> ShrinkableKeyedStateStore<Probe<K>> for LookableStore<K> {
    fn retain_recent(&self, drop_below: Nanos) {
        self.0.retain_recent(drop_below);
    }

    fn shrink_to_fit(&self) {
        ShrinkableKeyedStateStore::shrink_to_fit(&self.0);
    }

    fn len(&self) -> usize {
        ShrinkableKeyedStateStore::len(&self.0)
    }

    fn is_empty(&self) -> bool {
        ShrinkableKeyedStateStore::is_empty(&self.0)
    }
}

/// One limit, kept per key.
pub(super) struct Limiter<K: Hash + Eq + Clone> {
    limiter: RateLimiter<Probe<K>, LookableStore<K>, AppTime, NoOpMiddleware<Nanos>>,
    time: AppTime,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub(super) fn new(limit: RateLimit, time: AppTime) -> Self {
        let one_back_every = (limit.window / limit.count.get()).max(Duration::from_nanos(1));
        let quota = Quota::with_period(one_back_every)
            .unwrap_or_else(|| Quota::per_second(limit.count))
            .allow_burst(limit.count);
        let store = LookableStore(DashMapStateStore::default());
        Self {
            limiter: RateLimiter::new(quota, store, time.clone()),
            time,
        }
    }

    /// Spends one from `key`'s budget, or says how long until there is one to spend.
    pub(super) fn spend(&self, key: &K) -> Result<(), Duration> {
        self.check(Probe::Spend(key.clone()))
    }

    /// Whether [`Limiter::spend`] would succeed now; spends nothing.
    pub(super) fn look(&self, key: &K) -> Result<(), Duration> {
        self.check(Probe::Look(key.clone()))
    }

    fn check(&self, probe: Probe<K>) -> Result<(), Duration> {
        use governor::clock::Clock as _;
        self.limiter
            .check_key(&probe)
            .map_err(|refused| refused.wait_time_from(self.time.now()))
    }

    /// Drops the keys whose budget is full again, which are no different from unseen ones.
    pub(super) fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }

    #[cfg(test)]
    pub(super) fn keys(&self) -> usize {
        self.limiter.len()
    }

    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.limiter.is_empty()
    }
}

/// The budget as this process alone sees it: nothing here can fail.
#[async_trait]
impl AttemptBudget for Limiter<String> {
    async fn spend(&self, key: &str) -> Result<Verdict, RepositoryError> {
        Ok(verdict(Limiter::spend(self, &key.to_owned())))
    }

    async fn look(&self, key: &str) -> Result<Verdict, RepositoryError> {
        Ok(verdict(Limiter::look(self, &key.to_owned())))
    }

    async fn forget_idle(&self) -> Result<(), RepositoryError> {
        Limiter::forget_idle(self);
        Ok(())
    }
}

fn verdict(check: Result<(), Duration>) -> Verdict {
    match check {
        Ok(()) => Verdict::Allowed,
        Err(wait) => Verdict::RetryAfter(wait),
    }
}
