//! What articles, comments and profiles share: a user shown as a profile to a viewer, and
//! deleting one row by id.

use conduit_domain::RepositoryError;
use conduit_domain::profiles::Profile;
use conduit_domain::values::{Bio, ImageUrl, Username};
use serde::{Deserialize, Serialize};

use crate::error::corrupt;

/// The columns of [`ProfileColumns`], read from the users row aliased `u`. Every query that
/// shows profiles binds the viewer as `$1`, or NULL, who follows no one: nothing is looked up
/// then. A macro, not a const, so that queries are assembled with `concat!` at compile time.
macro_rules! profile_columns {
    () => {
        "u.username AS profile_username, u.bio AS profile_bio, u.image AS profile_image, \
         CASE WHEN $1 IS NULL THEN 0 \
              ELSE CAST(EXISTS (SELECT 1 FROM follows f \
                                WHERE f.follower_id = $1 AND f.followee_id = u.id) AS INTEGER) \
         END AS profile_following"
    };
}
pub(crate) use profile_columns;

/// A user as the viewer sees them. Also the form a profile travels in between instances. `following` is read as an integer: SQLite has no boolean,
/// the `Any` driver will not decode one backend's type as the other's, and PostgreSQL casts a
/// boolean to INTEGER but not to BIGINT.
#[derive(sqlx::FromRow, Serialize, Deserialize)]
pub(crate) struct ProfileColumns {
    profile_username: String,
    profile_bio: Option<String>,
    profile_image: Option<String>,
    profile_following: i64,
}

impl From<&Profile> for ProfileColumns {
    fn from(profile: &Profile) -> Self {
        Self {
            profile_username: profile.username.as_str().to_owned(),
            profile_bio: profile.bio.as_ref().map(|bio| bio.as_str().to_owned()),
            profile_image: profile
                .image
                .as_ref()
                .map(|image| image.as_str().to_owned()),
            profile_following: i64::from(profile.following),
        }
    }
}

impl ProfileColumns {
    /// `owner` names the row being read, for the error message.
    pub(crate) fn into_profile(self, owner: &str) -> Result<Profile, RepositoryError> {
        let corrupt = corrupt(owner);
        Ok(Profile {
            username: Username::parse(&self.profile_username).map_err(&corrupt)?,
            bio: Bio::parse_optional(self.profile_bio.as_deref()).map_err(&corrupt)?,
            image: ImageUrl::parse_optional(self.profile_image.as_deref()).map_err(&corrupt)?,
            following: self.profile_following != 0,
        })
    }
}

/// Deletes the row with `id` by `statement` (`DELETE … WHERE id = $1`); `NotFound` when there
/// was none, so that a concurrent delete is told apart from success.
pub(crate) async fn delete_by_id(
    pool: &sqlx::AnyPool,
    statement: &'static str,
    id: i64,
) -> Result<(), RepositoryError> {
    let deleted = sqlx::query(statement)
        .bind(id)
        .execute(pool)
        .await
        .map_err(crate::error::repository_error)?;
    if deleted.rows_affected() == 0 {
        return Err(RepositoryError::NotFound);
    }
    Ok(())
}
