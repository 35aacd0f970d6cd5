//! The article repository's contract: writing, reading as a viewer, lists with filters and
//! pages, the feed, favorites and tags.

use chrono::DateTime;
use conduit_domain::articles::{Article, ArticleChanges, ArticleFilter, ArticleId};
use conduit_domain::comments::NewComment;
use conduit_domain::profiles::Profile;
use conduit_domain::user::UserId;
use conduit_domain::values::{ArticleBody, ArticleTitle, CommentBody, Description, Page};
use conduit_domain::{RepositoryError, UniqueField};
use conduit_store::Repositories;

use crate::fixtures::{
    article, at, new_article, page, slug, slugs, tag, tag_list, tag_names, user, username,
};

crate::on_every_backend!(
    insert_returns_the_article_as_its_author_sees_it,
    timestamps_keep_microseconds_exactly,
    a_taken_slug_is_a_conflict,
    an_article_by_a_missing_author_is_not_found,
    find_by_slug_answers_for_the_viewer,
    an_unknown_slug_is_none,
    lists_are_newest_first_with_the_id_breaking_ties,
    a_page_is_cut_from_the_list_and_the_total_ignores_it,
    a_page_past_the_end_is_empty_with_the_total,
    filters_narrow_the_list_and_combine_with_and,
    filters_naming_nobody_or_no_tag_give_an_empty_page,
    lists_show_favorites_and_following_for_the_viewer,
    the_feed_holds_only_followed_authors_newest_first,
    the_feed_of_someone_following_nobody_is_empty,
    update_changes_only_what_it_is_given,
    update_replaces_clears_or_keeps_the_tags,
    update_returns_the_article_as_the_viewer_sees_it,
    update_of_a_missing_article_is_not_found,
    delete_removes_the_article_with_its_comments_favorites_and_tags,
    delete_of_a_missing_article_is_not_found,
    favorite_and_unfavorite_are_idempotent_and_counted_exactly,
    fifty_concurrent_favorites_are_all_counted,
    concurrent_writes_of_articles_and_tags_all_land,
    favoriting_a_missing_article_is_not_found,
    tags_are_every_tag_in_use_once_in_code_point_order,
);

fn tagged(name: &str) -> ArticleFilter {
    ArticleFilter {
        tag: Some(tag(name)),
        ..ArticleFilter::default()
    }
}

fn by(author: &str) -> ArticleFilter {
    ArticleFilter {
        author: Some(username(author)),
        ..ArticleFilter::default()
    }
}

fn favorited_by(user: &str) -> ArticleFilter {
    ArticleFilter {
        favorited_by: Some(username(user)),
        ..ArticleFilter::default()
    }
}

fn changes(seconds: i64) -> ArticleChanges {
    ArticleChanges {
        title: None,
        description: None,
        body: None,
        tags: None,
        updated_at: at(seconds),
    }
}

async fn find(repositories: &Repositories, text: &str, viewer: Option<UserId>) -> Article {
    repositories
        .articles
        .find_by_slug(&slug(text), viewer)
        .await
        .unwrap()
        .unwrap()
}

async fn list(
    repositories: &Repositories,
    filter: &ArticleFilter,
    page: Page,
) -> (Vec<String>, u64) {
    let listed = repositories
        .articles
        .list(filter, page, None)
        .await
        .unwrap();
    let (slugs, total) = slugs(&listed);
    (slugs.into_iter().map(str::to_owned).collect(), total)
}

async fn tags_in_use(repositories: &Repositories) -> Vec<String> {
    let tags = repositories.articles.tags().await.unwrap();
    tags.iter().map(|tag| tag.as_str().to_owned()).collect()
}

async fn insert_returns_the_article_as_its_author_sees_it(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let draft = new_article(jake.id, "dragons", &["training", "dragons", "howto"], 0);

    let stored = repositories.articles.insert(draft.clone()).await.unwrap();

    assert_eq!(
        stored,
        Article {
            id: stored.id,
            slug: draft.slug,
            title: draft.title,
            description: draft.description,
            body: draft.body,
            tags: draft.tags,
            created_at: at(0),
            updated_at: at(0),
            author_id: jake.id,
            author: Profile {
                username: jake.username.clone(),
                bio: None,
                image: None,
                following: false,
            },
            favorited: false,
            favorites_count: 0,
        }
    );
    assert_eq!(
        tag_names(&stored.tags),
        ["training", "dragons", "howto"],
        "the author's order, not alphabetical"
    );
    assert_eq!(find(repositories, "dragons", Some(jake.id)).await, stored);
    let second = article(repositories, &jake, "wyverns", &[], 1).await;
    assert_ne!(second.id, stored.id);
    assert!(second.tags.is_empty());
}

async fn timestamps_keep_microseconds_exactly(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let created = DateTime::from_timestamp_micros(1_700_000_000_000_001).unwrap();
    let mut draft = new_article(jake.id, "precise", &[], 0);
    draft.created_at = created;
    draft.updated_at = created;

    let stored = repositories.articles.insert(draft).await.unwrap();
    assert_eq!((stored.created_at, stored.updated_at), (created, created));

    // Anything finer than a microsecond is cut off, and what is returned is what is stored.
    let updated = DateTime::from_timestamp_nanos(1_700_000_000_000_999_999);
    let mut update = changes(0);
    update.updated_at = updated;
    let changed = repositories
        .articles
        .update(stored.id, update, jake.id)
        .await
        .unwrap();
    let expected = DateTime::from_timestamp_micros(1_700_000_000_000_999).unwrap();
    assert_eq!(
        (changed.created_at, changed.updated_at),
        (created, expected)
    );
    let read = find(repositories, "precise", None).await;
    assert_eq!((read.created_at, read.updated_at), (created, expected));
}

async fn a_taken_slug_is_a_conflict(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let first = article(repositories, &jake, "dragons", &["one"], 0).await;

    assert_eq!(
        repositories
            .articles
            .insert(new_article(anna.id, "dragons", &["two"], 1))
            .await,
        Err(RepositoryError::Conflict(UniqueField::Slug))
    );
    assert_eq!(find(repositories, "dragons", None).await, first);
    assert_eq!(tags_in_use(repositories).await, ["one"]);
}

async fn an_article_by_a_missing_author_is_not_found(repositories: &Repositories) {
    assert_eq!(
        repositories
            .articles
            .insert(new_article(UserId(4242), "orphan", &["lost"], 0))
            .await,
        Err(RepositoryError::NotFound)
    );
    assert!(tags_in_use(repositories).await.is_empty());
}

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

async fn lists_are_newest_first_with_the_id_breaking_ties(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    article(repositories, &jake, "oldest", &[], 0).await;
    article(repositories, &jake, "newest", &[], 20).await;
    article(repositories, &jake, "tie-first", &[], 10).await;
    article(repositories, &jake, "tie-second", &[], 10).await;

    assert_eq!(
        list(repositories, &ArticleFilter::default(), Page::default()).await,
        (
            vec![
                "newest".into(),
                "tie-second".into(),
                "tie-first".into(),
                "oldest".into()
            ],
            4
        )
    );
}

async fn a_page_is_cut_from_the_list_and_the_total_ignores_it(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let a = article(repositories, &jake, "a", &["x"], 0).await;
    article(repositories, &jake, "b", &["x"], 1).await;
    let all = ArticleFilter::default();

    assert_eq!(
        list(repositories, &all, page(1, 0)).await,
        (vec!["b".into()], 2)
    );
    assert_eq!(
        list(repositories, &all, page(1, 1)).await,
        (vec!["a".into()], 2)
    );
    assert_eq!(
        list(repositories, &all, page(100, 0)).await,
        (vec!["b".into(), "a".into()], 2)
    );
    // The rows of a page are whole articles, as on their own.
    let listed = repositories
        .articles
        .list(&all, page(1, 1), Some(jake.id))
        .await
        .unwrap();
    assert_eq!(listed.articles, [a]);
}

async fn a_page_past_the_end_is_empty_with_the_total(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    for (n, title) in ["a", "b", "c"].into_iter().enumerate() {
        article(repositories, &jake, title, &["x"], n as i64).await;
    }
    for offset in [3, 4, 1000, i64::from(u32::MAX)] {
        assert_eq!(
            list(repositories, &ArticleFilter::default(), page(1, offset)).await,
            (vec![], 3),
            "offset {offset}"
        );
        assert_eq!(
            list(repositories, &tagged("x"), page(20, offset)).await,
            (vec![], 3),
            "offset {offset}"
        );
    }
}

async fn filters_narrow_the_list_and_combine_with_and(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let bob = user(repositories, "bob").await;
    let j1 = article(repositories, &jake, "j1", &["rust", "web"], 0).await;
    article(repositories, &jake, "j2", &["rust"], 1).await;
    let a1 = article(repositories, &anna, "a1", &["rust"], 2).await;
    article(repositories, &anna, "a2", &["web"], 3).await;
    repositories.articles.favorite(j1.id, bob.id).await.unwrap();
    repositories.articles.favorite(a1.id, bob.id).await.unwrap();
    repositories
        .articles
        .favorite(a1.id, jake.id)
        .await
        .unwrap();

    let cases: [(ArticleFilter, &[&str]); 10] = [
        (tagged("rust"), &["a1", "j2", "j1"]),
        (tagged("web"), &["a2", "j1"]),
        (by("jake"), &["j2", "j1"]),
        (by("JAKE"), &["j2", "j1"]),
        (favorited_by("bob"), &["a1", "j1"]),
        (favorited_by("Bob"), &["a1", "j1"]),
        (
            ArticleFilter {
                author: Some(username("jake")),
                ..tagged("rust")
            },
            &["j2", "j1"],
        ),
        (
            ArticleFilter {
                favorited_by: Some(username("bob")),
                ..tagged("web")
            },
            &["j1"],
        ),
        (
            ArticleFilter {
                tag: Some(tag("rust")),
                author: Some(username("anna")),
                favorited_by: Some(username("jake")),
            },
            &["a1"],
        ),
        (
            ArticleFilter {
                tag: Some(tag("web")),
                author: Some(username("anna")),
                favorited_by: Some(username("bob")),
            },
            &[],
        ),
    ];
    for (filter, expected) in cases {
        let expected: Vec<String> = expected.iter().map(|slug| slug.to_string()).collect();
        let total = expected.len() as u64;
        assert_eq!(
            list(repositories, &filter, Page::default()).await,
            (expected, total),
            "{filter:?}"
        );
    }
    assert_eq!(
        list(repositories, &tagged("rust"), page(1, 1)).await,
        (vec!["j2".into()], 3)
    );
}

async fn filters_naming_nobody_or_no_tag_give_an_empty_page(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    user(repositories, "anna").await;
    article(repositories, &jake, "j1", &["rust"], 0).await;

    for filter in [
        tagged("cobol"),
        by("nobody"),
        by("anna"),
        favorited_by("nobody"),
        favorited_by("jake"),
    ] {
        for offset in [0, 5] {
            assert_eq!(
                list(repositories, &filter, page(20, offset)).await,
                (vec![], 0),
                "{filter:?} offset {offset}"
            );
        }
    }
}

async fn lists_show_favorites_and_following_for_the_viewer(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let bob = user(repositories, "bob").await;
    let j1 = article(repositories, &jake, "j1", &["web", "rust"], 0).await;
    let a1 = article(repositories, &anna, "a1", &[], 1).await;
    repositories.profiles.follow(bob.id, jake.id).await.unwrap();
    repositories.articles.favorite(a1.id, bob.id).await.unwrap();
    repositories
        .articles
        .favorite(a1.id, jake.id)
        .await
        .unwrap();
    repositories
        .articles
        .favorite(j1.id, anna.id)
        .await
        .unwrap();

    let seen = |viewer: Option<UserId>| async move {
        let listed = repositories
            .articles
            .list(&ArticleFilter::default(), Page::default(), viewer)
            .await
            .unwrap();
        listed
            .articles
            .iter()
            .map(|article| {
                (
                    article.slug.as_str().to_owned(),
                    article.favorited,
                    article.author.following,
                    article.favorites_count,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        seen(Some(bob.id)).await,
        [("a1".into(), true, false, 2), ("j1".into(), false, true, 1)]
    );
    assert_eq!(
        seen(None).await,
        [
            ("a1".into(), false, false, 2),
            ("j1".into(), false, false, 1)
        ]
    );
    let listed = repositories
        .articles
        .list(&by("jake"), Page::default(), None)
        .await
        .unwrap();
    assert_eq!(
        tag_names(&listed.articles[0].tags),
        ["web", "rust"],
        "lists keep the author's tag order too"
    );
}

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
    assert_eq!(tags_in_use(repositories).await, ["alpha", "shared", "zeta"]);
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

async fn tags_are_every_tag_in_use_once_in_code_point_order(repositories: &Repositories) {
    assert!(tags_in_use(repositories).await.is_empty());
    let jake = user(repositories, "jake").await;
    article(repositories, &jake, "one", &["web", "rust"], 0).await;
    let two = article(repositories, &jake, "two", &["rust", "a_b", "a-c"], 1).await;
    article(repositories, &jake, "three", &["b", "ab", "web"], 2).await;

    // Code point order on both backends, whatever PostgreSQL's locale would say about
    // punctuation: '-' < '_' < letters.
    assert_eq!(
        tags_in_use(repositories).await,
        ["a-c", "a_b", "ab", "b", "rust", "web"]
    );
    repositories.articles.delete(two.id).await.unwrap();
    assert_eq!(tags_in_use(repositories).await, ["ab", "b", "rust", "web"]);
}
