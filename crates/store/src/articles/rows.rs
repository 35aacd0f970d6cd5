//! An article row as a viewer sees it, and the SQL that reads it.

use conduit_domain::articles::{Article, ArticleId};
use conduit_domain::user::UserId;
use conduit_domain::values::{ArticleBody, ArticleTitle, Description, Slug, Tag, TagList};
use conduit_domain::{Cause, RepositoryError};

use crate::error::corrupt;
use crate::rows::ProfileColumns;
use crate::time::{from_micros, to_micros};
use serde::{Deserialize, Serialize};

/// The columns of [`ArticleRow`] from `articles a` joined to its author `u`; `$1` is the viewer
/// (NULL for nobody), for `favorited` and the author's `following`, which nobody's page does
/// not look up.
macro_rules! article_columns {
    () => {
        concat!(
            "a.id, a.slug, a.title, a.description, a.body, a.tag_list, a.created_at, \
             a.updated_at, a.author_id, ",
            $crate::rows::profile_columns!(),
            ", CASE WHEN $1 IS NULL THEN 0 \
                    ELSE CAST(EXISTS (SELECT 1 FROM favorites v \
                                      WHERE v.user_id = $1 AND v.article_id = a.id) AS INTEGER) \
                 END AS favorited, \
               (SELECT COUNT(*) FROM favorites n WHERE n.article_id = a.id) AS favorites_count"
        )
    };
}
pub(super) use article_columns;

/// The tables [`article_columns`] reads.
macro_rules! articles_with_authors {
    () => {
        "articles a JOIN users u ON u.id = a.author_id"
    };
}
pub(super) use articles_with_authors;

/// The names of [`ArticleRow`]'s fields, which [`article_columns`] gives its columns: a page of
/// articles arrives as a JSON array of objects with these keys (`list.rs`).
pub(super) const ARTICLE_FIELDS: [&str; 15] = [
    "id",
    "slug",
    "title",
    "description",
    "body",
    "tag_list",
    "created_at",
    "updated_at",
    "author_id",
    "profile_username",
    "profile_bio",
    "profile_image",
    "profile_following",
    "favorited",
    "favorites_count",
];

/// Also the form an article travels in between instances (see `events`) and the form of a page's
/// rows (see [`ARTICLE_FIELDS`]).
#[derive(sqlx::FromRow, Serialize, Deserialize)]
pub(crate) struct ArticleRow {
    id: i64,
    slug: String,
    title: String,
    description: String,
    body: String,
    tag_list: String,
    created_at: i64,
    updated_at: i64,
    author_id: i64,
    #[sqlx(flatten)]
    #[serde(flatten)]
    author: ProfileColumns,
    favorited: i64,
    favorites_count: i64,
}

impl TryFrom<ArticleRow> for Article {
    type Error = RepositoryError;

    fn try_from(row: ArticleRow) -> Result<Self, RepositoryError> {
        let owner = format!("article {}", row.id);
        let tags: Vec<String> = serde_json::from_str(&row.tag_list).map_err(corrupt(&owner))?;
        let corrupt = corrupt(&owner);
        Ok(Article {
            id: ArticleId(row.id),
            slug: Slug::parse(&row.slug).map_err(&corrupt)?,
            title: ArticleTitle::parse(&row.title).map_err(&corrupt)?,
            description: Description::parse(&row.description).map_err(&corrupt)?,
            body: ArticleBody::parse(&row.body).map_err(&corrupt)?,
            tags: TagList::parse(&tags).map_err(&corrupt)?,
            created_at: from_micros(row.created_at)?,
            updated_at: from_micros(row.updated_at)?,
            author_id: UserId(row.author_id),
            author: row.author.into_profile(&owner)?,
            favorited: row.favorited != 0,
            favorites_count: count(row.favorites_count)?,
        })
    }
}

impl ArticleRow {
    pub(crate) fn of(article: &Article) -> Result<Self, RepositoryError> {
        Ok(Self {
            id: article.id.0,
            slug: article.slug.as_str().to_owned(),
            title: article.title.as_str().to_owned(),
            description: article.description.as_str().to_owned(),
            body: article.body.as_str().to_owned(),
            tag_list: tag_list_json(&article.tags)?,
            created_at: to_micros(article.created_at),
            updated_at: to_micros(article.updated_at),
            author_id: article.author_id.0,
            author: ProfileColumns::from(&article.author),
            favorited: i64::from(article.favorited),
            favorites_count: i64::try_from(article.favorites_count).unwrap_or(i64::MAX),
        })
    }
}

pub(super) fn count(value: i64) -> Result<u64, RepositoryError> {
    u64::try_from(value)
        .map_err(|_| RepositoryError::Unavailable(Cause::new(format!("negative count {value}"))))
}

/// The `tag_list` column: the tags as a JSON array, in the author's order.
pub(super) fn tag_list_json(tags: &TagList) -> Result<String, RepositoryError> {
    let tags: Vec<&str> = tags.as_slice().iter().map(Tag::as_str).collect();
    serde_json::to_string(&tags).map_err(|error| RepositoryError::Unavailable(Cause::new(error)))
}
