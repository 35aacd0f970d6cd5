//! The kept pages against a mocked store: which reads reach it (`.times(n)`), and that no write,
//! failed write or race can leave an old page behind.

use std::future::Future;
use std::pin::Pin;

use chrono::DateTime;
use mockall::predicate::{always, eq};

use super::*;
use conduit_domain::Cause;
use conduit_domain::ports::MockArticleRepository;
use conduit_domain::profiles::Profile;
use conduit_domain::values::{
    ArticleBody, ArticleTitle, Bio, Description, ImageUrl, Limit, Offset, TagList, Username,
};

fn article(title: &str, body: &str) -> Article {
    let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    Article {
        id: ArticleId(1),
        slug: Slug::parse(title).unwrap(),
        title: ArticleTitle::parse(title).unwrap(),
        description: Description::parse("d").unwrap(),
        body: ArticleBody::parse(body).unwrap(),
        tags: TagList::parse(["rust"]).unwrap(),
        created_at: at,
        updated_at: at,
        author_id: UserId(7),
        author: Profile {
            username: Username::parse("jake").unwrap(),
            bio: None,
            image: None,
            following: false,
        },
        favorited: false,
        favorites_count: 0,
    }
}

fn one_article(title: &str) -> ArticlePage {
    ArticlePage {
        articles: vec![article(title, "b")],
        total: 1,
    }
}

fn first_page() -> Page {
    Page {
        limit: Limit::DEFAULT,
        offset: Offset::default(),
    }
}

fn unavailable() -> RepositoryError {
    RepositoryError::Unavailable(Cause::new("the database is gone"))
}

fn cached(stored: MockArticleRepository) -> CachedArticles<MockArticleRepository> {
    CachedArticles::new(stored, &Caches::default())
}

async fn anonymous_home_page(articles: &CachedArticles<MockArticleRepository>) -> ArticlePage {
    articles
        .list(&ArticleFilter::default(), first_page(), None)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_anonymous_page_is_read_from_the_store_once_then_from_memory() {
    let mut stored = MockArticleRepository::new();
    stored
        .expect_list()
        .with(eq(ArticleFilter::default()), eq(first_page()), eq(None))
        .times(1)
        .returning(|_, _, _| Ok(one_article("kept")));
    let articles = cached(stored);

    assert_eq!(anonymous_home_page(&articles).await, one_article("kept"));
    assert_eq!(anonymous_home_page(&articles).await, one_article("kept"));
}

#[tokio::test]
async fn each_filter_and_page_is_kept_on_its_own() {
    let by_jake = ArticleFilter {
        author: Some(Username::parse("jake").unwrap()),
        ..ArticleFilter::default()
    };
    let second_page = Page {
        offset: Offset::parse(20).unwrap(),
        ..first_page()
    };
    let mut stored = MockArticleRepository::new();
    stored
        .expect_list()
        .with(eq(ArticleFilter::default()), eq(first_page()), eq(None))
        .times(1)
        .returning(|_, _, _| Ok(one_article("home")));
    stored
        .expect_list()
        .with(eq(by_jake.clone()), eq(first_page()), eq(None))
        .times(1)
        .returning(|_, _, _| Ok(one_article("by-jake")));
    stored
        .expect_list()
        .with(eq(ArticleFilter::default()), eq(second_page), eq(None))
        .times(1)
        .returning(|_, _, _| Ok(ArticlePage::default()));
    let articles = cached(stored);

    for _ in 0..2 {
        assert_eq!(anonymous_home_page(&articles).await, one_article("home"));
        let jakes = articles.list(&by_jake, first_page(), None).await.unwrap();
        assert_eq!(jakes, one_article("by-jake"));
        let beyond = articles
            .list(&ArticleFilter::default(), second_page, None)
            .await
            .unwrap();
        assert_eq!(beyond, ArticlePage::default());
    }
}

#[tokio::test]
async fn a_viewers_page_always_reads_the_store() {
    let mut stored = MockArticleRepository::new();
    stored
        .expect_list()
        .with(always(), always(), eq(Some(UserId(7))))
        .times(2)
        .returning(|_, _, _| Ok(one_article("mine")));
    let articles = cached(stored);

    for _ in 0..2 {
        let page = articles
            .list(&ArticleFilter::default(), first_page(), Some(UserId(7)))
            .await
            .unwrap();
        assert_eq!(page, one_article("mine"));
    }
}

#[tokio::test]
async fn errors_are_never_kept() {
    let mut stored = MockArticleRepository::new();
    stored
        .expect_list()
        .times(2)
        .returning(|_, _, _| Err(unavailable()));
    let articles = cached(stored);

    for _ in 0..2 {
        let page = articles
            .list(&ArticleFilter::default(), first_page(), None)
            .await;
        assert!(
            matches!(page, Err(RepositoryError::Unavailable(_))),
            "{page:?}"
        );
    }
}

#[tokio::test]
async fn a_page_read_while_a_write_finished_is_not_kept() {
    let caches = Caches::default();
    let elsewhere = caches.invalidations.clone();
    let mut stored = MockArticleRepository::new();
    stored.expect_list().times(2).returning(move |_, _, _| {
        elsewhere.invalidate(Tables::Articles);
        Ok(one_article("raced"))
    });
    let articles = CachedArticles::new(stored, &caches);

    anonymous_home_page(&articles).await;
    anonymous_home_page(&articles).await;
}

#[tokio::test]
async fn a_page_too_large_to_keep_is_read_each_time() {
    let huge = ArticlePage {
        articles: vec![article("huge", &"x".repeat(ArticleBody::MAX_CHARS)); 42],
        total: 42,
    };
    assert!(huge.heap_bytes() > BOUNDS.bytes);
    let mut stored = MockArticleRepository::new();
    stored
        .expect_list()
        .times(2)
        .returning(move |_, _, _| Ok(huge.clone()));
    let articles = cached(stored);

    anonymous_home_page(&articles).await;
    anonymous_home_page(&articles).await;
}

#[test]
fn a_pages_heap_bytes_are_its_text_and_the_articles_and_tags_that_hold_it() {
    let mut long = article("long-title", "body");
    long.author.bio = Bio::parse_optional(Some("a bio")).unwrap();
    long.author.image = ImageUrl::parse_optional(Some("https://x.io/a.png")).unwrap();
    let page = ArticlePage {
        articles: vec![article("a", "b"), long],
        total: 2,
    };
    // slug + title + description + body + tags + username (+ bio + image)
    let short = 1 + 1 + 1 + 1 + 4 + 4;
    let long = 10 + 10 + 1 + 4 + 4 + 4 + 5 + 18;
    let holders = 2 * (size_of::<Article>() + size_of::<Tag>());
    assert_eq!(page.heap_bytes(), holders + short + long);
}

#[test]
fn a_pages_key_costs_the_text_it_filters_by() {
    let filter = ArticleFilter {
        tag: Some(Tag::parse("rust").unwrap()),
        author: Some(Username::parse("jake").unwrap()),
        favorited_by: Some(Username::parse("jane").unwrap()),
    };
    assert_eq!((filter, first_page()).heap_bytes(), 12);
    assert_eq!((ArticleFilter::default(), first_page()).heap_bytes(), 0);
}

type Write =
    fn(&CachedArticles<MockArticleRepository>) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;

/// Every write the store offers, each expected once on `stored`, failing when `fails`.
fn every_write(stored: &mut MockArticleRepository, fails: bool) -> Vec<(&'static str, Write)> {
    let outcome = move || if fails { Err(unavailable()) } else { Ok(()) };
    stored
        .expect_insert()
        .times(1)
        .returning(move |_| outcome().map(|()| article("new", "b")));
    stored
        .expect_update()
        .times(1)
        .returning(move |_, _, _| outcome().map(|()| article("changed", "b")));
    stored
        .expect_delete()
        .with(eq(ArticleId(1)))
        .times(1)
        .returning(move |_| outcome());
    stored
        .expect_favorite()
        .with(eq(ArticleId(1)), eq(UserId(7)))
        .times(1)
        .returning(move |_, _| outcome());
    stored
        .expect_unfavorite()
        .with(eq(ArticleId(1)), eq(UserId(7)))
        .times(1)
        .returning(move |_, _| outcome());
    vec![
        ("insert", |articles| {
            Box::pin(async move {
                let new = NewArticle {
                    slug: Slug::parse("new").unwrap(),
                    title: ArticleTitle::parse("new").unwrap(),
                    description: Description::parse("d").unwrap(),
                    body: ArticleBody::parse("b").unwrap(),
                    tags: TagList::default(),
                    author_id: UserId(7),
                    created_at: DateTime::from_timestamp(0, 0).unwrap(),
                    updated_at: DateTime::from_timestamp(0, 0).unwrap(),
                };
                let _ = articles.insert(new).await;
            })
        }),
        ("update", |articles| {
            Box::pin(async move {
                let changes = ArticleChanges {
                    title: None,
                    description: None,
                    body: None,
                    tags: None,
                    updated_at: DateTime::from_timestamp(0, 0).unwrap(),
                };
                let _ = articles.update(ArticleId(1), changes, UserId(7)).await;
            })
        }),
        ("delete", |articles| {
            Box::pin(async move {
                let _ = articles.delete(ArticleId(1)).await;
            })
        }),
        ("favorite", |articles| {
            Box::pin(async move {
                let _ = articles.favorite(ArticleId(1), UserId(7)).await;
            })
        }),
        ("unfavorite", |articles| {
            Box::pin(async move {
                let _ = articles.unfavorite(ArticleId(1), UserId(7)).await;
            })
        }),
    ]
}

/// After each write, succeeded or failed, the page is read from the store again, and kept again.
async fn every_write_makes_the_page_read_again(fails: bool) {
    let mut stored = MockArticleRepository::new();
    let each_write = every_write(&mut stored, fails);
    // Once at first, then once after each write.
    stored
        .expect_list()
        .times(1 + each_write.len())
        .returning(|_, _, _| Ok(one_article("home")));
    let articles = cached(stored);

    anonymous_home_page(&articles).await;
    for (_, write) in &each_write {
        write(&articles).await;
        anonymous_home_page(&articles).await;
        anonymous_home_page(&articles).await;
    }
}

#[tokio::test]
async fn after_any_write_the_page_is_read_from_the_store_again() {
    every_write_makes_the_page_read_again(false).await;
}

#[tokio::test]
async fn after_any_failed_write_the_page_is_read_from_the_store_again() {
    every_write_makes_the_page_read_again(true).await;
}

#[tokio::test]
async fn a_change_to_a_user_makes_the_page_read_again() {
    let caches = Caches::default();
    let mut stored = MockArticleRepository::new();
    stored
        .expect_list()
        .times(2)
        .returning(|_, _, _| Ok(one_article("home")));
    let articles = CachedArticles::new(stored, &caches);

    anonymous_home_page(&articles).await;
    // What `CachedUsers::update` does, sharing the count.
    caches.invalidations.invalidate(Tables::Users);
    anonymous_home_page(&articles).await;
    anonymous_home_page(&articles).await;
}

#[tokio::test]
async fn single_articles_the_feed_and_tags_always_read_the_store() {
    let slug = Slug::parse("kept").unwrap();
    let mut stored = MockArticleRepository::new();
    stored
        .expect_find_by_slug()
        .with(eq(slug.clone()), eq(None))
        .times(2)
        .returning(|_, _| Ok(Some(article("kept", "b"))));
    stored
        .expect_feed()
        .with(eq(UserId(7)), eq(first_page()))
        .times(2)
        .returning(|_, _| Ok(one_article("followed")));
    stored
        .expect_tags()
        .times(2)
        .returning(|| Ok(vec![Tag::parse("rust").unwrap()]));
    let articles = cached(stored);

    for _ in 0..2 {
        let found = articles.find_by_slug(&slug, None).await.unwrap();
        assert_eq!(found, Some(article("kept", "b")));
        let feed = articles.feed(UserId(7), first_page()).await.unwrap();
        assert_eq!(feed, one_article("followed"));
        assert_eq!(
            articles.tags().await.unwrap(),
            [Tag::parse("rust").unwrap()]
        );
    }
}
