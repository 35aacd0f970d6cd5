//! How much guessing and sign-up traffic one account or one client address gets: failed logins
//! per account and per address, registrations per address. Over a limit the caller is told how
//! long to wait ([`Throttled`]); the error layer answers 429 with `Retry-After`.

mod limiter;

use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::{Arc, Weak};
use std::time::Duration;

use conduit_domain::ports::Clock;
use conduit_domain::values::Email;

use self::limiter::{AppTime, Limiter};

/// How much guessing and sign-up traffic is let through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleConfig {
    /// Wrong passwords for one account (its normalised email), from anywhere.
    pub login_failures_per_account: RateLimit,
    /// Wrong passwords from one client address, over every account.
    pub login_failures_per_address: RateLimit,
    /// Registration attempts from one client address.
    pub registrations_per_address: RateLimit,
}

/// At most `count` in any `window`, coming back steadily: one every `window / count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub count: NonZeroU32,
    pub window: Duration,
}

/// What was asked too often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Login,
    Registration,
}

#[derive(Debug, thiserror::Error)]
#[error("too many {attempt:?} attempts; retry in {retry_after:?}")]
pub struct Throttled {
    pub attempt: Attempt,
    pub retry_after: Duration,
}

pub struct Throttle {
    login_failures_by_account: Limiter<String>,
    login_failures_by_address: Limiter<IpAddr>,
    registrations_by_address: Limiter<IpAddr>,
}

impl Throttle {
    pub fn new(config: &ThrottleConfig, clock: Arc<dyn Clock>) -> Self {
        let time = AppTime(clock);
        Self {
            login_failures_by_account: Limiter::new(
                config.login_failures_per_account,
                time.clone(),
            ),
            login_failures_by_address: Limiter::new(
                config.login_failures_per_address,
                time.clone(),
            ),
            registrations_by_address: Limiter::new(config.registrations_per_address, time),
        }
    }

    /// Whether a login for `email` from `address` may be tried now. Asked before the password
    /// is verified (a held-back login costs no hash) and again after a right one, so that a
    /// right password is refused exactly when a wrong one would be: the answer never tells a
    /// guesser which of his guesses hit.
    pub fn admit_login(&self, email: &Email, address: IpAddr) -> Result<(), Throttled> {
        let by_account = self.login_failures_by_account.look(&account_key(email));
        let by_address = self.login_failures_by_address.look(&address_key(address));
        longest_wait(Attempt::Login, [by_account, by_address])
    }

    /// Records a wrong password. Refused when the budget was spent meanwhile (guesses sent at
    /// once all pass [`Throttle::admit_login`]): those get no verdict either.
    pub fn charge_failed_login(&self, email: &Email, address: IpAddr) -> Result<(), Throttled> {
        let by_account = self.login_failures_by_account.spend(&account_key(email));
        let by_address = self.login_failures_by_address.spend(&address_key(address));
        longest_wait(Attempt::Login, [by_account, by_address])
    }

    /// Spends one registration from `address`'s budget, before any work is done for it.
    pub fn admit_registration(&self, address: IpAddr) -> Result<(), Throttled> {
        let by_address = self.registrations_by_address.spend(&address_key(address));
        longest_wait(Attempt::Registration, [by_address])
    }

    /// Forgets the accounts and addresses whose budgets are full again, so that memory follows
    /// recent traffic only.
    pub fn forget_idle(&self) {
        self.login_failures_by_account.forget_idle();
        self.login_failures_by_address.forget_idle();
        self.registrations_by_address.forget_idle();
    }
}

fn longest_wait(
    attempt: Attempt,
    checks: impl IntoIterator<Item = Result<(), Duration>>,
) -> Result<(), Throttled> {
    match checks.into_iter().filter_map(Result::err).max() {
        Some(retry_after) => Err(Throttled {
            attempt,
            retry_after,
        }),
        None => Ok(()),
    }
}

/// The normalised email (trimmed, lower-cased), so that `Ann@X.org ` is the same account.
fn account_key(email: &Email) -> String {
    email.as_str().to_owned()
}

/// IPv4 addresses count one by one; an IPv6 client counts by its /64, the block one site is
/// usually given, or a single client could take a fresh address for every guess.
fn address_key(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !u128::from(u64::MAX);
            IpAddr::V6(Ipv6Addr::from(network))
        }
        v4 => v4,
    }
}

/// How often the idle keys are forgotten.
pub const FORGET_IDLE_EVERY: Duration = Duration::from_secs(60);

/// Forgets idle keys every [`FORGET_IDLE_EVERY`], for as long as the application lives.
pub async fn forget_idle_periodically(throttle: Weak<Throttle>) {
    let mut ticks = tokio::time::interval(FORGET_IDLE_EVERY);
    loop {
        ticks.tick().await;
        match throttle.upgrade() {
            Some(throttle) => throttle.forget_idle(),
            None => return,
        }
    }
}

#[cfg(test)]
mod tests;
