//! Users by id, kept in memory when this process is the database's only writer (SQLite).
//!
//! Every authenticated request looks its user up, because revocation is checked on each one;
//! on `GET /api/user` that look-up was a third of the work (a statement, a hop to SQLite's
//! worker thread and back, the row parsed again). The copy here is exact, not eventually
//! right: every write to a user goes through this type and forgets the user it changes, and a
//! look-up that raced a write is not kept. PostgreSQL has other instances writing, so it does
//! without (see `docs/performance.md`).

use std::sync::Arc;

use async_trait::async_trait;
use conduit_domain::RepositoryError;
use conduit_domain::ports::UserRepository;
use conduit_domain::user::{NewUser, User, UserChanges, UserId};
use conduit_domain::values::Email;

use crate::copies::{Copies, Writes};

/// Users kept at most; past it the copy starts again, so memory stays bounded however many
/// accounts sign in.
const CAPACITY: usize = 4096;

pub(crate) struct CachedUsers<R> {
    stored: R,
    writes: Arc<Writes>,
    copies: Copies<UserId, User>,
}

impl<R: UserRepository> CachedUsers<R> {
    /// `writes` is shared with the other copies of this database, which a change to a user
    /// (an author's name, bio or image) makes stale too.
    pub(crate) fn new(stored: R, writes: Arc<Writes>) -> Self {
        Self {
            stored,
            writes,
            copies: Copies::new(CAPACITY),
        }
    }
}

#[async_trait]
impl<R: UserRepository> UserRepository for CachedUsers<R> {
    async fn insert(&self, user: NewUser) -> Result<User, RepositoryError> {
        // A new id: no copy of it can exist, since absent users are never kept.
        self.stored.insert(user).await
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, RepositoryError> {
        // A write to a user forgets that user's copy, so any copy left is exact.
        if let Some((_, user)) = self.copies.get(&id) {
            return Ok(Some(user));
        }
        let read_at = self.writes.count();
        let found = self.stored.find_by_id(id).await?;
        if let Some(user) = &found {
            self.copies.keep(id, user.clone(), 1, read_at, &self.writes);
        }
        Ok(found)
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, RepositoryError> {
        // Signing in: rare, and it reads the password hash, which is better read fresh.
        self.stored.find_by_email(email).await
    }

    async fn update(&self, id: UserId, changes: UserChanges) -> Result<User, RepositoryError> {
        let updated = self.stored.update(id, changes).await;
        // Even after an error: whether the write happened is then unknown.
        self.writes.record();
        self.copies.forget(&id);
        updated
    }
}

#[cfg(test)]
mod tests;
