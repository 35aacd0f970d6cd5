//! The copy against a mocked store: which look-ups reach it (`.times(n)`), and that no write
//! or race can leave an old user behind.

use std::sync::Arc;

use mockall::predicate::{always, eq};

use super::*;
use conduit_domain::Cause;
use conduit_domain::ports::MockUserRepository;
use conduit_domain::user::{TokenVersion, UserChanges};
use conduit_domain::values::{Bio, PasswordHash, Username};

fn user(id: i64, bio: Option<&str>) -> User {
    User {
        id: UserId(id),
        username: Username::parse(&format!("user{id}")).unwrap(),
        email: Email::parse(&format!("user{id}@example.com")).unwrap(),
        bio: Bio::parse_optional(bio).unwrap(),
        image: None,
        password_hash: PasswordHash::new("$argon2id$stored".into()),
        token_version: TokenVersion(1),
        kept_token: None,
        ended_sessions: Vec::new(),
    }
}

fn unavailable() -> RepositoryError {
    RepositoryError::Unavailable(Cause::new("the database is gone"))
}

#[tokio::test]
async fn a_user_is_read_from_the_store_once_then_from_memory() {
    let mut stored = MockUserRepository::new();
    stored
        .expect_find_by_id()
        .with(eq(UserId(7)))
        .times(1)
        .returning(|_| Ok(Some(user(7, None))));
    let users = CachedUsers::new(stored, &Caches::default());

    assert_eq!(
        users.find_by_id(UserId(7)).await.unwrap(),
        Some(user(7, None))
    );
    assert_eq!(
        users.find_by_id(UserId(7)).await.unwrap(),
        Some(user(7, None))
    );
}

#[tokio::test]
async fn after_an_update_the_user_is_read_from_the_store_again() {
    let mut stored = MockUserRepository::new();
    let mut reads = mockall::Sequence::new();
    stored
        .expect_find_by_id()
        .times(1)
        .in_sequence(&mut reads)
        .returning(|_| Ok(Some(user(7, None))));
    stored
        .expect_update()
        .with(eq(UserId(7)), always())
        .times(1)
        .in_sequence(&mut reads)
        .returning(|_, _| Ok(user(7, Some("changed"))));
    stored
        .expect_find_by_id()
        .with(eq(UserId(7)))
        .times(1)
        .in_sequence(&mut reads)
        .returning(|_| Ok(Some(user(7, Some("changed")))));
    let users = CachedUsers::new(stored, &Caches::default());

    users.find_by_id(UserId(7)).await.unwrap();
    users
        .update(UserId(7), UserChanges::default())
        .await
        .unwrap();

    assert_eq!(
        users.find_by_id(UserId(7)).await.unwrap(),
        Some(user(7, Some("changed")))
    );
    assert_eq!(
        users.find_by_id(UserId(7)).await.unwrap(),
        Some(user(7, Some("changed"))),
        "and kept again"
    );
}

#[tokio::test]
async fn a_failed_update_forgets_the_user_too() {
    let mut stored = MockUserRepository::new();
    stored
        .expect_find_by_id()
        .times(2)
        .returning(|_| Ok(Some(user(7, None))));
    stored
        .expect_update()
        .times(1)
        .returning(|_, _| Err(unavailable()));
    let users = CachedUsers::new(stored, &Caches::default());

    users.find_by_id(UserId(7)).await.unwrap();
    assert!(
        users
            .update(UserId(7), UserChanges::default())
            .await
            .is_err()
    );
    users.find_by_id(UserId(7)).await.unwrap();
}

#[tokio::test]
async fn any_write_makes_every_user_read_again() {
    let mut stored = MockUserRepository::new();
    stored
        .expect_find_by_id()
        .with(eq(UserId(8)))
        .times(3)
        .returning(|_| Ok(Some(user(8, None))));
    stored
        .expect_update()
        .with(eq(UserId(7)), always())
        .times(1)
        .returning(|_, _| Ok(user(7, Some("changed"))));
    stored
        .expect_insert()
        .times(1)
        .returning(|_| Ok(user(9, None)));
    let users = CachedUsers::new(stored, &Caches::default());

    users.find_by_id(UserId(8)).await.unwrap();
    users
        .update(UserId(7), UserChanges::default())
        .await
        .unwrap();
    users.find_by_id(UserId(8)).await.unwrap();
    let new = NewUser {
        username: Username::parse("user9").unwrap(),
        email: Email::parse("user9@example.com").unwrap(),
        password_hash: PasswordHash::new("$argon2id$stored".into()),
    };
    users.insert(new).await.unwrap();
    assert_eq!(
        users.find_by_id(UserId(8)).await.unwrap(),
        Some(user(8, None))
    );
}

#[tokio::test]
async fn absent_users_and_errors_are_never_kept() {
    let mut stored = MockUserRepository::new();
    stored
        .expect_find_by_id()
        .with(eq(UserId(7)))
        .times(2)
        .returning(|_| Ok(None));
    stored
        .expect_find_by_id()
        .with(eq(UserId(8)))
        .times(2)
        .returning(|_| Err(unavailable()));
    let users = CachedUsers::new(stored, &Caches::default());

    for _ in 0..2 {
        assert_eq!(users.find_by_id(UserId(7)).await.unwrap(), None);
        assert!(users.find_by_id(UserId(8)).await.is_err());
    }
}

#[tokio::test]
async fn signing_in_and_registering_always_reach_the_store() {
    let mut stored = MockUserRepository::new();
    let email = Email::parse("user7@example.com").unwrap();
    stored
        .expect_find_by_email()
        .with(eq(email.clone()))
        .times(2)
        .returning(|_| Ok(Some(user(7, None))));
    stored
        .expect_insert()
        .times(1)
        .returning(|_| Ok(user(9, None)));
    let users = CachedUsers::new(stored, &Caches::default());

    users.find_by_email(&email).await.unwrap();
    users.find_by_email(&email).await.unwrap();
    let new = NewUser {
        username: Username::parse("user9").unwrap(),
        email: Email::parse("user9@example.com").unwrap(),
        password_hash: PasswordHash::new("$argon2id$stored".into()),
    };
    assert_eq!(users.insert(new).await.unwrap(), user(9, None));
}

#[tokio::test]
async fn a_look_up_that_raced_a_write_is_not_kept() {
    let caches = Caches::default();
    let mut stored = MockUserRepository::new();
    let elsewhere = caches.invalidations.clone();
    stored
        .expect_find_by_id()
        .with(eq(UserId(7)))
        .times(2)
        .returning(move |_| {
            // Another write through this store finishes while the row is being read.
            elsewhere.invalidate(Tables::Users);
            Ok(Some(user(7, None)))
        });
    let users = CachedUsers::new(stored, &caches);

    users.find_by_id(UserId(7)).await.unwrap();
    users.find_by_id(UserId(7)).await.unwrap();
}

#[tokio::test]
async fn memory_stays_bounded_however_many_users_sign_in() {
    let mut stored = MockUserRepository::new();
    stored
        .expect_find_by_id()
        .with(eq(UserId(0)))
        .times(2)
        .returning(|id| Ok(Some(user(id.0, None))));
    stored
        .expect_find_by_id()
        .times(BOUNDS.entries)
        .returning(|id| Ok(Some(user(id.0, None))));
    let users = CachedUsers::new(stored, &Caches::default());

    for id in 0..=BOUNDS.entries {
        users
            .find_by_id(UserId(i64::try_from(id).unwrap()))
            .await
            .unwrap();
    }
    users.find_by_id(UserId(0)).await.unwrap();
}

/// A database whose update commits and then never answers: the future of a write dropped after
/// its commit (the request timed out, the client left), as the cache sees it.
#[derive(Clone, Default)]
struct CommitsThenHangs {
    bio: Arc<std::sync::Mutex<Option<&'static str>>>,
    reads: Arc<std::sync::atomic::AtomicUsize>,
}

#[async_trait]
impl UserRepository for CommitsThenHangs {
    async fn insert(&self, _: NewUser) -> Result<User, RepositoryError> {
        unreachable!("the test does not register")
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, RepositoryError> {
        self.reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(Some(user(id.0, *self.bio.lock().unwrap())))
    }

    async fn find_by_email(&self, _: &Email) -> Result<Option<User>, RepositoryError> {
        unreachable!("the test does not sign in")
    }

    async fn update(&self, _: UserId, _: UserChanges) -> Result<User, RepositoryError> {
        *self.bio.lock().unwrap() = Some("committed");
        std::future::pending().await
    }

    async fn end_session(
        &self,
        _: UserId,
        _: EndedSession,
        _: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        unreachable!("the test does not sign out")
    }
}

#[tokio::test]
async fn an_update_dropped_after_its_commit_still_makes_the_user_read_again() {
    let database = CommitsThenHangs::default();
    let users = CachedUsers::new(database.clone(), &Caches::default());
    assert_eq!(
        users.find_by_id(UserId(7)).await.unwrap(),
        Some(user(7, None))
    );

    let mut update = Box::pin(users.update(UserId(7), UserChanges::default()));
    assert!(futures::poll!(update.as_mut()).is_pending());
    while database.bio.lock().unwrap().is_none() {
        tokio::task::yield_now().await;
    }
    drop(update);

    assert_eq!(
        users.find_by_id(UserId(7)).await.unwrap(),
        Some(user(7, Some("committed")))
    );
    assert_eq!(database.reads.load(std::sync::atomic::Ordering::SeqCst), 2);
}
