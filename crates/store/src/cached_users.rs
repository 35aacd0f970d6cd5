//! Users by id, kept in memory when this process is the database's only writer (SQLite).
//!
//! Every authenticated request looks its user up, because revocation is checked on each one;
//! on `GET /api/user` that look-up was a third of the work (a statement, a hop to SQLite's
//! worker thread and back, the row parsed again). The copy here is exact, not eventually
//! right: every write to a user goes through this type and forgets the user it changes, and a
//! look-up that raced a write is not kept. PostgreSQL has other instances writing, so it does
//! without (see `docs/performance.md`).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use conduit_domain::RepositoryError;
use conduit_domain::ports::UserRepository;
use conduit_domain::user::{NewUser, User, UserChanges, UserId};
use conduit_domain::values::Email;

/// Users kept at most; past it the copy starts again, so memory stays bounded however many
/// accounts sign in.
const CAPACITY: usize = 4096;

pub(crate) struct CachedUsers<R> {
    stored: R,
    copies: Mutex<Copies>,
}

/// The users looked up so far, and how many writes there have been: a look-up keeps what it
/// read only if no write happened while it was reading.
#[derive(Default)]
struct Copies {
    users: HashMap<UserId, User>,
    writes: u64,
}

impl Copies {
    fn keep(&mut self, read_after_writes: u64, user: &User) {
        if read_after_writes != self.writes {
            return;
        }
        if self.users.len() >= CAPACITY {
            self.users.clear();
        }
        self.users.insert(user.id, user.clone());
    }

    fn forget(&mut self, id: UserId) {
        self.writes += 1;
        self.users.remove(&id);
    }
}

impl<R: UserRepository> CachedUsers<R> {
    pub(crate) fn new(stored: R) -> Self {
        Self {
            stored,
            copies: Mutex::default(),
        }
    }

    fn copies(&self) -> MutexGuard<'_, Copies> {
        // Each change to the copies is a single step that leaves them consistent.
        self.copies.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl<R: UserRepository> UserRepository for CachedUsers<R> {
    async fn insert(&self, user: NewUser) -> Result<User, RepositoryError> {
        // A new id: no copy of it can exist, since absent users are never kept.
        self.stored.insert(user).await
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, RepositoryError> {
        let writes = {
            let copies = self.copies();
            if let Some(user) = copies.users.get(&id) {
                return Ok(Some(user.clone()));
            }
            copies.writes
        };
        let found = self.stored.find_by_id(id).await?;
        if let Some(user) = &found {
            self.copies().keep(writes, user);
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
        self.copies().forget(id);
        updated
    }
}

#[cfg(test)]
mod tests;
