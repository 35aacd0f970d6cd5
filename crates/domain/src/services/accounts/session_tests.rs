//! Password changes and sessions over several requests, against a fake user store. The sequence
//! is the subject here (change, authenticate, change again, authenticate), and a store that
//! keeps state says it more plainly than a chain of mock expectations would.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::fixtures::jake;
use super::*;
use crate::ports::{MockBreachedPasswords, MockPasswordHasher, UserRepository};
use crate::user::{
    NewUser, SessionId, SessionToken, TokenId, TokenVersion, User, UserChanges, UserId,
};
use crate::values::{Email, NewPassword, PasswordHash};
use crate::{DomainError, RepositoryError};

/// A working store for one user, in memory. It applies a password change as the SQL adapter does
/// (bump the version, keep the one token); the repository suite holds the adapter to that on
/// SQLite and PostgreSQL, while nothing checks this fake, which is why it stays this small.
struct FakeUsers(Mutex<User>);

#[async_trait]
impl UserRepository for FakeUsers {
    async fn insert(&self, _: NewUser) -> Result<User, RepositoryError> {
        unreachable!("these tests register no one")
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, RepositoryError> {
        let user = self.0.lock().unwrap().clone();
        Ok((user.id == id).then_some(user))
    }

    async fn find_by_email(&self, _: &Email) -> Result<Option<User>, RepositoryError> {
        unreachable!("these tests log no one in")
    }

    async fn update(&self, _: UserId, changes: UserChanges) -> Result<User, RepositoryError> {
        let mut user = self.0.lock().unwrap();
        if let Some(password) = changes.password {
            user.password_hash = password.hash;
            user.token_version = TokenVersion(user.token_version.0 + 1);
            user.kept_token = Some(password.kept_token);
        }
        Ok(user.clone())
    }

    async fn end_session(
        &self,
        _: UserId,
        session: EndedSession,
        _: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        self.0.lock().unwrap().ended_sessions.push(session.id);
        Ok(())
    }
}

fn service() -> AccountService {
    let mut hasher = MockPasswordHasher::new();
    hasher
        .expect_hash()
        .returning(|_| Ok(PasswordHash::new("$argon2id$new".into())));
    AccountService::new(
        Arc::new(FakeUsers(Mutex::new(jake()))),
        Arc::new(hasher),
        // A dummy: required by the constructor, never called with the check off.
        Arc::new(MockBreachedPasswords::new()),
        BreachPolicy::Off,
    )
}

fn token(id: &str, version: i64) -> SessionToken {
    SessionToken {
        version: TokenVersion(version),
        id: TokenId(id.into()),
        session: SessionId(format!("{id}'s sign-in")),
    }
}

fn new_password() -> ProfileUpdate {
    ProfileUpdate {
        password: Some(NewPassword::parse("a brand new password").unwrap()),
        ..ProfileUpdate::default()
    }
}

#[tokio::test]
async fn each_password_change_keeps_only_the_session_that_made_it() {
    let service = service();
    let (laptop, phone) = (token("laptop", 3), token("phone", 3));

    service
        .update(UserId(7), new_password(), &laptop.id)
        .await
        .unwrap();
    assert!(service.authenticate(UserId(7), &laptop).await.is_ok());
    assert_eq!(
        service.authenticate(UserId(7), &phone).await,
        Err(DomainError::Unauthenticated)
    );

    let phone_signed_in_again = token("phone-again", 4);
    service
        .update(UserId(7), new_password(), &phone_signed_in_again.id)
        .await
        .unwrap();
    assert_eq!(
        service.authenticate(UserId(7), &laptop).await,
        Err(DomainError::Unauthenticated)
    );
    assert!(
        service
            .authenticate(UserId(7), &phone_signed_in_again)
            .await
            .is_ok()
    );
}

fn ended(token: &SessionToken) -> EndedSession {
    EndedSession {
        id: token.session.clone(),
        lasts_until: DateTime::UNIX_EPOCH + chrono::Duration::days(30),
    }
}

#[tokio::test]
async fn signing_out_ends_that_session_and_every_token_renewed_from_it_but_no_other() {
    let service = service();
    let phone = token("phone", 3);
    let phone_renewed = SessionToken {
        id: TokenId("phone-renewed".into()),
        ..phone.clone()
    };
    let laptop = token("laptop", 3);

    service
        .end_session(UserId(7), ended(&phone), DateTime::UNIX_EPOCH)
        .await
        .unwrap();

    for signed_out in [&phone, &phone_renewed] {
        assert_eq!(
            service.authenticate(UserId(7), signed_out).await,
            Err(DomainError::Unauthenticated)
        );
    }
    assert!(service.authenticate(UserId(7), &laptop).await.is_ok());
}
