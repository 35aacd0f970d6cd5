//! Rows written before migration 0004 have no canonical username, which SQL cannot compute:
//! start-up fills it in before anything is served, and refuses to guess when two older rows
//! turn out to be look-alikes.

use std::path::Path;

use conduit_domain::values::{Email, PasswordHash, Username};
use conduit_domain::{RepositoryError, UniqueField, user::NewUser};
use conduit_store::Backend;
use conduit_testkit::TestDatabase;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

/// Migration 0004 and later, which the release before canonical usernames did not have.
const FIRST_CANONICAL_MIGRATION: &str = "0004";

/// `database` as the release before canonical usernames left it, holding users called `names`.
async fn before_canonical_usernames(database: &TestDatabase, names: &[&str]) {
    sqlx::any::install_default_drivers();
    let folder = match Backend::of(database.url()).unwrap() {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let older = tempfile::tempdir().unwrap();
    let migrations = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(folder);
    for entry in std::fs::read_dir(migrations).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.as_str() < FIRST_CANONICAL_MIGRATION {
            std::fs::copy(&path, older.path().join(name)).unwrap();
        }
    }
    let url = match Backend::of(database.url()).unwrap() {
        Backend::Sqlite => format!("{}?mode=rwc", database.url()),
        Backend::Postgres => database.url().to_owned(),
    };
    let pool = AnyPool::connect(&url).await.unwrap();
    Migrator::new(older.path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    for name in names {
        pool.execute(
            sqlx::query("INSERT INTO users (username, email, password_hash) VALUES ($1, $2, 'x')")
                .bind(*name)
                .bind(format!("{}@example.com", name.to_lowercase())),
        )
        .await
        .unwrap();
    }
    pool.close().await;
}

async fn older_rows_get_their_canonical_username_at_start_up(database: TestDatabase) {
    before_canonical_usernames(&database, &["Jake_Doe", "anna"]).await;

    let repositories = conduit_store::open(database.url(), Default::default())
        .await
        .unwrap();

    let copycat = NewUser {
        username: Username::parse("ｊａｋｅ_ｄｏｅ").unwrap(),
        email: Email::parse("copycat@example.com").unwrap(),
        password_hash: PasswordHash::new("$argon2id$copycat".into()),
    };
    assert_eq!(
        repositories.users.insert(copycat).await,
        Err(RepositoryError::Conflict(UniqueField::Username))
    );
    let (_, profile) = repositories
        .profiles
        .find_by_username(&Username::parse("JAKE_DOE").unwrap(), None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(profile.username.as_str(), "Jake_Doe");
    // A second start finds nothing left to fill in.
    conduit_store::open(database.url(), Default::default())
        .await
        .unwrap();
}

async fn older_look_alikes_stop_start_up_naming_the_later_one(database: TestDatabase) {
    before_canonical_usernames(&database, &["jake", "ｊａｋｅ"]).await;

    let error = conduit_store::open(database.url(), Default::default())
        .await
        .err()
        .unwrap();

    assert_eq!(
        error.to_string(),
        "user 2's username \"ｊａｋｅ\" looks like another user's; rename one of them and start again"
    );
}

mod sqlite {
    use conduit_testkit::TestDatabase;

    #[tokio::test]
    async fn older_rows_get_their_canonical_username_at_start_up() {
        super::older_rows_get_their_canonical_username_at_start_up(TestDatabase::sqlite()).await;
    }

    #[tokio::test]
    async fn older_look_alikes_stop_start_up_naming_the_later_one() {
        super::older_look_alikes_stop_start_up_naming_the_later_one(TestDatabase::sqlite()).await;
    }
}

mod postgres {
    use conduit_testkit::TestDatabase;

    async fn database() -> TestDatabase {
        TestDatabase::postgres()
            .await
            .expect("set TEST_DATABASE_URL to a PostgreSQL server")
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
    async fn older_rows_get_their_canonical_username_at_start_up() {
        super::older_rows_get_their_canonical_username_at_start_up(database().await).await;
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
    async fn older_look_alikes_stop_start_up_naming_the_later_one() {
        super::older_look_alikes_stop_start_up_naming_the_later_one(database().await).await;
    }
}
