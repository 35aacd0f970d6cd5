//! Signing out: what the account service asks of the user store, and what it makes of its
//! answers.

use chrono::TimeZone;
use mockall::predicate::eq;

use super::fixtures::*;
use super::*;
use crate::user::{EndedSession, UserId};
use crate::{Cause, DomainError, RepositoryError};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap()
}

fn ended() -> EndedSession {
    EndedSession {
        id: sign_in(),
        lasts_until: Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
    }
}

async fn end_session(stored: Result<(), RepositoryError>) -> Result<(), DomainError> {
    let mut ports = Ports::new();
    ports
        .users
        .expect_end_session()
        .with(eq(UserId(7)), eq(ended()), eq(now()))
        .times(1)
        .return_once(move |_, _, _| stored);
    ports
        .service(BreachPolicy::Off)
        .end_session(UserId(7), ended(), now())
        .await
}

#[tokio::test]
async fn signing_out_records_the_session_with_its_end_and_the_time_now() {
    assert_eq!(end_session(Ok(())).await, Ok(()));
}

#[tokio::test]
async fn signing_out_of_an_account_that_is_gone_is_unauthenticated() {
    assert_eq!(
        end_session(Err(RepositoryError::NotFound)).await,
        Err(DomainError::Unauthenticated)
    );
}

#[tokio::test]
async fn a_store_that_cannot_record_the_sign_out_is_a_fault_not_a_success() {
    let unavailable = RepositoryError::Unavailable(Cause::new("the disk is full"));
    assert!(matches!(
        end_session(Err(unavailable)).await,
        Err(DomainError::Internal(_))
    ));
}
