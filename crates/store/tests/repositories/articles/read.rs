//! Reading one article by its slug, as the viewer sees it.

use conduit_domain::articles::Article;
use conduit_store::Repositories;

use super::find;
use crate::fixtures::{article, slug, user};

crate::on_every_backend!(find_by_slug_answers_for_the_viewer, an_unknown_slug_is_none,);

async fn find_by_slug_answers_for_the_viewer(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let bob = user(repositories, "bob").await;
    let dragons = article(repositories, &jake, "dragons", &[], 0).await;
    repositories
        .profiles
        .follow(anna.id, jake.id)
        .await
        .unwrap();
    repositories
        .articles
        .favorite(dragons.id, anna.id)
        .await
        .unwrap();

    let seen = |article: Article| {
        (
            article.favorited,
            article.author.following,
            article.favorites_count,
        )
    };
    assert_eq!(
        seen(find(repositories, "dragons", Some(anna.id)).await),
        (true, true, 1)
    );
    assert_eq!(
        seen(find(repositories, "dragons", Some(bob.id)).await),
        (false, false, 1)
    );
    assert_eq!(
        seen(find(repositories, "dragons", None).await),
        (false, false, 1)
    );
    assert_eq!(
        seen(find(repositories, "dragons", Some(jake.id)).await),
        (false, false, 1)
    );
}

async fn an_unknown_slug_is_none(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    article(repositories, &jake, "dragons", &[], 0).await;
    // Slugs are compared exactly.
    for unknown in ["dragon", "Dragons", "dragons-"] {
        assert_eq!(
            repositories
                .articles
                .find_by_slug(&slug(unknown), Some(jake.id))
                .await,
            Ok(None),
            "{unknown:?}"
        );
    }
}
