use chrono::{DateTime, Utc};

use crate::articles::ArticleId;
use crate::profiles::Profile;
use crate::user::UserId;
use crate::values::CommentBody;

/// Database identity of a comment; clients see it as the JSON integer `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommentId(pub i64);

/// A comment as one viewer sees it (`author.following` is about that viewer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: CommentId,
    pub body: CommentBody,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub author_id: UserId,
    pub author: Profile,
}

/// What adding a comment stores. Comments cannot be edited, so `updated_at` equals
/// `created_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub article_id: ArticleId,
    pub author_id: UserId,
    pub body: CommentBody,
    pub created_at: DateTime<Utc>,
}
