//! The JSON shapes of the contract's responses, built from domain entities.

use chrono::{DateTime, SecondsFormat, Utc};
use conduit_domain::articles::Article;
use conduit_domain::comments::Comment;
use conduit_domain::profiles::Profile;
use serde::Serialize;
use utoipa::ToSchema;

use crate::markdown;

/// RFC 3339 in UTC with milliseconds, like the reference (`2016-02-18T03:22:56.637Z`); the same
/// instant always gives the same bytes. chrono's RFC 3339 writer, not a format string: a page of
/// 20 articles has 40 timestamps, and interpreting `%Y-%m-%d…` took a tenth of its time.
pub fn timestamp(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// What anyone may see of a user; `following` is false for anonymous viewers.
#[derive(Serialize, ToSchema)]
#[schema(as = Profile)]
pub struct ProfileView {
    username: String,
    bio: Option<String>,
    image: Option<String>,
    following: bool,
}

impl From<Profile> for ProfileView {
    fn from(profile: Profile) -> Self {
        Self {
            username: profile.username.into(),
            bio: profile.bio.map(String::from),
            image: profile.image.map(String::from),
            following: profile.following,
        }
    }
}

/// An article as lists show it: everything but the body. Times are RFC 3339 UTC with milliseconds.
#[derive(Serialize, ToSchema)]
#[schema(as = ArticleSummary)]
#[serde(rename_all = "camelCase")]
pub struct ArticleSummaryView {
    slug: String,
    title: String,
    description: String,
    tag_list: Vec<String>,
    created_at: String,
    updated_at: String,
    favorited: bool,
    favorites_count: u64,
    author: ProfileView,
}

/// A single article: the summary, the Markdown body, and that body rendered to safe HTML.
#[derive(Serialize, ToSchema)]
#[schema(as = Article)]
#[serde(rename_all = "camelCase")]
pub struct ArticleView {
    #[serde(flatten)]
    summary: ArticleSummaryView,
    body: String,
    body_html: String,
}

/// The article's text is moved into the view, not copied: a page of 20 articles copied some
/// 180 strings (the summaries' bodies among them) only to drop the originals.
fn split(article: Article) -> (ArticleSummaryView, String) {
    let summary = ArticleSummaryView {
        slug: article.slug.into(),
        title: article.title.into(),
        description: article.description.into(),
        tag_list: article
            .tags
            .into_vec()
            .into_iter()
            .map(String::from)
            .collect(),
        created_at: timestamp(article.created_at),
        updated_at: timestamp(article.updated_at),
        favorited: article.favorited,
        favorites_count: article.favorites_count,
        author: article.author.into(),
    };
    (summary, article.body.into())
}

impl From<Article> for ArticleSummaryView {
    fn from(article: Article) -> Self {
        split(article).0
    }
}

impl From<Article> for ArticleView {
    fn from(article: Article) -> Self {
        let (summary, body) = split(article);
        let body_html = markdown::to_safe_html(&body);
        Self {
            summary,
            body,
            body_html,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = Comment)]
#[serde(rename_all = "camelCase")]
pub struct CommentView {
    id: i64,
    created_at: String,
    updated_at: String,
    body: String,
    author: ProfileView,
}

impl From<Comment> for CommentView {
    fn from(comment: Comment) -> Self {
        Self {
            id: comment.id.0,
            created_at: timestamp(comment.created_at),
            updated_at: timestamp(comment.updated_at),
            body: comment.body.as_str().to_owned(),
            author: comment.author.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn timestamps_have_milliseconds_and_a_z() {
        let instant = Utc.timestamp_micros(1_455_765_776_637_123).unwrap();
        assert_eq!(timestamp(instant), "2016-02-18T03:22:56.637Z");
    }

    proptest! {
        /// The RFC 3339 writer gives the bytes of the documented format for every instant of
        /// years 1970–9999 (the clock's), milliseconds truncated, never rounded.
        #[test]
        fn timestamps_are_the_documented_format(micros in 0_i64..253_402_300_799_999_999) {
            let instant = Utc.timestamp_micros(micros).unwrap();
            prop_assert_eq!(
                timestamp(instant),
                instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
            );
        }
    }
}
