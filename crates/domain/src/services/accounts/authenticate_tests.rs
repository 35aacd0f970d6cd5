//! Authenticating a request's token against a mocked user store: the token version, the token
//! kept by a password change, and a deleted user.

use mockall::predicate::eq;

use super::fixtures::*;
use super::*;
use crate::DomainError;
use crate::user::{SessionId, SessionToken, TokenId, TokenVersion, User, UserId};

/// Authenticates `token` for user 7 while the store holds `stored`.
async fn authenticate(stored: Option<User>, token: SessionToken) -> Result<User, DomainError> {
    let mut ports = Ports::new();
    ports
        .users
        .expect_find_by_id()
        .with(eq(UserId(7)))
        .times(1)
        .return_once(move |_| Ok(stored));
    ports
        .service(BreachPolicy::Off)
        .authenticate(UserId(7), &token)
        .await
}

/// Jake after a password change made through `session()`: version 4, that token kept.
fn jake_after_a_password_change() -> User {
    User {
        token_version: TokenVersion(4),
        kept_token: Some(session()),
        ..jake()
    }
}

#[tokio::test]
async fn a_current_token_version_authenticates() {
    assert_eq!(authenticate(Some(jake()), token(3)).await, Ok(jake()));
}

#[tokio::test]
async fn an_older_token_version_is_revoked() {
    assert_eq!(
        authenticate(Some(jake()), token(2)).await,
        Err(DomainError::Unauthenticated)
    );
}

#[tokio::test]
async fn the_token_that_changed_the_password_still_authenticates() {
    assert_eq!(
        authenticate(Some(jake_after_a_password_change()), token(3)).await,
        Ok(jake_after_a_password_change())
    );
}

#[tokio::test]
async fn another_token_of_the_older_version_is_revoked_though_one_is_kept() {
    let another_device = SessionToken {
        version: TokenVersion(3),
        id: TokenId("another-device".into()),
        session: SessionId("another-sign-in".into()),
    };
    assert_eq!(
        authenticate(Some(jake_after_a_password_change()), another_device).await,
        Err(DomainError::Unauthenticated)
    );
}

/// Jake after signing out of `sign_in()`.
fn jake_signed_out_of_that_session() -> User {
    User {
        ended_sessions: vec![SessionId("an-older-sign-in".into()), sign_in()],
        ..jake()
    }
}

#[tokio::test]
async fn a_token_of_a_session_signed_out_of_is_refused() {
    assert_eq!(
        authenticate(Some(jake_signed_out_of_that_session()), token(3)).await,
        Err(DomainError::Unauthenticated)
    );
}

#[tokio::test]
async fn a_token_kept_by_a_password_change_is_refused_once_its_session_is_signed_out_of() {
    let user = User {
        ended_sessions: vec![sign_in()],
        ..jake_after_a_password_change()
    };
    assert_eq!(
        authenticate(Some(user), token(3)).await,
        Err(DomainError::Unauthenticated)
    );
}

#[tokio::test]
async fn another_session_of_the_same_user_goes_on_after_a_sign_out() {
    let laptop = SessionToken {
        session: SessionId("the-laptop's-sign-in".into()),
        ..token(3)
    };
    assert_eq!(
        authenticate(Some(jake_signed_out_of_that_session()), laptop).await,
        Ok(jake_signed_out_of_that_session())
    );
}

#[tokio::test]
async fn a_deleted_user_is_unauthenticated() {
    assert_eq!(
        authenticate(None, token(3)).await,
        Err(DomainError::Unauthenticated)
    );
}
