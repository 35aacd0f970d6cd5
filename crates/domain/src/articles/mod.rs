//! Articles: writing, editing and deleting them (authors only), favoriting, the global list
//! with its filters, the personal feed and the tags in use.

mod article;
mod filter;
mod service;

pub use article::{Article, ArticleChanges, ArticleId, ArticlePage, ArticleUpdate, NewArticle};
pub use filter::ArticleFilter;
pub use service::{ArticleDraft, ArticlePorts, ArticleService};

#[cfg(test)]
mod tests;
