//! The tags in use.

use conduit_store::Repositories;

use super::tags_in_use;
use crate::fixtures::{article, user};

crate::on_every_backend!(tags_are_every_tag_in_use_once_most_used_first,);

async fn tags_are_every_tag_in_use_once_most_used_first(repositories: &Repositories) {
    assert!(tags_in_use(repositories).await.is_empty());
    let jake = user(repositories, "jake").await;
    article(repositories, &jake, "one", &["web", "rust"], 0).await;
    let two = article(repositories, &jake, "two", &["rust", "a_b", "a-c"], 1).await;
    article(repositories, &jake, "three", &["b", "ab", "web"], 2).await;

    // Most used first (the UI's "Popular Tags"); ties in code point order on both backends,
    // whatever PostgreSQL's locale would say about punctuation: '-' < '_' < letters.
    assert_eq!(
        tags_in_use(repositories).await,
        ["rust", "web", "a-c", "a_b", "ab", "b"]
    );
    repositories.articles.delete(two.id).await.unwrap();
    assert_eq!(tags_in_use(repositories).await, ["web", "ab", "b", "rust"]);
}
