//! The global list and the feed: one page of articles and the number of matches, in a number
//! of statements that does not grow with the page.

use conduit_domain::articles::{Article, ArticleFilter, ArticlePage};
use conduit_domain::user::UserId;
use conduit_domain::values::Page;
use conduit_domain::{Cause, RepositoryError};
use sqlx::any::AnyArguments;
use sqlx::{AnyConnection, AnyPool, Arguments, Database, Postgres, Sqlite};

use super::rows::{ARTICLE_FIELDS, ArticleRow, article_columns, articles_with_authors, count};
use crate::error::{corrupt, repository_error};

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
///
/// The database hands the whole page over as one row holding a JSON array of
/// `[position, article]` pairs ([`ArticleRow`]s). Row by row, every value of every row was
/// copied by SQLite, by sqlx and by the `Any` driver, and each row crossed from SQLite's worker
/// thread to the request's task on its own: a third of the instructions of a page that is not
/// kept in memory, and most of the waking of threads (`docs/performance.md`). The pairs are put in order here: ordering them inside the
/// aggregate made SQLite sort the articles' whole text in a temporary b-tree.
pub(super) async fn page(
    pool: &AnyPool,
    conditions: &Conditions,
    page: Page,
    viewer: Option<UserId>,
) -> Result<ArticlePage, RepositoryError> {
    let mut connection = pool.acquire().await.map_err(repository_error)?;
    let json = Json::of(&connection)?;
    let fields: Vec<String> = ARTICLE_FIELDS
        .iter()
        .map(|field| format!("'{field}', p.{field}"))
        .collect();
    let sql = format!(
        "WITH listed AS (\
           SELECT a.id, COUNT(*) OVER () AS total, \
             ROW_NUMBER() OVER (ORDER BY a.created_at DESC, a.id DESC) AS position \
           FROM articles a{} \
           ORDER BY position LIMIT $2 OFFSET $3), \
         p AS (SELECT {}, listed.total, listed.position FROM {} JOIN listed ON listed.id = a.id) \
         SELECT COALESCE(CAST({}({}(p.position, {}({}))) AS TEXT), '[]'), MAX(p.total) \
         FROM p",
        conditions.sql(4),
        article_columns!(),
        articles_with_authors!(),
        json.aggregate,
        json.array,
        json.object,
        fields.join(", "),
    );
    let mut arguments = AnyArguments::default();
    add(&mut arguments, viewer.map(|viewer| viewer.0))?;
    add(&mut arguments, i64::from(page.limit.get()))?;
    add(&mut arguments, i64::from(page.offset.get()))?;
    conditions.bind(&mut arguments)?;
    let (articles, total): (String, Option<i64>) = sqlx::query_as_with(&sql, arguments)
        .fetch_one(&mut *connection)
        .await
        .map_err(repository_error)?;
    let mut rows: Vec<(i64, ArticleRow)> =
        serde_json::from_str(&articles).map_err(corrupt("a page of articles"))?;
    rows.sort_unstable_by_key(|(position, _)| *position);

    let total = match total {
        Some(total) => count(total)?,
        None if page.offset.get() == 0 => 0,
        // Past the last page there is no row to carry the total.
        None => count_matches(&mut connection, conditions).await?,
    };
    let articles = rows
        .into_iter()
        .map(|(_, row)| Article::try_from(row))
        .collect::<Result<_, _>>()?;
    Ok(ArticlePage { articles, total })
}

/// The JSON functions of the connection's database: the same statement in two dialects.
struct Json {
    aggregate: &'static str,
    array: &'static str,
    object: &'static str,
}

impl Json {
    fn of(connection: &AnyConnection) -> Result<Self, RepositoryError> {
        match connection.backend_name() {
            name if name == <Sqlite as Database>::NAME => Ok(Self {
                aggregate: "json_group_array",
                array: "json_array",
                object: "json_object",
            }),
            name if name == <Postgres as Database>::NAME => Ok(Self {
                aggregate: "json_agg",
                array: "json_build_array",
                object: "json_build_object",
            }),
            name => Err(RepositoryError::Unavailable(Cause::new(format!(
                "no JSON functions known for {name}"
            )))),
        }
    }
}

async fn count_matches(
    connection: &mut AnyConnection,
    conditions: &Conditions,
) -> Result<u64, RepositoryError> {
    let sql = format!("SELECT COUNT(*) FROM articles a{}", conditions.sql(1));
    let mut arguments = AnyArguments::default();
    conditions.bind(&mut arguments)?;
    let total: i64 = sqlx::query_scalar_with(&sql, arguments)
        .fetch_one(connection)
        .await
        .map_err(repository_error)?;
    count(total)
}
