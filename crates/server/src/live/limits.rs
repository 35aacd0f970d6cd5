//! How fast one socket may send: a GCRA limiter from `governor` per socket. It reads the app's
//! injected clock, so tests move time instead of waiting for it.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use conduit_domain::ports::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

/// The `WS_MESSAGES_PER_SECOND` and `WS_MESSAGE_BURST` settings.
#[derive(Debug, Clone, Copy)]
pub struct MessageRate {
    /// Messages a second, on average.
    pub per_second: NonZeroU32,
    /// Messages that may come at once, after a quiet spell.
    pub burst: NonZeroU32,
}

/// The app's clock as governor reads it: the time since the limiter was made.
#[derive(Clone)]
struct SinceStart {
    clock: Arc<dyn Clock>,
    start: DateTime<Utc>,
}

impl governor::clock::Clock for SinceStart {
    type Instant = Duration;

    fn now(&self) -> Duration {
        // A wall clock set back is no time passing, never negative time.
        (self.clock.now() - self.start)
            .to_std()
            .unwrap_or(Duration::ZERO)
    }
}

/// One socket's allowance of messages.
pub struct MessageLimiter(
    RateLimiter<NotKeyed, InMemoryState, SinceStart, NoOpMiddleware<Duration>>,
);

impl MessageLimiter {
    pub fn new(rate: MessageRate, clock: Arc<dyn Clock>) -> Self {
        let quota = Quota::per_second(rate.per_second).allow_burst(rate.burst);
        let start = clock.now();
        Self(RateLimiter::direct_with_clock(
            quota,
            SinceStart { clock, start },
        ))
    }

    /// Counts one message; `false` when it is one too many.
    pub fn allows_one(&self) -> bool {
        self.0.check().is_ok()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    struct ManualClock(Mutex<DateTime<Utc>>);

    impl Clock for ManualClock {
        fn now(&self) -> DateTime<Utc> {
            *self
                .0
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        }
    }

    impl ManualClock {
        fn advance(&self, by: Duration) {
            let mut now = self
                .0
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            *now += chrono::TimeDelta::from_std(by).unwrap_or_default();
        }
    }

    fn rate(per_second: u32, burst: u32) -> MessageRate {
        MessageRate {
            per_second: NonZeroU32::new(per_second).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN),
        }
    }

    #[test]
    fn a_burst_passes_one_more_does_not_and_time_earns_one_back() {
        let clock = Arc::new(ManualClock(Mutex::new(Utc::now())));
        let limiter = MessageLimiter::new(rate(10, 3), clock.clone());
        assert_eq!(
            [(); 4].map(|()| limiter.allows_one()),
            [true, true, true, false]
        );
        clock.advance(Duration::from_millis(99));
        assert!(!limiter.allows_one(), "a tenth of a second earns one");
        clock.advance(Duration::from_millis(1));
        assert!(limiter.allows_one());
        assert!(!limiter.allows_one());
    }

    #[test]
    fn a_clock_set_back_earns_nothing() {
        let clock = Arc::new(ManualClock(Mutex::new(Utc::now())));
        let limiter = MessageLimiter::new(rate(10, 1), clock.clone());
        assert!(limiter.allows_one());
        *clock
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) -= chrono::TimeDelta::hours(1);
        assert!(!limiter.allows_one());
    }
}
