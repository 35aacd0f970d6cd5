use async_trait::async_trait;
use chrono::{DateTime, Utc};
use conduit_domain::ports::UserRepository;
use conduit_domain::user::{
    EndedSession, NewUser, SessionId, TokenId, TokenVersion, User, UserChanges, UserId,
};
use conduit_domain::values::{Bio, Email, ImageUrl, PasswordHash, Username};
use conduit_domain::{Cause, RepositoryError};
use sqlx::{AnyConnection, AnyPool, Connection};

use crate::pools::Pools;

use crate::error::{corrupt, repository_error};
use crate::time::to_micros;
use crate::{Backend, StoreError};

pub(crate) struct SqlUsers {
    pools: Pools,
    /// What every statement returns of a user, ended sessions included.
    columns: String,
}

impl SqlUsers {
    pub(crate) fn new(pools: Pools, backend: Backend) -> Self {
        // The ended sessions come with the row, in the same statement: the revocation check
        // of every request stays one look-up.
        let joined = match backend {
            Backend::Sqlite => "group_concat(e.session_id, ' ')",
            Backend::Postgres => "string_agg(e.session_id, ' ')",
        };
        let columns = format!(
            "id, username, email, bio, image, password_hash, token_version, kept_token_id, \
             (SELECT {joined} FROM ended_sessions e WHERE e.user_id = users.id) AS ended_sessions"
        );
        Self { pools, columns }
    }
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    email: String,
    bio: Option<String>,
    image: Option<String>,
    password_hash: String,
    token_version: i64,
    kept_token_id: Option<String>,
    /// Session ids separated by spaces (they are UUIDs), or NULL for none.
    ended_sessions: Option<String>,
}

impl TryFrom<UserRow> for User {
    type Error = RepositoryError;

    /// Stored rows went through the same value types on the way in; a row that no longer
    /// parses was changed behind our back, which is a storage fault, not bad input.
    fn try_from(row: UserRow) -> Result<Self, RepositoryError> {
        let owner = format!("user {}", row.id);
        let corrupt = corrupt(&owner);
        Ok(User {
            id: UserId(row.id),
            username: Username::parse(&row.username).map_err(&corrupt)?,
            email: Email::parse(&row.email).map_err(&corrupt)?,
            bio: Bio::parse_optional(row.bio.as_deref()).map_err(&corrupt)?,
            image: ImageUrl::parse_optional(row.image.as_deref()).map_err(&corrupt)?,
            password_hash: PasswordHash::new(row.password_hash),
            token_version: TokenVersion(row.token_version),
            kept_token: row.kept_token_id.map(TokenId),
            ended_sessions: row
                .ended_sessions
                .as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .map(|id| SessionId(id.to_owned()))
                .collect(),
        })
    }
}

type UserQuery<'q> = sqlx::query::QueryAs<'q, sqlx::Any, UserRow, sqlx::any::AnyArguments<'q>>;

async fn one_user(query: UserQuery<'_>, pool: &AnyPool) -> Result<Option<User>, RepositoryError> {
    query
        .fetch_optional(pool)
        .await
        .map_err(repository_error)?
        .map(User::try_from)
        .transpose()
}

#[async_trait]
impl UserRepository for SqlUsers {
    async fn insert(&self, user: NewUser) -> Result<User, RepositoryError> {
        let sql = format!(
            "INSERT INTO users (username, username_canonical, email, password_hash) \
             VALUES ($1, $2, $3, $4) RETURNING {}",
            self.columns
        );
        let query = sqlx::query_as(&sql)
            .bind(user.username.as_str())
            .bind(user.username.canonical().as_str().to_owned())
            .bind(user.email.as_str())
            .bind(user.password_hash.as_str());
        one_user(query, self.pools.writes()).await?.ok_or_else(|| {
            RepositoryError::Unavailable(Cause::new("INSERT … RETURNING returned no row"))
        })
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, RepositoryError> {
        let sql = format!("SELECT {} FROM users WHERE id = $1", self.columns);
        one_user(sqlx::query_as(&sql).bind(id.0), self.pools.reads()).await
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, RepositoryError> {
        let sql = format!("SELECT {} FROM users WHERE email = $1", self.columns);
        one_user(
            sqlx::query_as(&sql).bind(email.as_str()),
            self.pools.reads(),
        )
        .await
    }

    async fn update(&self, id: UserId, changes: UserChanges) -> Result<User, RepositoryError> {
        // One statement whatever the subset of fields: a NULL parameter means "keep", and the
        // nullable columns get an explicit "set it" flag so that clearing them is possible.
        let sql = format!(
            "UPDATE users SET \
               username = COALESCE($1, username), \
               username_canonical = COALESCE($11, username_canonical), \
               email = COALESCE($2, email), \
               bio = CASE WHEN $3 THEN $4 ELSE bio END, \
               image = CASE WHEN $5 THEN $6 ELSE image END, \
               password_hash = COALESCE($7, password_hash), \
               token_version = token_version + $8, \
               kept_token_id = COALESCE($10, kept_token_id) \
             WHERE id = $9 RETURNING {}",
            self.columns
        );
        let query = sqlx::query_as(&sql)
            .bind(
                changes
                    .username
                    .as_ref()
                    .map(|name| name.as_str().to_owned()),
            )
            .bind(
                changes
                    .email
                    .as_ref()
                    .map(|email| email.as_str().to_owned()),
            )
            .bind(changes.bio.is_some())
            .bind(changes.bio.flatten().map(|bio| bio.as_str().to_owned()))
            .bind(changes.image.is_some())
            .bind(
                changes
                    .image
                    .flatten()
                    .map(|image| image.as_str().to_owned()),
            )
            .bind(
                changes
                    .password
                    .as_ref()
                    .map(|password| password.hash.as_str().to_owned()),
            )
            .bind(i64::from(changes.password.is_some()))
            .bind(id.0)
            .bind(changes.password.map(|password| password.kept_token.0))
            .bind(
                changes
                    .username
                    .map(|name| name.canonical().as_str().to_owned()),
            );
        one_user(query, self.pools.writes())
            .await?
            .ok_or(RepositoryError::NotFound)
    }

    async fn end_session(
        &self,
        id: UserId,
        session: EndedSession,
        now: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        let mut transaction = self.pools.write_transaction().await?;
        sqlx::query("DELETE FROM ended_sessions WHERE user_id = $1 AND lasts_until <= $2")
            .bind(id.0)
            .bind(to_micros(now))
            .execute(&mut *transaction)
            .await
            .map_err(repository_error)?;
        // Through the user's row, so that no row is written for a user who is gone; a session
        // already ended (two sign-outs racing) is written again, so that one row counts either
        // way and none means the user is gone.
        let recorded = sqlx::query(
            "INSERT INTO ended_sessions (session_id, user_id, lasts_until) \
             SELECT $1, id, $2 FROM users WHERE id = $3 \
             ON CONFLICT (session_id) DO UPDATE SET lasts_until = excluded.lasts_until",
        )
        .bind(session.id.0)
        .bind(to_micros(session.lasts_until))
        .bind(id.0)
        .execute(&mut *transaction)
        .await
        .map_err(repository_error)?;
        if recorded.rows_affected() == 0 {
            return Err(RepositoryError::NotFound);
        }
        transaction.commit().await.map_err(repository_error)
    }
}

/// Gives the rows written before migration 0004 their canonical username, which SQL cannot
/// compute; runs at start-up, before anything is served, and finds nothing to do after the
/// first. All rows or none: two older rows that turn out to be look-alikes stop start-up,
/// naming the later one, since which of them should keep the name is not the store's to guess.
pub(crate) async fn fill_in_canonical_usernames(
    connection: &mut AnyConnection,
) -> Result<(), StoreError> {
    let fill_in_error = |error| StoreError::FillIn(repository_error(error));
    let unfilled: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, username FROM users WHERE username_canonical IS NULL ORDER BY id",
    )
    .fetch_all(&mut *connection)
    .await
    .map_err(fill_in_error)?;
    if unfilled.is_empty() {
        return Ok(());
    }
    let mut transaction = connection.begin().await.map_err(fill_in_error)?;
    for (id, shown) in unfilled {
        let username = Username::parse(&shown)
            .map_err(corrupt(&format!("user {id}")))
            .map_err(StoreError::FillIn)?;
        sqlx::query("UPDATE users SET username_canonical = $1 WHERE id = $2")
            .bind(username.canonical().as_str().to_owned())
            .bind(id)
            .execute(&mut *transaction)
            .await
            .map_err(|error| match repository_error(error) {
                RepositoryError::Conflict(_) => StoreError::LookAlikeUsernames {
                    id,
                    username: shown,
                },
                other => StoreError::FillIn(other),
            })?;
    }
    transaction.commit().await.map_err(fill_in_error)
}
