//! Updating an article: partial changes, tags, the viewer's view and concurrent writes.

use conduit_domain::RepositoryError;
use conduit_domain::articles::{Article, ArticleId};
use conduit_domain::values::{ArticleBody, ArticleTitle, Description, Page};
use conduit_store::Repositories;

use super::{changes, find, list, tagged, tags_in_use};
use crate::fixtures::{article, at, new_article, page, tag_list, tag_names, user};

crate::on_every_backend!(
    update_changes_only_what_it_is_given,
    update_replaces_clears_or_keeps_the_tags,
    update_returns_the_article_as_the_viewer_sees_it,
    update_of_a_missing_article_is_not_found,
    concurrent_writes_of_articles_and_tags_all_land,
);

async fn update_changes_only_what_it_is_given(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let original = article(repositories, &jake, "dragons", &["a", "b"], 0).await;

    let mut retitle = changes(60);
    retitle.title = Some(ArticleTitle::parse("How to train your dragon").unwrap());
    let retitled = repositories
        .articles
        .update(original.id, retitle, jake.id)
        .await
        .unwrap();
    assert_eq!(
        retitled,
        Article {
            title: ArticleTitle::parse("How to train your dragon").unwrap(),
            updated_at: at(60),
            ..original.clone()
        },
        "slug, description, body, tags and createdAt stay"
    );

    let mut rewrite = changes(120);
    rewrite.description = Some(Description::parse("Ever wonder how?").unwrap());
    rewrite.body = Some(ArticleBody::parse("    It takes a Jacobian\n").unwrap());
    let rewritten = repositories
        .articles
        .update(original.id, rewrite, jake.id)
        .await
        .unwrap();
    assert_eq!(
        rewritten,
        Article {
            description: Description::parse("Ever wonder how?").unwrap(),
            body: ArticleBody::parse("    It takes a Jacobian\n").unwrap(),
            updated_at: at(120),
            ..retitled
        }
    );
    assert_eq!(
        find(repositories, "dragons", Some(jake.id)).await,
        rewritten
    );
}

async fn update_replaces_clears_or_keeps_the_tags(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let original = article(repositories, &jake, "dragons", &["old", "shared"], 0).await;
    article(repositories, &jake, "other", &["shared"], 1).await;

    let mut replace = changes(10);
    replace.tags = Some(tag_list(&["zeta", "shared", "alpha"]));
    let replaced = repositories
        .articles
        .update(original.id, replace, jake.id)
        .await
        .unwrap();
    assert_eq!(tag_names(&replaced.tags), ["zeta", "shared", "alpha"]);
    assert_eq!(tags_in_use(repositories).await, ["shared", "alpha", "zeta"]);
    assert_eq!(
        list(repositories, &tagged("old"), Page::default()).await,
        (vec![], 0)
    );
    assert_eq!(
        list(repositories, &tagged("zeta"), Page::default()).await,
        (vec!["dragons".into()], 1)
    );

    let kept = repositories
        .articles
        .update(original.id, changes(20), jake.id)
        .await
        .unwrap();
    assert_eq!(tag_names(&kept.tags), ["zeta", "shared", "alpha"]);
    assert_eq!(
        list(repositories, &tagged("alpha"), Page::default()).await,
        (vec!["dragons".into()], 1)
    );

    let mut clear = changes(30);
    clear.tags = Some(tag_list(&[]));
    let cleared = repositories
        .articles
        .update(original.id, clear, jake.id)
        .await
        .unwrap();
    assert!(cleared.tags.is_empty());
    assert!(find(repositories, "dragons", None).await.tags.is_empty());
    assert_eq!(tags_in_use(repositories).await, ["shared"]);
    assert_eq!(
        list(repositories, &tagged("shared"), Page::default()).await,
        (vec!["other".into()], 1)
    );
}

async fn update_returns_the_article_as_the_viewer_sees_it(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let dragons = article(repositories, &jake, "dragons", &[], 0).await;
    repositories
        .articles
        .favorite(dragons.id, jake.id)
        .await
        .unwrap();
    repositories
        .articles
        .favorite(dragons.id, anna.id)
        .await
        .unwrap();

    let updated = repositories
        .articles
        .update(dragons.id, changes(5), jake.id)
        .await
        .unwrap();
    assert_eq!(
        (
            updated.favorited,
            updated.favorites_count,
            updated.author.following
        ),
        (true, 2, false)
    );
}

async fn update_of_a_missing_article_is_not_found(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let mut retag = changes(5);
    retag.tags = Some(tag_list(&["ghost"]));
    assert_eq!(
        repositories
            .articles
            .update(ArticleId(4242), retag, jake.id)
            .await,
        Err(RepositoryError::NotFound)
    );
    assert!(tags_in_use(repositories).await.is_empty());
}

/// Inserts and updates are transactions of several statements; on SQLite they must queue for
/// the one writer rather than fail with "database is locked".
async fn concurrent_writes_of_articles_and_tags_all_land(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let inserts = (0..20).map(|n| {
        let tags = [format!("t{n}"), "common".to_owned()];
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        repositories
            .articles
            .insert(new_article(jake.id, &format!("a{n}"), &tags, n))
    });
    let inserted = futures::future::join_all(inserts).await;
    let inserted: Vec<Article> = inserted.into_iter().map(Result::unwrap).collect();

    let updates = inserted.iter().map(|article| {
        let mut retag = changes(100);
        retag.tags = Some(tag_list(&["common", "updated"]));
        repositories.articles.update(article.id, retag, jake.id)
    });
    let updated = futures::future::join_all(updates).await;
    assert!(updated.iter().all(Result::is_ok), "{updated:?}");

    assert_eq!(
        list(repositories, &tagged("updated"), page(1, 0)).await.1,
        20
    );
    assert_eq!(tags_in_use(repositories).await, ["common", "updated"]);
}
