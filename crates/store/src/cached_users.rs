//! Users by id, kept in memory.
//!
//! Every authenticated request looks its user up, because revocation is checked on each one;
//! on `GET /api/user` that look-up was a third of the work (a statement, a hop to SQLite's
//! worker thread and back, the row parsed again). A copy answers only while no write has
//! happened since it was read (`cache.rs`): on SQLite that is exact, as every write goes
//! through this process; on PostgreSQL a write by another instance is heard as soon as its
//! notice arrives, and while notices cannot be heard no copy answers.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use conduit_domain::RepositoryError;
use conduit_domain::ports::UserRepository;
use conduit_domain::user::{EndedSession, NewUser, User, UserChanges, UserId};
use conduit_domain::values::Email;

use crate::cache::{Bounds, Cache, Caches, HeapSize, Tables};

/// Users kept at most, and their bytes (about 500 each); past either the cache starts again, so
/// memory stays bounded however many accounts sign in.
const BOUNDS: Bounds = Bounds {
    entries: 4096,
    bytes: 4 << 20,
};

pub(crate) struct CachedUsers<R> {
    stored: Arc<R>,
    cache: Cache<UserId, Option<User>>,
}

impl<R: UserRepository + 'static> CachedUsers<R> {
    pub(crate) fn new(stored: R, caches: &Caches) -> Self {
        Self {
            stored: Arc::new(stored),
            cache: Cache::new(caches, Tables::Users, BOUNDS),
        }
    }
}

impl HeapSize for UserId {
    fn heap_bytes(&self) -> usize {
        0
    }
}

impl HeapSize for Option<User> {
    fn heap_bytes(&self) -> usize {
        self.as_ref().map_or(0, |user| {
            user.username.as_str().len()
                + user.email.as_str().len()
                + user.bio.as_ref().map_or(0, |bio| bio.as_str().len())
                + user.image.as_ref().map_or(0, |image| image.as_str().len())
                + user.password_hash.as_str().len()
                + user.kept_token.as_ref().map_or(0, |token| token.0.len())
                + user
                    .ended_sessions
                    .iter()
                    .map(|session| size_of_val(session) + session.0.len())
                    .sum::<usize>()
        })
    }
}

#[async_trait]
impl<R: UserRepository + 'static> UserRepository for CachedUsers<R> {
    async fn insert(&self, user: NewUser) -> Result<User, RepositoryError> {
        let stored = self.stored.clone();
        self.cache
            .write(async move { stored.insert(user).await })
            .await
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, RepositoryError> {
        // An absent user is not kept: nothing would tell it apart from one about to register.
        let found = self.stored.find_by_id(id);
        self.cache.read_through(id, found, Option::is_some).await
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, RepositoryError> {
        // Signing in: rare, and it reads the password hash, which is better read fresh.
        self.stored.find_by_email(email).await
    }

    async fn update(&self, id: UserId, changes: UserChanges) -> Result<User, RepositoryError> {
        let stored = self.stored.clone();
        self.cache
            .write(async move { stored.update(id, changes).await })
            .await
    }

    async fn end_session(
        &self,
        id: UserId,
        session: EndedSession,
        now: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        let stored = self.stored.clone();
        self.cache
            .write(async move { stored.end_session(id, session, now).await })
            .await
    }
}

#[cfg(test)]
mod tests;
