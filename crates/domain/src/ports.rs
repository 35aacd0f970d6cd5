//! The traits through which the domain reaches the outside world. Adapters (`conduit-store`,
//! `conduit-pwned`, the server's hasher and clock) implement them; unit tests mock them.

use std::num::NonZeroU32;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::articles::{Article, ArticleChanges, ArticleFilter, ArticleId, ArticlePage, NewArticle};
use crate::comments::{Comment, CommentId, NewComment};
use crate::events::DomainEvent;
use crate::profiles::Profile;
use crate::user::{EndedSession, NewUser, User, UserChanges, UserId};
use crate::values::{Email, NewPassword, Page, Password, PasswordHash, Slug, Tag, Username};
use crate::{Cause, RepositoryError};

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
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
    /// Records that the user signed out of `session`, and forgets sessions that ended before
    /// `now` (their tokens are refused by their age); `RepositoryError::NotFound` if the user
    /// is gone.
    async fn end_session(
        &self,
        id: UserId,
        session: EndedSession,
        now: DateTime<Utc>,
    ) -> Result<(), RepositoryError>;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("password hashing failed")]
pub struct HashError(#[source] pub Cause);

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
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
#[error("breached-password check unavailable")]
pub struct BreachCheckError(#[source] pub Cause);

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait BreachedPasswords: Send + Sync {
    /// How many times the password appears in known breaches (0 when never seen).
    async fn times_seen(&self, password: &NewPassword) -> Result<u64, BreachCheckError>;
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
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

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ProfileRepository: Send + Sync {
    /// The user called `username` as `viewer` sees them (`following` is false without a
    /// viewer), with their id so that the caller can follow them.
    async fn find_by_username(
        &self,
        username: &Username,
        viewer: Option<UserId>,
    ) -> Result<Option<(UserId, Profile)>, RepositoryError>;
    /// Idempotent: following someone already followed changes nothing. `NotFound` if either
    /// user is gone.
    async fn follow(&self, follower: UserId, followee: UserId) -> Result<(), RepositoryError>;
    /// Idempotent: unfollowing someone not followed changes nothing.
    async fn unfollow(&self, follower: UserId, followee: UserId) -> Result<(), RepositoryError>;
    /// Everyone who follows `user`, for live notifications.
    async fn followers(&self, user: UserId) -> Result<Vec<UserId>, RepositoryError>;
}

/// Every read takes the viewer (`None` when anonymous), because `favorited` and
/// `author.following` are answers about that viewer.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ArticleRepository: Send + Sync {
    /// Stores a new article with its tags and returns it as its author sees it. A slug already
    /// in use is `RepositoryError::Conflict(UniqueField::Slug)`, decided by a unique constraint.
    async fn insert(&self, article: NewArticle) -> Result<Article, RepositoryError>;
    async fn find_by_slug(
        &self,
        slug: &Slug,
        viewer: Option<UserId>,
    ) -> Result<Option<Article>, RepositoryError>;
    /// The articles matching every filter that is set, newest first (`created_at` descending),
    /// one page of them; `total` counts every match, ignoring the page. A filter naming an
    /// unknown user or tag matches nothing.
    async fn list(
        &self,
        filter: &ArticleFilter,
        page: Page,
        viewer: Option<UserId>,
    ) -> Result<ArticlePage, RepositoryError>;
    /// Articles by the authors `viewer` follows, newest first; `total` ignores the page.
    async fn feed(&self, viewer: UserId, page: Page) -> Result<ArticlePage, RepositoryError>;
    /// Applies `changes` (tags: `Some` replaces the whole list) and returns the stored row as
    /// `viewer` sees it; `NotFound` if the article is gone.
    async fn update(
        &self,
        id: ArticleId,
        changes: ArticleChanges,
        viewer: UserId,
    ) -> Result<Article, RepositoryError>;
    /// Removes the article with its tags' links, comments and favorites; `NotFound` if it is
    /// already gone.
    async fn delete(&self, id: ArticleId) -> Result<(), RepositoryError>;
    /// Idempotent; `NotFound` if the article is gone.
    async fn favorite(&self, id: ArticleId, user: UserId) -> Result<(), RepositoryError>;
    /// Idempotent; `NotFound` if the article is gone.
    async fn unfavorite(&self, id: ArticleId, user: UserId) -> Result<(), RepositoryError>;
    /// Every tag used by at least one article, each once, the most used first (ties in code
    /// point order).
    async fn tags(&self) -> Result<Vec<Tag>, RepositoryError>;
}

#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait CommentRepository: Send + Sync {
    /// Stores a comment and returns it as its author sees it; `NotFound` if the article is gone.
    async fn insert(&self, comment: NewComment) -> Result<Comment, RepositoryError>;
    /// The article's comments as `viewer` sees them, oldest first.
    async fn list(
        &self,
        article: ArticleId,
        viewer: Option<UserId>,
    ) -> Result<Vec<Comment>, RepositoryError>;
    /// The comment `id` if it belongs to `article`; a comment of another article is `None`.
    async fn find(
        &self,
        article: ArticleId,
        id: CommentId,
    ) -> Result<Option<Comment>, RepositoryError>;
    /// `NotFound` if the comment is already gone.
    async fn delete(&self, id: CommentId) -> Result<(), RepositoryError>;
}

/// At most `count` in any `window`, coming back steadily: one every `window / count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub count: NonZeroU32,
    pub window: Duration,
}

/// What a budget says of one more attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Nothing left to spend; one more comes back after this wait.
    RetryAfter(Duration),
}

/// One [`RateLimit`] on attempts (wrong passwords, registrations), kept per key (an account, a
/// client address). The limit and the clock are the implementation's, given when it is made.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait AttemptBudget: Send + Sync {
    /// Spends one from `key`'s budget if there is one: deciding and spending are one step, so
    /// that attempts made at once never spend more than the budget between them.
    async fn spend(&self, key: &str) -> Result<Verdict, RepositoryError>;
    /// What [`AttemptBudget::spend`] would say now; spends nothing.
    async fn look(&self, key: &str) -> Result<Verdict, RepositoryError>;
    /// Forgets the keys whose budget is full again, which are no different from unseen ones.
    async fn forget_idle(&self) -> Result<(), RepositoryError>;
}

/// Delivers events to live watchers. Fire and forget: publishing never waits for a receiver
/// and never fails the write that caused it.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait EventPublisher: Send + Sync {
    fn publish(&self, event: DomainEvent);
}

/// A source of short random strings that make article slugs unique. A port so that slugs are
/// predictable under test.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait SlugSuffix: Send + Sync {
    fn generate(&self) -> String;
}

/// Eight random lower-case hex digits, for production wiring. The randomness comes from the
/// standard library's per-process hashing keys: no extra dependency, and unpredictability is not
/// needed, only spread; the unique constraint and the retries in `ArticleService::create` deal
/// with the rare collision.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomSlugSuffix;

impl SlugSuffix for RandomSlugSuffix {
    fn generate(&self) -> String {
        use std::hash::{BuildHasher, Hasher};
        // Each `RandomState` gets fresh keys, so hashing nothing still gives a new value.
        let bits = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        format!("{:08x}", bits & 0xffff_ffff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_suffixes_are_eight_hex_digits_and_vary() {
        let suffixes: Vec<String> = (0..16).map(|_| RandomSlugSuffix.generate()).collect();
        for suffix in &suffixes {
            assert_eq!(suffix.len(), 8, "{suffix}");
            assert!(
                suffix.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
                "{suffix}"
            );
        }
        let distinct: std::collections::HashSet<&String> = suffixes.iter().collect();
        assert!(distinct.len() > 1, "{suffixes:?}");
    }
}
