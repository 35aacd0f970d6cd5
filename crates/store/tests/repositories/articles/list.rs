//! Lists of articles: their order, pages, filters and what the viewer sees in them.

use conduit_domain::articles::ArticleFilter;
use conduit_domain::user::{UserChanges, UserId};
use conduit_domain::values::{ArticleBody, ArticleTitle, Bio, Description, ImageUrl, Page};
use conduit_store::Repositories;

use super::{by, favorited_by, list, tagged};
use crate::fixtures::{article, new_article, page, tag, tag_list, tag_names, user, username};

crate::on_every_backend!(
    lists_are_newest_first_with_the_id_breaking_ties,
    a_page_is_cut_from_the_list_and_the_total_ignores_it,
    a_page_past_the_end_is_empty_with_the_total,
    filters_narrow_the_list_and_combine_with_and,
    filters_naming_nobody_or_no_tag_give_an_empty_page,
    lists_show_favorites_and_following_for_the_viewer,
    a_page_gives_back_any_text_exactly_as_stored,
);

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

/// Text that a page's transport could bend: quotes, backslashes, line breaks and tabs, markup,
/// characters outside ASCII and the line separators JSON and JavaScript disagree on.
const AWKWARD: &str =
    "\"quoted\" \\back\\slash\\ </script>\n\tindented\r\nü ñ 漢字 🦀 \u{2028}\u{2029} \u{7f}";

async fn a_page_gives_back_any_text_exactly_as_stored(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let changes = UserChanges {
        bio: Some(Bio::parse_optional(Some(AWKWARD)).unwrap()),
        image: Some(ImageUrl::parse_optional(Some("https://example.com/a?b=\"c\"&d=ü")).unwrap()),
        ..UserChanges::default()
    };
    repositories.users.update(jake.id, changes).await.unwrap();
    let mut awkward = new_article(jake.id, "awkward", &["ü", "\"q\"", "back\\slash"], 0);
    awkward.title = ArticleTitle::parse(&format!("Title {AWKWARD}")).unwrap();
    awkward.description = Description::parse(&format!("About {AWKWARD}")).unwrap();
    awkward.body = ArticleBody::parse(&format!("  {AWKWARD}  \n")).unwrap();
    awkward.tags = tag_list(&["ü", "\"q\"", "back\\slash"]);
    let stored = repositories.articles.insert(awkward).await.unwrap();
    let plain = article(repositories, &jake, "plain", &[], 1).await;

    for viewer in [None, Some(jake.id)] {
        let listed = repositories
            .articles
            .list(&ArticleFilter::default(), Page::default(), viewer)
            .await
            .unwrap();
        assert_eq!(
            listed.articles,
            [plain.clone(), stored.clone()],
            "viewer {viewer:?}"
        );
        assert_eq!(listed.total, 2);
    }
}
