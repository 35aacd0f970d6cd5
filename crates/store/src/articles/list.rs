//! The global list and the feed: one page of articles and the number of matches, in a number
//! of statements that does not grow with the page.

use conduit_domain::articles::{ArticleFilter, ArticlePage};
use conduit_domain::user::UserId;
use conduit_domain::values::Page;
use conduit_domain::{Cause, RepositoryError};
use sqlx::any::AnyArguments;
use sqlx::{AnyPool, Arguments};

use super::rows::{PageRow, article_columns, articles_with_authors, count};
use crate::error::repository_error;

/// Conditions on `articles a`, combined with AND; `$?` marks where each one's parameter goes,
/// since its number depends on the statement it ends up in.
pub(super) struct Conditions(Vec<(&'static str, Param)>);

enum Param {
    Text(String),
    Id(i64),
}

// Each condition is an `IN (subquery)` over an indexed column, so that an unknown tag or user
// simply matches nothing, and usernames compare by their canonical form as the profile
// look-up does.
const WITH_TAG: &str = "a.id IN (SELECT t.article_id FROM article_tags t WHERE t.tag = $?)";
const BY_AUTHOR: &str = "a.author_id IN (SELECT w.id FROM users w WHERE w.username_canonical = $?)";
const FAVORITED_BY: &str = "a.id IN (SELECT fv.article_id FROM favorites fv \
     JOIN users fu ON fu.id = fv.user_id WHERE fu.username_canonical = $?)";
const FOLLOWED_BY: &str =
    "a.author_id IN (SELECT fo.followee_id FROM follows fo WHERE fo.follower_id = $?)";

impl Conditions {
    pub(super) fn matching(filter: &ArticleFilter) -> Self {
        let text = |value: &str| Param::Text(value.to_owned());
        let conditions = [
            filter
                .tag
                .as_ref()
                .map(|tag| (WITH_TAG, text(tag.as_str()))),
            filter
                .author
                .as_ref()
                .map(|author| (BY_AUTHOR, text(author.canonical().as_str()))),
            filter
                .favorited_by
                .as_ref()
                .map(|user| (FAVORITED_BY, text(user.canonical().as_str()))),
        ];
        Self(conditions.into_iter().flatten().collect())
    }

    pub(super) fn feed_of(viewer: UserId) -> Self {
        Self(vec![(FOLLOWED_BY, Param::Id(viewer.0))])
    }

    /// The WHERE clause, numbering parameters from `$first`.
    fn sql(&self, first: usize) -> String {
        let clauses: Vec<String> = self
            .0
            .iter()
            .zip(first..)
            .map(|((clause, _), number)| clause.replace("$?", &format!("${number}")))
            .collect();
        if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        }
    }

    fn bind(&self, arguments: &mut AnyArguments<'_>) -> Result<(), RepositoryError> {
        for (_, param) in &self.0 {
            match param {
                Param::Text(text) => add(arguments, text.clone())?,
                Param::Id(id) => add(arguments, *id)?,
            }
        }
        Ok(())
    }
}

fn add<'q, T>(arguments: &mut AnyArguments<'q>, value: T) -> Result<(), RepositoryError>
where
    T: 'q + sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    arguments
        .add(value)
        .map_err(|error| RepositoryError::Unavailable(Cause::new(error)))
}

/// The page is chosen by ids first (with the count of all matches, taken before LIMIT), and
/// only its rows are joined to authors and favorites: per-article subqueries run for the page,
/// not for every match.
pub(super) async fn page(
    pool: &AnyPool,
    conditions: &Conditions,
    page: Page,
    viewer: Option<UserId>,
) -> Result<ArticlePage, RepositoryError> {
    let sql = format!(
        "WITH listed AS (\
           SELECT a.id, COUNT(*) OVER () AS total FROM articles a{} \
           ORDER BY a.created_at DESC, a.id DESC LIMIT $2 OFFSET $3) \
         SELECT {}, listed.total FROM {} \
           JOIN listed ON listed.id = a.id \
         ORDER BY a.created_at DESC, a.id DESC",
        conditions.sql(4),
        article_columns!(),
        articles_with_authors!(),
    );
    let mut arguments = AnyArguments::default();
    add(&mut arguments, viewer.map(|viewer| viewer.0))?;
    add(&mut arguments, i64::from(page.limit.get()))?;
    add(&mut arguments, i64::from(page.offset.get()))?;
    conditions.bind(&mut arguments)?;
    let rows: Vec<PageRow> = sqlx::query_as_with(&sql, arguments)
        .fetch_all(pool)
        .await
        .map_err(repository_error)?;

    let total = match rows.first() {
        Some(row) => count(row.total)?,
        None if page.offset.get() == 0 => 0,
        // Past the last page there is no row to carry the total.
        None => count_matches(pool, conditions).await?,
    };
    let articles = rows
        .into_iter()
        .map(|row| row.article.try_into())
        .collect::<Result<_, _>>()?;
    Ok(ArticlePage { articles, total })
}

async fn count_matches(pool: &AnyPool, conditions: &Conditions) -> Result<u64, RepositoryError> {
    let sql = format!("SELECT COUNT(*) FROM articles a{}", conditions.sql(1));
    let mut arguments = AnyArguments::default();
    conditions.bind(&mut arguments)?;
    let total: i64 = sqlx::query_scalar_with(&sql, arguments)
        .fetch_one(pool)
        .await
        .map_err(repository_error)?;
    count(total)
}
