//! Articles: writing, editing and deleting them (authors only), favoriting, the global list
//! with its filters, the personal feed and the tags in use.

mod article;
mod filter;

pub use article::{Article, ArticleChanges, ArticleId, ArticlePage, ArticleUpdate, NewArticle};
pub use filter::ArticleFilter;
