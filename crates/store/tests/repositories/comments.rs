//! The comment repository's contract.

use conduit_domain::RepositoryError;
use conduit_domain::articles::{Article, ArticleId};
use conduit_domain::comments::{Comment, CommentId, NewComment};
use conduit_domain::profiles::Profile;
use conduit_domain::user::{User, UserId};
use conduit_domain::values::CommentBody;
use conduit_store::Repositories;

use crate::fixtures::{article, at, user};

crate::on_every_backend!(
    insert_returns_the_comment_as_its_author_sees_it,
    comments_are_listed_oldest_first_as_the_viewer_sees_them,
    a_comment_is_listed_once_however_many_follow_its_author,
    an_article_without_comments_lists_none,
    a_comment_is_found_only_through_its_own_article,
    delete_removes_only_that_comment,
    commenting_a_missing_article_is_not_found,
);

fn new_comment(article: &Article, author: &User, body: &str, seconds: i64) -> NewComment {
    NewComment {
        article_id: article.id,
        author_id: author.id,
        body: CommentBody::parse(body).unwrap(),
        created_at: at(seconds),
    }
}

async fn comment(
    repositories: &Repositories,
    article: &Article,
    author: &User,
    body: &str,
    seconds: i64,
) -> Comment {
    repositories
        .comments
        .insert(new_comment(article, author, body, seconds))
        .await
        .unwrap()
}

fn bodies(comments: &[Comment]) -> Vec<&str> {
    comments
        .iter()
        .map(|comment| comment.body.as_str())
        .collect()
}

async fn insert_returns_the_comment_as_its_author_sees_it(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let dragons = article(repositories, &jake, "dragons", &[], 0).await;
    // Anna follows jake, not herself: as she sees her own comment, `following` is false.
    repositories
        .profiles
        .follow(anna.id, jake.id)
        .await
        .unwrap();

    let stored = comment(repositories, &dragons, &anna, "Thank you so much!", 7).await;

    assert_eq!(
        stored,
        Comment {
            id: stored.id,
            body: CommentBody::parse("Thank you so much!").unwrap(),
            created_at: at(7),
            updated_at: at(7),
            author_id: anna.id,
            author: Profile {
                username: anna.username.clone(),
                bio: None,
                image: None,
                following: false,
            },
        }
    );
    let second = comment(repositories, &dragons, &anna, "Again", 8).await;
    assert!(second.id > stored.id);
}

async fn comments_are_listed_oldest_first_as_the_viewer_sees_them(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let bob = user(repositories, "bob").await;
    let dragons = article(repositories, &jake, "dragons", &[], 0).await;
    let other = article(repositories, &jake, "other", &[], 0).await;
    // Same timestamp for the first two: insertion order still decides.
    comment(repositories, &dragons, &anna, "first", 5).await;
    comment(repositories, &other, &anna, "elsewhere", 5).await;
    comment(repositories, &dragons, &jake, "second", 5).await;
    comment(repositories, &dragons, &bob, "third", 6).await;
    repositories.profiles.follow(bob.id, anna.id).await.unwrap();

    let as_bob = repositories
        .comments
        .list(dragons.id, Some(bob.id))
        .await
        .unwrap();
    assert_eq!(bodies(&as_bob), ["first", "second", "third"]);
    let seen: Vec<(&str, bool)> = as_bob
        .iter()
        .map(|comment| (comment.author.username.as_str(), comment.author.following))
        .collect();
    assert_eq!(seen, [("anna", true), ("jake", false), ("bob", false)]);

    let anonymous = repositories.comments.list(dragons.id, None).await.unwrap();
    assert_eq!(bodies(&anonymous), ["first", "second", "third"]);
    assert!(anonymous.iter().all(|comment| !comment.author.following));
}

async fn a_comment_is_listed_once_however_many_follow_its_author(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let bob = user(repositories, "bob").await;
    let dragons = article(repositories, &jake, "dragons", &[], 0).await;
    comment(repositories, &dragons, &anna, "only once", 5).await;
    for follower in [&jake, &bob] {
        repositories
            .profiles
            .follow(follower.id, anna.id)
            .await
            .unwrap();
    }

    for viewer in [None, Some(bob.id)] {
        let listed = repositories
            .comments
            .list(dragons.id, viewer)
            .await
            .unwrap();
        assert_eq!(bodies(&listed), ["only once"], "as {viewer:?}");
    }
}

async fn an_article_without_comments_lists_none(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let dragons = article(repositories, &jake, "dragons", &[], 0).await;
    assert_eq!(
        repositories.comments.list(dragons.id, Some(jake.id)).await,
        Ok(vec![])
    );
    assert_eq!(
        repositories.comments.list(ArticleId(4242), None).await,
        Ok(vec![])
    );
}

async fn a_comment_is_found_only_through_its_own_article(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let dragons = article(repositories, &jake, "dragons", &[], 0).await;
    let other = article(repositories, &jake, "other", &[], 1).await;
    repositories
        .profiles
        .follow(jake.id, anna.id)
        .await
        .unwrap();
    let stored = comment(repositories, &dragons, &anna, "Nice", 2).await;

    assert_eq!(
        repositories.comments.find(dragons.id, stored.id).await,
        Ok(Some(stored.clone()))
    );
    assert_eq!(
        repositories.comments.find(other.id, stored.id).await,
        Ok(None)
    );
    assert_eq!(
        repositories
            .comments
            .find(dragons.id, CommentId(stored.id.0 + 1000))
            .await,
        Ok(None)
    );
}

async fn delete_removes_only_that_comment(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let dragons = article(repositories, &jake, "dragons", &[], 0).await;
    let first = comment(repositories, &dragons, &jake, "first", 1).await;
    let second = comment(repositories, &dragons, &jake, "second", 2).await;
    let third = comment(repositories, &dragons, &jake, "third", 3).await;

    repositories.comments.delete(second.id).await.unwrap();

    assert_eq!(
        repositories.comments.list(dragons.id, None).await,
        Ok(vec![first, third])
    );
    assert_eq!(
        repositories.comments.find(dragons.id, second.id).await,
        Ok(None)
    );
    assert_eq!(
        repositories.comments.delete(second.id).await,
        Err(RepositoryError::NotFound)
    );
    assert_eq!(
        repositories.comments.delete(CommentId(4242)).await,
        Err(RepositoryError::NotFound)
    );
}

async fn commenting_a_missing_article_is_not_found(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let doomed = article(repositories, &jake, "doomed", &[], 0).await;
    repositories.articles.delete(doomed.id).await.unwrap();

    assert_eq!(
        repositories
            .comments
            .insert(new_comment(&doomed, &jake, "Too late", 1))
            .await,
        Err(RepositoryError::NotFound)
    );
    let living = article(repositories, &jake, "living", &[], 2).await;
    let mut ghost = new_comment(&living, &jake, "Boo", 3);
    ghost.author_id = UserId(4242);
    assert_eq!(
        repositories.comments.insert(ghost).await,
        Err(RepositoryError::NotFound)
    );
    assert_eq!(
        repositories.comments.list(living.id, None).await,
        Ok(vec![])
    );
}
