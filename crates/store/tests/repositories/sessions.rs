//! Sessions signed out of: stored with their user, on every backend, and forgotten once they
//! would have ended anyway.

use chrono::{DateTime, TimeDelta, Utc};
use conduit_domain::RepositoryError;
use conduit_domain::user::{EndedSession, SessionId, UserId};
use conduit_store::Repositories;

use crate::fixtures;

crate::on_every_backend!(
    a_sign_out_comes_with_the_user_even_one_already_looked_up,
    sessions_past_their_end_are_forgotten_at_the_next_sign_out,
    signing_out_twice_keeps_the_session_ended_once,
    sign_outs_belong_to_their_user,
    signing_out_of_a_missing_user_is_not_found,
);

fn at(day: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap() + TimeDelta::days(day)
}

/// A session signed out of that would have ended on `day`.
fn ended(name: &str, day: i64) -> EndedSession {
    EndedSession {
        id: SessionId(name.into()),
        lasts_until: at(day),
    }
}

/// Signs `id` out of the session `name` that would have ended on `ends`, on `day`.
async fn sign_out(repositories: &Repositories, id: UserId, name: &str, ends: i64, day: i64) {
    repositories
        .users
        .end_session(id, ended(name, ends), at(day))
        .await
        .unwrap();
}

async fn ended_sessions(repositories: &Repositories, id: UserId) -> Vec<SessionId> {
    let mut found = repositories
        .users
        .find_by_id(id)
        .await
        .unwrap()
        .unwrap()
        .ended_sessions;
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

async fn a_sign_out_comes_with_the_user_even_one_already_looked_up(repositories: &Repositories) {
    let jake = fixtures::user(repositories, "jake").await;
    assert_eq!(ended_sessions(repositories, jake.id).await, vec![]);

    sign_out(repositories, jake.id, "phone", 30, 0).await;

    assert_eq!(
        ended_sessions(repositories, jake.id).await,
        vec![SessionId("phone".into())]
    );
}

async fn sessions_past_their_end_are_forgotten_at_the_next_sign_out(repositories: &Repositories) {
    let jake = fixtures::user(repositories, "jake").await;
    sign_out(repositories, jake.id, "a-old", 10, 0).await;
    sign_out(repositories, jake.id, "b-edge", 20, 0).await;
    sign_out(repositories, jake.id, "c-live", 21, 0).await;

    // On day 20 a session that ends on day 20 has ended: its tokens are refused by their age.
    sign_out(repositories, jake.id, "d-new", 50, 20).await;

    assert_eq!(
        ended_sessions(repositories, jake.id).await,
        vec![SessionId("c-live".into()), SessionId("d-new".into())]
    );
}

async fn signing_out_twice_keeps_the_session_ended_once(repositories: &Repositories) {
    let jake = fixtures::user(repositories, "jake").await;
    for _ in 0..2 {
        sign_out(repositories, jake.id, "phone", 30, 0).await;
    }
    assert_eq!(
        ended_sessions(repositories, jake.id).await,
        vec![SessionId("phone".into())]
    );
}

async fn sign_outs_belong_to_their_user(repositories: &Repositories) {
    let jake = fixtures::user(repositories, "jake").await;
    let anna = fixtures::user(repositories, "anna").await;
    sign_out(repositories, jake.id, "jakes-phone", 30, 0).await;
    assert_eq!(ended_sessions(repositories, anna.id).await, vec![]);
}

async fn signing_out_of_a_missing_user_is_not_found(repositories: &Repositories) {
    assert_eq!(
        repositories
            .users
            .end_session(UserId(404), ended("phone", 30), at(0))
            .await,
        Err(RepositoryError::NotFound)
    );
}
