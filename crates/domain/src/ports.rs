//! The traits through which the domain reaches the outside world. Adapters (`conduit-store`,
//! `conduit-pwned`, the server's hasher and clock) implement them; unit tests mock them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::RepositoryError;
use crate::user::{NewUser, User, UserChanges, UserId};
use crate::values::{Email, NewPassword, Password, PasswordHash};

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Stores a new user; a taken username or email is `RepositoryError::Conflict`, decided by
    /// the storage's unique constraints rather than a racy look-up first.
    async fn insert(&self, user: NewUser) -> Result<User, RepositoryError>;
    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, RepositoryError>;
    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, RepositoryError>;
    /// Applies `changes` and returns the stored row; `RepositoryError::NotFound` if the user is
    /// gone.
    async fn update(&self, id: UserId, changes: UserChanges) -> Result<User, RepositoryError>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(pub String);

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, HashError>;
    /// Checks `password` against `hash`. With no hash (the account does not exist) it does the
    /// same work against a dummy hash and answers `false`, so the time taken does not tell an
    /// attacker which accounts exist.
    async fn verify(
        &self,
        password: &Password,
        hash: Option<PasswordHash>,
    ) -> Result<bool, HashError>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("breached-password check unavailable: {0}")]
pub struct BreachCheckError(pub String);

#[cfg_attr(test, mockall::automock)]
#[async_trait]
pub trait BreachedPasswords: Send + Sync {
    /// How many times the password appears in known breaches (0 when never seen).
    async fn times_seen(&self, password: &NewPassword) -> Result<u64, BreachCheckError>;
}

#[cfg_attr(test, mockall::automock)]
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock, for production wiring.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
