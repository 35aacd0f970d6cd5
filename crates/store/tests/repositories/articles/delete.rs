//! Deleting an article, with everything that hangs off it.

use conduit_domain::RepositoryError;
use conduit_domain::articles::{ArticleFilter, ArticleId};
use conduit_domain::comments::NewComment;
use conduit_domain::values::{CommentBody, Page};
use conduit_store::Repositories;

use super::{favorited_by, find, list, tags_in_use};
use crate::fixtures::{article, at, slug, user};

crate::on_every_backend!(
    delete_removes_the_article_with_its_comments_favorites_and_tags,
    delete_of_a_missing_article_is_not_found,
);

async fn delete_removes_the_article_with_its_comments_favorites_and_tags(
    repositories: &Repositories,
) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let doomed = article(repositories, &jake, "doomed", &["gone", "kept"], 0).await;
    let survivor = article(repositories, &jake, "survivor", &["kept"], 1).await;
    for target in [&doomed, &survivor] {
        repositories
            .articles
            .favorite(target.id, anna.id)
            .await
            .unwrap();
        repositories
            .comments
            .insert(NewComment {
                article_id: target.id,
                author_id: anna.id,
                body: CommentBody::parse("Nice").unwrap(),
                created_at: at(2),
            })
            .await
            .unwrap();
    }
    let doomed_comments = repositories.comments.list(doomed.id, None).await.unwrap();

    repositories.articles.delete(doomed.id).await.unwrap();

    assert_eq!(
        repositories
            .articles
            .find_by_slug(&slug("doomed"), None)
            .await,
        Ok(None)
    );
    assert_eq!(
        repositories.comments.list(doomed.id, None).await,
        Ok(vec![])
    );
    assert_eq!(
        repositories
            .comments
            .find(doomed.id, doomed_comments[0].id)
            .await,
        Ok(None)
    );
    assert_eq!(tags_in_use(repositories).await, ["kept"]);
    assert_eq!(
        list(repositories, &favorited_by("anna"), Page::default()).await,
        (vec!["survivor".into()], 1)
    );
    assert_eq!(
        list(repositories, &ArticleFilter::default(), Page::default()).await,
        (vec!["survivor".into()], 1)
    );
    assert_eq!(
        repositories
            .comments
            .list(survivor.id, None)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        find(repositories, "survivor", None).await.favorites_count,
        1
    );
}

async fn delete_of_a_missing_article_is_not_found(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let doomed = article(repositories, &jake, "doomed", &[], 0).await;
    repositories.articles.delete(doomed.id).await.unwrap();
    assert_eq!(
        repositories.articles.delete(doomed.id).await,
        Err(RepositoryError::NotFound)
    );
    assert_eq!(
        repositories.articles.delete(ArticleId(4242)).await,
        Err(RepositoryError::NotFound)
    );
}
