//! Profile updates against mocked ports: profile fields, a new password (checked, hashed, older
//! tokens revoked, in that order), and the conflicts and failures that change nothing.

use mockall::predicate::{always, eq};

use super::fixtures::*;
use super::*;
use crate::user::{PasswordChange, UserChanges, UserId};
use crate::values::{Bio, Email, NewPassword, Username};
use crate::{DomainError, RepositoryError, UniqueField};

#[tokio::test]
async fn profile_fields_change_without_touching_password_or_tokens() {
    let mut ports = Ports::new();
    ports.breaches.expect_times_seen().times(0);
    ports.hasher.expect_hash().times(0);
    let bio = Bio::parse_optional(Some("I like to skateboard")).unwrap();
    ports
        .users
        .expect_update()
        .with(
            eq(UserId(7)),
            eq(UserChanges {
                username: Some(Username::parse("jacob").unwrap()),
                bio: Some(bio.clone()),
                image: Some(None),
                ..UserChanges::default()
            }),
        )
        .times(1)
        .returning(|_, _| Ok(jake()));

    let update = ProfileUpdate {
        username: Some(Username::parse("jacob").unwrap()),
        bio: Some(bio),
        image: Some(None),
        ..ProfileUpdate::default()
    };
    let result = ports
        .service(BreachPolicy::FailOpen)
        .update(UserId(7), update, &session())
        .await;

    assert_eq!(result, Ok(jake()));
}

#[tokio::test]
async fn a_new_password_is_checked_hashed_and_revokes_older_tokens() {
    let mut ports = Ports::new();
    let mut order = mockall::Sequence::new();
    ports
        .breaches
        .expect_times_seen()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(0));
    ports
        .hasher
        .expect_hash()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(hash()));
    ports
        .users
        .expect_update()
        .with(
            eq(UserId(7)),
            eq(UserChanges {
                password: Some(PasswordChange {
                    hash: hash(),
                    kept_token: session(),
                }),
                ..UserChanges::default()
            }),
        )
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(jake()));

    let update = ProfileUpdate {
        password: Some(NewPassword::parse("correct horse").unwrap()),
        ..ProfileUpdate::default()
    };
    let result = ports
        .service(BreachPolicy::FailOpen)
        .update(UserId(7), update, &session())
        .await;

    assert_eq!(result, Ok(jake()));
}

#[tokio::test]
async fn a_breached_new_password_changes_nothing() {
    let mut ports = Ports::new();
    ports.breach_count(Ok(12));
    ports.never_hashes_or_stores();

    let update = ProfileUpdate {
        password: Some(NewPassword::parse("correct horse").unwrap()),
        ..ProfileUpdate::default()
    };
    let result = ports
        .service(BreachPolicy::FailOpen)
        .update(UserId(7), update, &session())
        .await;

    assert_eq!(result, Err(DomainError::BreachedPassword));
}

#[tokio::test]
async fn taking_someone_elses_email_is_a_conflict() {
    let mut ports = Ports::new();
    ports
        .users
        .expect_update()
        .with(eq(UserId(7)), always())
        .times(1)
        .returning(|_, _| Err(RepositoryError::Conflict(UniqueField::Email)));

    let update = ProfileUpdate {
        email: Some(Email::parse("taken@example.com").unwrap()),
        ..ProfileUpdate::default()
    };
    let result = ports
        .service(BreachPolicy::FailOpen)
        .update(UserId(7), update, &session())
        .await;

    assert_eq!(result, Err(DomainError::Taken(UniqueField::Email)));
}

#[tokio::test]
async fn updating_a_user_who_was_deleted_meanwhile_is_unauthenticated() {
    let mut ports = Ports::new();
    ports
        .users
        .expect_update()
        .times(1)
        .returning(|_, _| Err(RepositoryError::NotFound));

    let result = ports
        .service(BreachPolicy::FailOpen)
        .update(UserId(7), ProfileUpdate::default(), &session())
        .await;

    assert_eq!(result, Err(DomainError::Unauthenticated));
}
