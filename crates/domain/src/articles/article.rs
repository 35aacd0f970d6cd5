use chrono::{DateTime, Utc};

use crate::profiles::Profile;
use crate::user::UserId;
use crate::values::{ArticleBody, ArticleTitle, Description, Slug, TagList};

/// Database identity of an article. Clients only ever see the slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub i64);

/// An article as one viewer sees it: `favorited` and `author.following` are about that viewer
/// (false when anonymous).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    pub slug: Slug,
    pub title: ArticleTitle,
    pub description: Description,
    pub body: ArticleBody,
    pub tags: TagList,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub author_id: UserId,
    pub author: Profile,
    pub favorited: bool,
    pub favorites_count: u64,
}

/// What creating an article stores. `created_at` and `updated_at` start equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArticle {
    pub slug: Slug,
    pub title: ArticleTitle,
    pub description: Description,
    pub body: ArticleBody,
    pub tags: TagList,
    pub author_id: UserId,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A partial update as the author asked for it: `None` leaves a field alone; `tags: Some(..)`
/// replaces the whole list (`Some(TagList::default())` removes every tag).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleUpdate {
    pub title: Option<ArticleTitle>,
    pub description: Option<Description>,
    pub body: Option<ArticleBody>,
    pub tags: Option<TagList>,
}

/// A partial update as the repository applies it: the author's [`ArticleUpdate`] plus the new
/// `updated_at`. There is no slug: slugs stay stable when the title changes, so links and
/// bookmarks never break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleChanges {
    pub title: Option<ArticleTitle>,
    pub description: Option<Description>,
    pub body: Option<ArticleBody>,
    pub tags: Option<TagList>,
    pub updated_at: DateTime<Utc>,
}

/// One page of a list, and how many articles match in all (`articlesCount`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticlePage {
    pub articles: Vec<Article>,
    pub total: u64,
}
