//! The feed: articles by the authors the reader follows.

use conduit_domain::values::Page;
use conduit_store::Repositories;

use crate::fixtures::{article, page, slugs, user};

crate::on_every_backend!(
    the_feed_holds_only_followed_authors_newest_first,
    the_feed_of_someone_following_nobody_is_empty,
);

async fn the_feed_holds_only_followed_authors_newest_first(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let bob = user(repositories, "bob").await;
    let carol = user(repositories, "carol").await;
    article(repositories, &jake, "j1", &[], 0).await;
    article(repositories, &anna, "a1", &[], 1).await;
    article(repositories, &bob, "b1", &[], 2).await;
    article(repositories, &jake, "j2", &[], 3).await;
    article(repositories, &carol, "c1", &[], 4).await;
    repositories
        .profiles
        .follow(carol.id, jake.id)
        .await
        .unwrap();
    repositories
        .profiles
        .follow(carol.id, anna.id)
        .await
        .unwrap();
    repositories
        .profiles
        .follow(bob.id, carol.id)
        .await
        .unwrap();

    let feed = repositories
        .articles
        .feed(carol.id, Page::default())
        .await
        .unwrap();
    assert_eq!(slugs(&feed), (vec!["j2", "a1", "j1"], 3));
    assert!(feed.articles.iter().all(|article| article.author.following));

    let second = repositories
        .articles
        .feed(carol.id, page(1, 1))
        .await
        .unwrap();
    assert_eq!(slugs(&second), (vec!["a1"], 3));
    let past = repositories
        .articles
        .feed(carol.id, page(2, 3))
        .await
        .unwrap();
    assert_eq!(slugs(&past), (vec![], 3));

    repositories
        .profiles
        .unfollow(carol.id, anna.id)
        .await
        .unwrap();
    let feed = repositories
        .articles
        .feed(carol.id, Page::default())
        .await
        .unwrap();
    assert_eq!(slugs(&feed), (vec!["j2", "j1"], 2));
}

async fn the_feed_of_someone_following_nobody_is_empty(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    article(repositories, &jake, "j1", &[], 0).await;
    article(repositories, &anna, "a1", &[], 1).await;
    for offset in [0, 1] {
        let feed = repositories
            .articles
            .feed(anna.id, page(20, offset))
            .await
            .unwrap();
        assert_eq!(
            slugs(&feed),
            (vec![], 0),
            "own articles are not in the feed"
        );
    }
}
