//! What happened, for whoever is watching live. Services publish these through the
//! `EventPublisher` port after a write has succeeded; they never learn who receives them, or
//! how (WebSockets on this instance, PostgreSQL NOTIFY to the others).

use crate::articles::Article;
use crate::comments::{Comment, CommentId};
use crate::user::UserId;
use crate::values::Slug;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainEvent {
    CommentAdded {
        article: Slug,
        comment: Comment,
    },
    CommentDeleted {
        article: Slug,
        comment: CommentId,
    },
    /// A new article, for the readers who follow its author.
    ArticlePublished {
        article: Article,
        followers: Vec<UserId>,
    },
}
