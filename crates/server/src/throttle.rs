//! How much guessing and sign-up traffic one account or one client address gets: failed logins
//! per account and per address, registrations per address. Over a limit the caller is told how
//! long to wait ([`Throttled`]); the error layer answers 429 with `Retry-After`. Each limit is an
//! [`AttemptBudget`]: kept in this process ([`Throttle::in_process`], SQLite's one instance) or
//! in the database every instance shares (PostgreSQL).

mod limiter;

use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Weak};
use std::time::Duration;

use conduit_domain::RepositoryError;
use conduit_domain::ports::{AttemptBudget, Clock, Verdict};
use conduit_domain::values::Email;

use self::limiter::{AppTime, Limiter};

pub use conduit_domain::ports::RateLimit;
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

/// Why an attempt is not let through.
#[derive(Debug, thiserror::Error)]
pub enum ThrottleError {
    #[error(transparent)]
    Throttled(#[from] Throttled),
    /// Nothing vouches for an attempt whose budget cannot be read, so it is not let through.
    #[error("the attempt budgets are out of reach")]
    Unavailable(#[from] RepositoryError),
}

pub struct Throttle {
    login_failures_by_account: Arc<dyn AttemptBudget>,
    login_failures_by_address: Arc<dyn AttemptBudget>,
    registrations_by_address: Arc<dyn AttemptBudget>,
}

impl Throttle {
    /// The budgets of `config`, each made by `budget` from its name (unique among them) and
    /// its limit.
    pub fn new(
        config: &ThrottleConfig,
        mut budget: impl FnMut(&'static str, RateLimit) -> Arc<dyn AttemptBudget>,
    ) -> Self {
        Self {
            login_failures_by_account: budget(
                "login_failures_by_account",
                config.login_failures_per_account,
            ),
            login_failures_by_address: budget(
                "login_failures_by_address",
                config.login_failures_per_address,
            ),
            registrations_by_address: budget(
                "registrations_by_address",
                config.registrations_per_address,
            ),
        }
    }

    /// Budgets kept in this process's memory: what one instance alone sees.
    pub fn in_process(config: &ThrottleConfig, clock: Arc<dyn Clock>) -> Self {
        let time = AppTime(clock);
        Self::new(config, |_, limit| {
            Arc::new(Limiter::<String>::new(limit, time.clone()))
        })
    }

    /// Whether a login for `email` from `address` may be tried now. Asked before the password
    /// is verified (a held-back login costs no hash) and again after a right one, so that a
    /// right password is refused exactly when a wrong one would be: the answer never tells a
    /// guesser which of his guesses hit.
    pub async fn admit_login(&self, email: &Email, address: IpAddr) -> Result<(), ThrottleError> {
        let (account, address) = (account_key(email), address_key(address));
        let (by_account, by_address) = futures::join!(
            self.login_failures_by_account.look(account),
            self.login_failures_by_address.look(&address),
        );
        longest_wait(Attempt::Login, [by_account?, by_address?])
    }

    /// Records a wrong password. Refused when the budget was spent meanwhile (guesses sent at
    /// once all pass [`Throttle::admit_login`]): those get no verdict either.
    pub async fn charge_failed_login(
        &self,
        email: &Email,
        address: IpAddr,
    ) -> Result<(), ThrottleError> {
        let (account, address) = (account_key(email), address_key(address));
        let (by_account, by_address) = futures::join!(
            self.login_failures_by_account.spend(account),
            self.login_failures_by_address.spend(&address),
        );
        longest_wait(Attempt::Login, [by_account?, by_address?])
    }

    /// Spends one registration from `address`'s budget, before any work is done for it.
    pub async fn admit_registration(&self, address: IpAddr) -> Result<(), ThrottleError> {
        let by_address = self
            .registrations_by_address
            .spend(&address_key(address))
            .await?;
        longest_wait(Attempt::Registration, [by_address])
    }

    /// Forgets the accounts and addresses whose budgets are full again, so that what is kept
    /// follows recent traffic only.
    pub async fn forget_idle(&self) -> Result<(), RepositoryError> {
        let (by_account, by_address, registrations) = futures::join!(
            self.login_failures_by_account.forget_idle(),
            self.login_failures_by_address.forget_idle(),
            self.registrations_by_address.forget_idle(),
        );
        by_account.and(by_address).and(registrations)
    }
}

fn longest_wait(
    attempt: Attempt,
    verdicts: impl IntoIterator<Item = Verdict>,
) -> Result<(), ThrottleError> {
    let waits = verdicts.into_iter().filter_map(|verdict| match verdict {
        Verdict::Allowed => None,
        Verdict::RetryAfter(wait) => Some(wait),
    });
    match waits.max() {
        Some(retry_after) => Err(Throttled {
            attempt,
            retry_after,
        }
        .into()),
        None => Ok(()),
    }
}

/// The normalised email (trimmed, lower-cased), so that `Ann@X.org ` is the same account.
fn account_key(email: &Email) -> &str {
    email.as_str()
}

/// IPv4 addresses count one by one; an IPv6 client counts by its /64, the block one site is
/// usually given, or a single client could take a fresh address for every guess.
fn address_key(address: IpAddr) -> String {
    match address.to_canonical() {
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !u128::from(u64::MAX);
            IpAddr::V6(Ipv6Addr::from(network)).to_string()
        }
        v4 => v4.to_string(),
    }
}

/// How often the idle keys are forgotten.
pub const FORGET_IDLE_EVERY: Duration = Duration::from_secs(60);

/// Forgets idle keys every [`FORGET_IDLE_EVERY`], for as long as the application lives.
pub async fn forget_idle_periodically(throttle: Weak<Throttle>) {
    let mut ticks = tokio::time::interval(FORGET_IDLE_EVERY);
    loop {
        ticks.tick().await;
        let Some(throttle) = throttle.upgrade() else {
            return;
        };
        if let Err(error) = throttle.forget_idle().await {
            let error = conduit_domain::ErrorChain(&error);
            tracing::warn!(%error, "could not forget idle throttle keys; trying again later");
        }
    }
}

#[cfg(test)]
mod tests;
