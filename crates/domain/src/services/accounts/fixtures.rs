//! Shared fixtures for the account service's unit tests: a stored user, a session token, a
//! registration, and `Ports`, the mocked ports with the expectations most tests repeat.

use std::sync::Arc;

use mockall::predicate::eq;

use super::*;
use crate::RepositoryError;
use crate::ports::{
    BreachCheckError, MockBreachedPasswords, MockPasswordHasher, MockUserRepository,
};
use crate::user::{NewUser, SessionId, SessionToken, TokenId, TokenVersion, User, UserId};
use crate::values::{Email, NewPassword, PasswordHash, Username};

pub(super) fn hash() -> PasswordHash {
    PasswordHash::new("$argon2id$stored".into())
}

pub(super) fn jake() -> User {
    User {
        id: UserId(7),
        username: Username::parse("jake").unwrap(),
        email: Email::parse("jake@example.com").unwrap(),
        bio: None,
        image: None,
        password_hash: hash(),
        token_version: TokenVersion(3),
        kept_token: None,
        ended_sessions: Vec::new(),
    }
}

/// The `jti` of the token a request came with.
pub(super) fn session() -> TokenId {
    TokenId("the-session-that-asked".into())
}

/// The sign-in that token belongs to.
pub(super) fn sign_in() -> SessionId {
    SessionId("the-sign-in".into())
}

/// A token of `session()` issued at `version`.
pub(super) fn token(version: i64) -> SessionToken {
    SessionToken {
        version: TokenVersion(version),
        id: session(),
        session: sign_in(),
    }
}

pub(super) fn registration() -> Registration {
    Registration {
        username: Username::parse("jake").unwrap(),
        email: Email::parse("jake@example.com").unwrap(),
        password: NewPassword::parse("correct horse").unwrap(),
    }
}

pub(super) struct Ports {
    pub(super) users: MockUserRepository,
    pub(super) hasher: MockPasswordHasher,
    pub(super) breaches: MockBreachedPasswords,
}

impl Ports {
    pub(super) fn new() -> Self {
        Self {
            users: MockUserRepository::new(),
            hasher: MockPasswordHasher::new(),
            breaches: MockBreachedPasswords::new(),
        }
    }

    pub(super) fn service(self, policy: BreachPolicy) -> AccountService {
        AccountService::new(
            Arc::new(self.users),
            Arc::new(self.hasher),
            Arc::new(self.breaches),
            policy,
        )
    }

    pub(super) fn breach_count(&mut self, result: Result<u64, BreachCheckError>) {
        self.breaches
            .expect_times_seen()
            .with(eq(NewPassword::parse("correct horse").unwrap()))
            .times(1)
            .return_once(move |_| result);
    }

    pub(super) fn hashes_once(&mut self) {
        self.hasher
            .expect_hash()
            .with(eq(NewPassword::parse("correct horse").unwrap()))
            .times(1)
            .returning(|_| Ok(hash()));
    }

    pub(super) fn inserts_once(&mut self, result: Result<User, RepositoryError>) {
        self.users
            .expect_insert()
            .with(eq(NewUser {
                username: Username::parse("jake").unwrap(),
                email: Email::parse("jake@example.com").unwrap(),
                password_hash: hash(),
            }))
            .times(1)
            .return_once(move |_| result);
    }

    pub(super) fn never_hashes_or_stores(&mut self) {
        self.hasher.expect_hash().times(0);
        self.users.expect_insert().times(0);
        self.users.expect_update().times(0);
    }
}
