//! The account rules against mocked ports: results and the calls made (or, with `.times(0)`,
//! proven not to be made).

use std::sync::Arc;

use mockall::predicate::{always, eq};

use super::*;
use crate::ports::{
    BreachCheckError, HashError, MockBreachedPasswords, MockPasswordHasher, MockUserRepository,
};
use crate::user::{
    NewUser, PasswordChange, SessionToken, TokenId, TokenVersion, User, UserChanges, UserId,
};
use crate::values::{Bio, Email, NewPassword, Password, PasswordHash, Username};
use crate::{Cause, DomainError, RepositoryError, UniqueField};

fn hash() -> PasswordHash {
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
    }
}

/// The `jti` of the token a request came with.
fn session() -> TokenId {
    TokenId("the-session-that-asked".into())
}

/// A token of `session()` issued at `version`.
fn token(version: i64) -> SessionToken {
    SessionToken {
        version: TokenVersion(version),
        id: session(),
    }
}

fn registration() -> Registration {
    Registration {
        username: Username::parse("jake").unwrap(),
        email: Email::parse("jake@example.com").unwrap(),
        password: NewPassword::parse("correct horse").unwrap(),
    }
}

struct Ports {
    users: MockUserRepository,
    hasher: MockPasswordHasher,
    breaches: MockBreachedPasswords,
}

impl Ports {
    fn new() -> Self {
        Self {
            users: MockUserRepository::new(),
            hasher: MockPasswordHasher::new(),
            breaches: MockBreachedPasswords::new(),
        }
    }

    fn service(self, policy: BreachPolicy) -> AccountService {
        AccountService::new(
            Arc::new(self.users),
            Arc::new(self.hasher),
            Arc::new(self.breaches),
            policy,
        )
    }

    fn breach_count(&mut self, result: Result<u64, BreachCheckError>) {
        self.breaches
            .expect_times_seen()
            .with(eq(NewPassword::parse("correct horse").unwrap()))
            .times(1)
            .return_once(move |_| result);
    }

    fn hashes_once(&mut self) {
        self.hasher
            .expect_hash()
            .with(eq(NewPassword::parse("correct horse").unwrap()))
            .times(1)
            .returning(|_| Ok(hash()));
    }

    fn inserts_once(&mut self, result: Result<User, RepositoryError>) {
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

    fn never_hashes_or_stores(&mut self) {
        self.hasher.expect_hash().times(0);
        self.users.expect_insert().times(0);
        self.users.expect_update().times(0);
    }
}

mod register {
    use super::*;

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
}

mod login {
    use super::*;

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
}

mod authenticate {
    use super::*;

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
        };
        assert_eq!(
            authenticate(Some(jake_after_a_password_change()), another_device).await,
            Err(DomainError::Unauthenticated)
        );
    }

    #[tokio::test]
    async fn a_deleted_user_is_unauthenticated() {
        assert_eq!(
            authenticate(None, token(3)).await,
            Err(DomainError::Unauthenticated)
        );
    }
}

mod update {
    use super::*;

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
}
