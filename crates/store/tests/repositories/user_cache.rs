//! Where a user is read from once looked up: memory, until a write makes the copy stale. On
//! SQLite every write goes through this process; on PostgreSQL a write by anyone is heard, and
//! while writes could go unheard no copy answers.

use std::time::Duration;

use conduit_domain::user::User;
use conduit_domain::values::Bio;
use conduit_store::Repositories;
use conduit_testkit::TestDatabase;

use crate::cache::{DEADLINE, Notice, behind_the_stores_back, until_it_shows};
use crate::{fixtures, repositories};

fn changed_elsewhere() -> Option<Bio> {
    Bio::parse_optional(Some("changed elsewhere")).unwrap()
}

pub async fn looked_up_jake(database: &TestDatabase) -> (Repositories, User) {
    let repositories = repositories(database).await;
    let jake = fixtures::user(&repositories, "jake").await;
    repositories.users.find_by_id(jake.id).await.unwrap();
    (repositories, jake)
}

async fn change_jakes_bio(database: &TestDatabase, jake: &User, notice: Notice) {
    let statement = format!(
        "UPDATE users SET bio = 'changed elsewhere' WHERE id = {}",
        jake.id.0
    );
    behind_the_stores_back(database, &statement, notice).await;
}

async fn bio(repositories: &Repositories, jake: &User) -> Option<Bio> {
    let found = repositories.users.find_by_id(jake.id).await.unwrap();
    found.unwrap().bio
}

#[tokio::test]
async fn on_sqlite_a_looked_up_user_is_read_from_memory() {
    let database = TestDatabase::sqlite();
    let (repositories, jake) = looked_up_jake(&database).await;

    change_jakes_bio(&database, &jake, Notice::Sent).await;

    assert_eq!(bio(&repositories, &jake).await, None);
}

pub async fn postgres() -> TestDatabase {
    TestDatabase::postgres()
        .await
        .expect("set TEST_DATABASE_URL to a PostgreSQL server")
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn on_postgres_a_change_by_anyone_is_heard_and_read() {
    let database = postgres().await;
    let (repositories, jake) = looked_up_jake(&database).await;

    change_jakes_bio(&database, &jake, Notice::Sent).await;

    until_it_shows(|| bio(&repositories, &jake), changed_elsewhere()).await;
}

/// Changes Jake's bio behind the store's back, with no notice, and reads it: `true` if the change
/// shows, i.e. the read went to the database.
async fn an_unheard_change_shows(
    database: &TestDatabase,
    repositories: &Repositories,
    jake: &User,
    attempt: usize,
) -> bool {
    bio(repositories, jake).await;
    let stored = format!("bio {attempt}");
    let statement = format!("UPDATE users SET bio = '{stored}' WHERE id = {}", jake.id.0);
    behind_the_stores_back(database, &statement, Notice::Suppressed).await;
    bio(repositories, jake).await == Bio::parse_optional(Some(&stored)).unwrap()
}

/// Waits until no entry answers, within `deadline`: three unheard changes in a row show at once
/// (one could show only because a notice of an earlier write arrived late).
pub async fn until_no_entry_answers(
    database: &TestDatabase,
    repositories: &Repositories,
    jake: &User,
    deadline: Duration,
) {
    let deadline = tokio::time::Instant::now() + deadline;
    let mut in_a_row = 0;
    for attempt in 0.. {
        if an_unheard_change_shows(database, repositories, jake, attempt).await {
            in_a_row += 1;
        } else {
            in_a_row = 0;
        }
        if in_a_row == 3 {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "entries still answer"
        );
        tokio::task::yield_now().await;
    }
}

/// Changes Jake's bio behind the store's back, with no notice, until the store stops seeing
/// such changes: the notices of earlier writes (Jake's registration) have all been heard, and
/// Jake is answered from memory.
pub async fn until_jake_is_answered_from_memory(
    database: &TestDatabase,
    repositories: &Repositories,
    jake: &User,
) {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    for attempt in 0.. {
        if !an_unheard_change_shows(database, repositories, jake, attempt).await {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "every read saw the database"
        );
    }
    unreachable!("the loop ends by returning or failing")
}

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn on_postgres_a_write_to_articles_elsewhere_leaves_users_answering() {
    let database = postgres().await;
    let (repositories, jake) = looked_up_jake(&database).await;
    fixtures::article(&repositories, &jake, "original", &[], 0).await;
    until_jake_is_answered_from_memory(&database, &repositories, &jake).await;
    let answered = bio(&repositories, &jake).await;

    let statement = "UPDATE articles SET title = 'changed elsewhere'";
    behind_the_stores_back(&database, statement, Notice::Sent).await;
    let title = || async {
        let home = repositories
            .articles
            .list(&Default::default(), fixtures::page(20, 0), None)
            .await
            .unwrap();
        home.articles[0].title.as_str().to_owned()
    };
    until_it_shows(title, "changed elsewhere".to_owned()).await;

    assert_eq!(bio(&repositories, &jake).await, answered);
}
