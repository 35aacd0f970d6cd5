//! Logging in against mocked ports: the right password, a wrong one, an unknown email that costs
//! the same verification, and no breach check.

use mockall::predicate::eq;

use super::fixtures::*;
use super::*;
use crate::DomainError;
use crate::values::{Email, Password};

fn email() -> Email {
    Email::parse("jake@example.com").unwrap()
}

fn password() -> Password {
    Password::parse("correct horse").unwrap()
}

#[tokio::test]
async fn the_right_password_logs_in() {
    let mut ports = Ports::new();
    ports
        .users
        .expect_find_by_email()
        .with(eq(email()))
        .times(1)
        .returning(|_| Ok(Some(jake())));
    ports
        .hasher
        .expect_verify()
        .with(eq(password()), eq(Some(hash())))
        .times(1)
        .returning(|_, _| Ok(true));

    let result = ports
        .service(BreachPolicy::Off)
        .login(&email(), &password())
        .await;

    assert_eq!(result, Ok(jake()));
}

#[tokio::test]
async fn a_wrong_password_is_invalid_credentials() {
    let mut ports = Ports::new();
    ports
        .users
        .expect_find_by_email()
        .times(1)
        .returning(|_| Ok(Some(jake())));
    ports
        .hasher
        .expect_verify()
        .times(1)
        .returning(|_, _| Ok(false));

    let result = ports
        .service(BreachPolicy::Off)
        .login(&email(), &password())
        .await;

    assert_eq!(result, Err(DomainError::InvalidCredentials));
}

#[tokio::test]
async fn an_unknown_email_still_costs_one_verification_and_fails_the_same_way() {
    let mut ports = Ports::new();
    ports
        .users
        .expect_find_by_email()
        .times(1)
        .returning(|_| Ok(None));
    ports
        .hasher
        .expect_verify()
        .with(eq(password()), eq(None))
        .times(1)
        .returning(|_, _| Ok(false));

    let result = ports
        .service(BreachPolicy::Off)
        .login(&email(), &password())
        .await;

    assert_eq!(result, Err(DomainError::InvalidCredentials));
}

#[tokio::test]
async fn login_never_consults_the_breach_service() {
    let mut ports = Ports::new();
    ports.breaches.expect_times_seen().times(0);
    ports
        .users
        .expect_find_by_email()
        .returning(|_| Ok(Some(jake())));
    ports.hasher.expect_verify().returning(|_, _| Ok(true));

    let result = ports
        .service(BreachPolicy::FailClosed)
        .login(&email(), &password())
        .await;

    assert_eq!(result, Ok(jake()));
}
