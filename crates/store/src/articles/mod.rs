mod list;
mod rows;

use async_trait::async_trait;
use conduit_domain::articles::{
    Article, ArticleChanges, ArticleFilter, ArticleId, ArticlePage, NewArticle,
};
use conduit_domain::ports::ArticleRepository;
use conduit_domain::user::UserId;
use conduit_domain::values::{Page, Slug, Tag, TagList};
use conduit_domain::{Cause, RepositoryError};
use sqlx::{Any, AnyConnection, Executor};

use self::list::Conditions;
pub(crate) use self::rows::ArticleRow;
use self::rows::{article_columns, articles_with_authors, tag_list_json};
use crate::error::{corrupt, repository_error};
use crate::pools::Pools;
use crate::rows::delete_by_id;
use crate::time::to_micros;

pub(crate) struct SqlArticles {
    pools: Pools,
}

impl SqlArticles {
    pub(crate) fn new(pools: Pools) -> Self {
        Self { pools }
    }
}

const BY_ID: &str = concat!(
    "SELECT ",
    article_columns!(),
    " FROM ",
    articles_with_authors!(),
    " WHERE a.id = $2"
);
const BY_SLUG: &str = concat!(
    "SELECT ",
    article_columns!(),
    " FROM ",
    articles_with_authors!(),
    " WHERE a.slug = $2"
);

/// Reads one article as `viewer` sees it; inside a write's transaction, the write included.
async fn article_by_id<'e, E>(
    executor: E,
    id: i64,
    viewer: Option<UserId>,
) -> Result<Option<Article>, RepositoryError>
where
    E: Executor<'e, Database = Any>,
{
    let row: Option<ArticleRow> = sqlx::query_as(BY_ID)
        .bind(viewer.map(|viewer| viewer.0))
        .bind(id)
        .fetch_optional(executor)
        .await
        .map_err(repository_error)?;
    row.map(Article::try_from).transpose()
}

/// Adds the `article_tags` rows of `tags` in one statement, whatever their number.
async fn insert_tags(
    connection: &mut AnyConnection,
    article: i64,
    tags: &TagList,
) -> Result<(), RepositoryError> {
    if tags.is_empty() {
        return Ok(());
    }
    let values: Vec<String> = (2..tags.as_slice().len() + 2)
        .map(|number| format!("($1, ${number})"))
        .collect();
    let sql = format!(
        "INSERT INTO article_tags (article_id, tag) VALUES {}",
        values.join(", ")
    );
    let query = tags
        .as_slice()
        .iter()
        .fold(sqlx::query(&sql).bind(article), |query, tag| {
            query.bind(tag.as_str())
        });
    query.execute(connection).await.map_err(repository_error)?;
    Ok(())
}

fn vanished() -> RepositoryError {
    RepositoryError::Unavailable(Cause::new(
        "a row written in this transaction could not be read",
    ))
}

#[async_trait]
impl ArticleRepository for SqlArticles {
    async fn insert(&self, article: NewArticle) -> Result<Article, RepositoryError> {
        let slug = article.slug.as_str();
        let title = article.title.as_str();
        let description = article.description.as_str();
        let body = article.body.as_str();
        let tag_list = tag_list_json(&article.tags)?;

        // Every transaction here starts with a write, so that on SQLite it takes the write lock
        // at once (waiting for it) instead of failing to upgrade a read lock later.
        let mut transaction = self.pools.write_transaction().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO articles \
               (slug, title, description, body, tag_list, author_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(slug)
        .bind(title)
        .bind(description)
        .bind(body)
        .bind(tag_list)
        .bind(article.author_id.0)
        .bind(to_micros(article.created_at))
        .bind(to_micros(article.updated_at))
        .fetch_one(&mut *transaction)
        .await
        .map_err(repository_error)?;
        insert_tags(&mut transaction, id, &article.tags).await?;
        let stored = article_by_id(&mut *transaction, id, Some(article.author_id))
            .await?
            .ok_or_else(vanished)?;
        transaction.commit().await.map_err(repository_error)?;
        Ok(stored)
    }

    async fn find_by_slug(
        &self,
        slug: &Slug,
        viewer: Option<UserId>,
    ) -> Result<Option<Article>, RepositoryError> {
        let row: Option<ArticleRow> = sqlx::query_as(BY_SLUG)
            .bind(viewer.map(|viewer| viewer.0))
            .bind(slug.as_str())
            .fetch_optional(self.pools.reads())
            .await
            .map_err(repository_error)?;
        row.map(Article::try_from).transpose()
    }

    async fn list(
        &self,
        filter: &ArticleFilter,
        page: Page,
        viewer: Option<UserId>,
    ) -> Result<ArticlePage, RepositoryError> {
        list::page(
            self.pools.reads(),
            &Conditions::matching(filter),
            page,
            viewer,
        )
        .await
    }

    async fn feed(&self, viewer: UserId, page: Page) -> Result<ArticlePage, RepositoryError> {
        list::page(
            self.pools.reads(),
            &Conditions::feed_of(viewer),
            page,
            Some(viewer),
        )
        .await
    }

    async fn update(
        &self,
        id: ArticleId,
        changes: ArticleChanges,
        viewer: UserId,
    ) -> Result<Article, RepositoryError> {
        // A field left alone (`None`) is bound as NULL, which the UPDATE reads as "keep".
        let title = changes
            .title
            .as_ref()
            .map(|title| title.as_str().to_owned());
        let description = changes
            .description
            .as_ref()
            .map(|text| text.as_str().to_owned());
        let body = changes.body.as_ref().map(|body| body.as_str().to_owned());
        let tag_list = changes.tags.as_ref().map(tag_list_json).transpose()?;

        let mut transaction = self.pools.write_transaction().await?;
        // A NULL parameter keeps the column; `created_at` is never written.
        let updated: Option<i64> = sqlx::query_scalar(
            "UPDATE articles SET \
               title = COALESCE($1, title), \
               description = COALESCE($2, description), \
               body = COALESCE($3, body), \
               tag_list = COALESCE($4, tag_list), \
               updated_at = $5 \
             WHERE id = $6 RETURNING id",
        )
        .bind(title)
        .bind(description)
        .bind(body)
        .bind(tag_list)
        .bind(to_micros(changes.updated_at))
        .bind(id.0)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(repository_error)?;
        if updated.is_none() {
            return Err(RepositoryError::NotFound);
        }
        if let Some(tags) = &changes.tags {
            sqlx::query("DELETE FROM article_tags WHERE article_id = $1")
                .bind(id.0)
                .execute(&mut *transaction)
                .await
                .map_err(repository_error)?;
            insert_tags(&mut transaction, id.0, tags).await?;
        }
        let stored = article_by_id(&mut *transaction, id.0, Some(viewer))
            .await?
            .ok_or_else(vanished)?;
        transaction.commit().await.map_err(repository_error)?;
        Ok(stored)
    }

    async fn delete(&self, id: ArticleId) -> Result<(), RepositoryError> {
        // Tag links, comments and favorites go with it: ON DELETE CASCADE.
        delete_by_id(
            self.pools.writes(),
            "DELETE FROM articles WHERE id = $1",
            id.0,
        )
        .await
    }

    async fn favorite(&self, id: ArticleId, user: UserId) -> Result<(), RepositoryError> {
        // The primary key makes a second favorite a no-op, and concurrent ones exact; a missing
        // article fails the foreign key, which `repository_error` reports as `NotFound`.
        sqlx::query(
            "INSERT INTO favorites (user_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(user.0)
        .bind(id.0)
        .execute(self.pools.writes())
        .await
        .map_err(repository_error)?;
        Ok(())
    }

    async fn unfavorite(&self, id: ArticleId, user: UserId) -> Result<(), RepositoryError> {
        let deleted = sqlx::query("DELETE FROM favorites WHERE user_id = $1 AND article_id = $2")
            .bind(user.0)
            .bind(id.0)
            .execute(self.pools.writes())
            .await
            .map_err(repository_error)?;
        // Nothing deleted is either "was not a favorite" (fine) or "no such article".
        if deleted.rows_affected() == 0 {
            let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles WHERE id = $1")
                .bind(id.0)
                .fetch_one(self.pools.reads())
                .await
                .map_err(repository_error)?;
            if exists == 0 {
                return Err(RepositoryError::NotFound);
            }
        }
        Ok(())
    }

    async fn tags(&self) -> Result<Vec<Tag>, RepositoryError> {
        // Links go with their article, so every tag listed is in use.
        let tags: Vec<String> = sqlx::query_scalar(
            "SELECT tag FROM article_tags GROUP BY tag ORDER BY COUNT(*) DESC, tag",
        )
        .fetch_all(self.pools.reads())
        .await
        .map_err(repository_error)?;
        tags.iter()
            .map(|tag| Tag::parse(tag).map_err(corrupt("article_tags")))
            .collect()
    }
}
