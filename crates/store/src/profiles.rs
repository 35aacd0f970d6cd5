use crate::pools::Pools;
use async_trait::async_trait;
use conduit_domain::RepositoryError;
use conduit_domain::ports::ProfileRepository;
use conduit_domain::profiles::Profile;
use conduit_domain::user::UserId;
use conduit_domain::values::Username;

use crate::error::repository_error;
use crate::rows::{ProfileColumns, profile_columns};

pub(crate) struct SqlProfiles {
    pools: Pools,
}

impl SqlProfiles {
    pub(crate) fn new(pools: Pools) -> Self {
        Self { pools }
    }
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    id: i64,
    #[sqlx(flatten)]
    profile: ProfileColumns,
}

/// Usernames are unique by their canonical form, so `/api/profiles/JAKE` (or `ｊａｋｅ`) can only
/// mean `jake`: look-ups compare that form, through its unique index (migration 0004).
const FIND_BY_USERNAME: &str = concat!(
    "SELECT u.id, ",
    profile_columns!(),
    " FROM users u WHERE u.username_canonical = $2"
);

#[async_trait]
impl ProfileRepository for SqlProfiles {
    async fn find_by_username(
        &self,
        username: &Username,
        viewer: Option<UserId>,
    ) -> Result<Option<(UserId, Profile)>, RepositoryError> {
        let row: Option<ProfileRow> = sqlx::query_as(FIND_BY_USERNAME)
            .bind(viewer.map(|viewer| viewer.0))
            .bind(username.canonical().as_str().to_owned())
            .fetch_optional(self.pools.reads())
            .await
            .map_err(repository_error)?;
        row.map(|row| {
            let profile = row.profile.into_profile(&format!("user {}", row.id))?;
            Ok((UserId(row.id), profile))
        })
        .transpose()
    }

    async fn follow(&self, follower: UserId, followee: UserId) -> Result<(), RepositoryError> {
        // The primary key makes a second follow a no-op; a missing user fails the foreign key,
        // which `repository_error` reports as `NotFound`.
        sqlx::query(
            "INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(follower.0)
        .bind(followee.0)
        .execute(self.pools.writes())
        .await
        .map_err(repository_error)?;
        Ok(())
    }

    async fn unfollow(&self, follower: UserId, followee: UserId) -> Result<(), RepositoryError> {
        sqlx::query("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2")
            .bind(follower.0)
            .bind(followee.0)
            .execute(self.pools.writes())
            .await
            .map_err(repository_error)?;
        Ok(())
    }

    async fn followers(&self, user: UserId) -> Result<Vec<UserId>, RepositoryError> {
        let ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT follower_id FROM follows WHERE followee_id = $1 ORDER BY follower_id",
        )
        .bind(user.0)
        .fetch_all(self.pools.reads())
        .await
        .map_err(repository_error)?;
        Ok(ids.into_iter().map(|(id,)| UserId(id)).collect())
    }
}
