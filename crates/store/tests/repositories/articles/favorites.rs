//! Favoriting and unfavoriting: idempotent, counted exactly, also when concurrent.

use conduit_domain::RepositoryError;
use conduit_domain::articles::ArticleId;
use conduit_domain::user::UserId;
use conduit_store::Repositories;

use super::find;
use crate::fixtures::{article, user};

crate::on_every_backend!(
    favorite_and_unfavorite_are_idempotent_and_counted_exactly,
    fifty_concurrent_favorites_are_all_counted,
    favoriting_a_missing_article_is_not_found,
);

async fn favorite_and_unfavorite_are_idempotent_and_counted_exactly(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let dragons = article(repositories, &jake, "dragons", &[], 0).await;
    let seen = |viewer: UserId| async move {
        let article = find(repositories, "dragons", Some(viewer)).await;
        (article.favorited, article.favorites_count)
    };

    repositories
        .articles
        .favorite(dragons.id, anna.id)
        .await
        .unwrap();
    repositories
        .articles
        .favorite(dragons.id, anna.id)
        .await
        .unwrap();
    assert_eq!(seen(anna.id).await, (true, 1));
    assert_eq!(seen(jake.id).await, (false, 1));

    // Favoriting one's own article is allowed.
    repositories
        .articles
        .favorite(dragons.id, jake.id)
        .await
        .unwrap();
    assert_eq!(seen(jake.id).await, (true, 2));

    repositories
        .articles
        .unfavorite(dragons.id, anna.id)
        .await
        .unwrap();
    repositories
        .articles
        .unfavorite(dragons.id, anna.id)
        .await
        .unwrap();
    assert_eq!(seen(anna.id).await, (false, 1));
    assert_eq!(seen(jake.id).await, (true, 1));
}

async fn fifty_concurrent_favorites_are_all_counted(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let dragons = article(repositories, &jake, "dragons", &[], 0).await;
    let mut fans = Vec::new();
    for n in 0..50 {
        fans.push(user(repositories, &format!("fan{n}")).await);
    }

    // Every fan twice, all at once: the second of each pair must change nothing.
    let favorites = fans
        .iter()
        .chain(&fans)
        .map(|fan| repositories.articles.favorite(dragons.id, fan.id));
    let results = futures::future::join_all(favorites).await;

    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(
        find(repositories, "dragons", None).await.favorites_count,
        50
    );
    let unfavorites = fans
        .iter()
        .take(20)
        .map(|fan| repositories.articles.unfavorite(dragons.id, fan.id));
    let results = futures::future::join_all(unfavorites).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(
        find(repositories, "dragons", None).await.favorites_count,
        30
    );
}

async fn favoriting_a_missing_article_is_not_found(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let doomed = article(repositories, &jake, "doomed", &[], 0).await;
    repositories.articles.delete(doomed.id).await.unwrap();
    for id in [doomed.id, ArticleId(4242)] {
        assert_eq!(
            repositories.articles.favorite(id, jake.id).await,
            Err(RepositoryError::NotFound)
        );
        assert_eq!(
            repositories.articles.unfavorite(id, jake.id).await,
            Err(RepositoryError::NotFound)
        );
    }
}
