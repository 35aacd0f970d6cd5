//! Registration against mocked ports: the breach check under each policy, hashing, storing, and
//! (with `.times(0)`) the calls proven not to be made.

use super::fixtures::*;
use super::*;
use crate::ports::{BreachCheckError, HashError};
use crate::{Cause, DomainError, RepositoryError, UniqueField};

#[tokio::test]
async fn checks_breaches_hashes_and_stores_the_user() {
    let mut ports = Ports::new();
    ports.breach_count(Ok(0));
    ports.hashes_once();
    ports.inserts_once(Ok(jake()));

    let user = ports
        .service(BreachPolicy::FailOpen)
        .register(registration())
        .await;

    assert_eq!(user, Ok(jake()));
}

#[tokio::test]
async fn a_taken_username_is_reported_as_taken() {
    let mut ports = Ports::new();
    ports.breach_count(Ok(0));
    ports.hashes_once();
    ports.inserts_once(Err(RepositoryError::Conflict(UniqueField::Username)));

    let result = ports
        .service(BreachPolicy::FailOpen)
        .register(registration())
        .await;

    assert_eq!(result, Err(DomainError::Taken(UniqueField::Username)));
}

#[tokio::test]
async fn a_breached_password_is_refused_before_hashing_or_storing() {
    let mut ports = Ports::new();
    ports.breach_count(Ok(3_861_493));
    ports.never_hashes_or_stores();

    let result = ports
        .service(BreachPolicy::FailOpen)
        .register(registration())
        .await;

    assert_eq!(result, Err(DomainError::BreachedPassword));
}

#[tokio::test]
async fn with_the_check_off_the_breach_service_is_never_asked() {
    let mut ports = Ports::new();
    ports.breaches.expect_times_seen().times(0);
    ports.hashes_once();
    ports.inserts_once(Ok(jake()));

    let result = ports
        .service(BreachPolicy::Off)
        .register(registration())
        .await;

    assert_eq!(result, Ok(jake()));
}

#[tokio::test]
async fn fail_open_accepts_the_password_when_the_service_is_down() {
    let mut ports = Ports::new();
    ports.breach_count(Err(BreachCheckError(Cause::new("timed out"))));
    ports.hashes_once();
    ports.inserts_once(Ok(jake()));

    let result = ports
        .service(BreachPolicy::FailOpen)
        .register(registration())
        .await;

    assert_eq!(result, Ok(jake()));
}

#[tokio::test]
async fn fail_closed_refuses_the_password_when_the_service_is_down() {
    let mut ports = Ports::new();
    ports.breach_count(Err(BreachCheckError(Cause::new("timed out"))));
    ports.never_hashes_or_stores();

    let result = ports
        .service(BreachPolicy::FailClosed)
        .register(registration())
        .await;

    assert_eq!(result, Err(DomainError::BreachCheckUnavailable));
}

#[tokio::test]
async fn fail_closed_still_accepts_a_clean_password() {
    let mut ports = Ports::new();
    ports.breach_count(Ok(0));
    ports.hashes_once();
    ports.inserts_once(Ok(jake()));

    let result = ports
        .service(BreachPolicy::FailClosed)
        .register(registration())
        .await;

    assert_eq!(result, Ok(jake()));
}

#[tokio::test]
async fn a_hashing_failure_stores_nothing() {
    let mut ports = Ports::new();
    ports.breach_count(Ok(0));
    ports
        .hasher
        .expect_hash()
        .times(1)
        .returning(|_| Err(HashError(Cause::new("out of memory"))));
    ports.users.expect_insert().times(0);

    let result = ports
        .service(BreachPolicy::FailOpen)
        .register(registration())
        .await;

    assert!(
        matches!(result, Err(DomainError::Internal(_))),
        "{result:?}"
    );
}
