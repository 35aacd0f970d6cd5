use async_trait::async_trait;
use conduit_domain::RepositoryError;
use conduit_domain::articles::ArticleId;
use conduit_domain::comments::{Comment, CommentId, NewComment};
use conduit_domain::ports::CommentRepository;
use conduit_domain::user::UserId;
use conduit_domain::values::CommentBody;

use crate::error::{corrupt, repository_error};
use crate::pools::Pools;
use crate::rows::{ProfileColumns, delete_by_id};
use crate::time::{from_micros, to_micros};

pub(crate) struct SqlComments {
    pools: Pools,
}

impl SqlComments {
    pub(crate) fn new(pools: Pools) -> Self {
        Self { pools }
    }
}

/// Comments of article `$2` with their authors as viewer `$1` sees them.
macro_rules! of_article {
    () => {
        concat!(
            "SELECT c.id, c.body, c.created_at, c.updated_at, c.author_id, ",
            $crate::rows::profile_columns!(),
            " FROM comments c JOIN users u ON u.id = c.author_id WHERE c.article_id = $2"
        )
    };
}

/// Ids grow with insertion, so they order comments oldest first even within one microsecond.
const LIST: &str = concat!(of_article!(), " ORDER BY c.id");
/// Comment `$3`, if it is one of article `$2`'s.
const ONE: &str = concat!(of_article!(), " AND c.id = $3");

/// Also the form a comment travels in between instances (see `events`).
#[derive(sqlx::FromRow, serde::Serialize, serde::Deserialize)]
pub(crate) struct CommentRow {
    id: i64,
    body: String,
    created_at: i64,
    updated_at: i64,
    author_id: i64,
    #[sqlx(flatten)]
    #[serde(flatten)]
    author: ProfileColumns,
}

impl From<&Comment> for CommentRow {
    fn from(comment: &Comment) -> Self {
        Self {
            id: comment.id.0,
            body: comment.body.as_str().to_owned(),
            created_at: to_micros(comment.created_at),
            updated_at: to_micros(comment.updated_at),
            author_id: comment.author_id.0,
            author: ProfileColumns::from(&comment.author),
        }
    }
}

impl TryFrom<CommentRow> for Comment {
    type Error = RepositoryError;

    fn try_from(row: CommentRow) -> Result<Self, RepositoryError> {
        let owner = format!("comment {}", row.id);
        Ok(Comment {
            id: CommentId(row.id),
            body: CommentBody::parse(&row.body).map_err(corrupt(&owner))?,
            created_at: from_micros(row.created_at)?,
            updated_at: from_micros(row.updated_at)?,
            author_id: UserId(row.author_id),
            author: row.author.into_profile(&owner)?,
        })
    }
}

#[async_trait]
impl CommentRepository for SqlComments {
    async fn insert(&self, comment: NewComment) -> Result<Comment, RepositoryError> {
        let body = comment.body.as_str();
        // One transaction, starting with the write, so that the comment read back is the one
        // just stored even if someone deletes it at once.
        let mut transaction = self.pools.write_transaction().await?;
        // A missing article (or author) fails the foreign key: `NotFound`.
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (article_id, author_id, body, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(comment.article_id.0)
        .bind(comment.author_id.0)
        .bind(body)
        .bind(to_micros(comment.created_at))
        .fetch_one(&mut *transaction)
        .await
        .map_err(repository_error)?;
        let row: CommentRow = sqlx::query_as(ONE)
            .bind(Some(comment.author_id.0))
            .bind(comment.article_id.0)
            .bind(id)
            .fetch_one(&mut *transaction)
            .await
            .map_err(repository_error)?;
        transaction.commit().await.map_err(repository_error)?;
        row.try_into()
    }

    async fn list(
        &self,
        article: ArticleId,
        viewer: Option<UserId>,
    ) -> Result<Vec<Comment>, RepositoryError> {
        let rows: Vec<CommentRow> = sqlx::query_as(LIST)
            .bind(viewer.map(|viewer| viewer.0))
            .bind(article.0)
            .fetch_all(self.pools.reads())
            .await
            .map_err(repository_error)?;
        rows.into_iter().map(Comment::try_from).collect()
    }

    async fn find(
        &self,
        article: ArticleId,
        id: CommentId,
    ) -> Result<Option<Comment>, RepositoryError> {
        // Callers look comments up to check who wrote them: nobody is viewing.
        let row: Option<CommentRow> = sqlx::query_as(ONE)
            .bind(None::<i64>)
            .bind(article.0)
            .bind(id.0)
            .fetch_optional(self.pools.reads())
            .await
            .map_err(repository_error)?;
        row.map(Comment::try_from).transpose()
    }

    async fn delete(&self, id: CommentId) -> Result<(), RepositoryError> {
        delete_by_id(
            self.pools.writes(),
            "DELETE FROM comments WHERE id = $1",
            id.0,
        )
        .await
    }
}
