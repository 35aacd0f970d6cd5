//! No N+1: a page of articles or comments costs the same number of SQL statements whatever its
//! size. sqlx reports every statement it runs as a `sqlx::query` tracing event; this binary
//! holds a single test so that the process-wide counter sees nobody else's queries.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, TimeDelta};
use conduit_domain::articles::{ArticleFilter, NewArticle};
use conduit_domain::comments::NewComment;
use conduit_domain::user::{EndedSession, NewUser, SessionId};
use conduit_domain::values::{
    ArticleBody, ArticleTitle, CommentBody, Description, Email, Limit, Offset, Page, PasswordHash,
    Slug, TagList, Username,
};
use conduit_store::Repositories;
use conduit_testkit::TestDatabase;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Counts the queries sqlx reports, leaving out what it runs to set up a fresh connection
/// (`PRAGMA …`, `SET …`), which happens whenever the pool decides and says nothing about N+1.
struct StatementCounter(Arc<AtomicUsize>);

/// Reads the statement's text from a `sqlx::query` event.
#[derive(Default)]
struct StatementText(String);

impl tracing::field::Visit for StatementText {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "db.statement" || (field.name() == "summary" && self.0.is_empty()) {
            self.0 = value.to_owned();
        }
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "db.statement" || (field.name() == "summary" && self.0.is_empty()) {
            self.0 = format!("{value:?}");
        }
    }
}

fn is_query(statement: &str) -> bool {
    let statement = statement
        .trim_start_matches(|c: char| c == '"' || c.is_whitespace())
        .to_ascii_uppercase();
    statement.starts_with("SELECT") || statement.starts_with("WITH")
}

impl Subscriber for StatementCounter {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target() == "sqlx::query"
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut text = StatementText::default();
        event.record(&mut text);
        if is_query(&text.0) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

async fn seed(repositories: &Repositories, articles: usize, comments_each: usize) -> Slug {
    let start = repositories
        .articles
        .list(&ArticleFilter::default(), page(), None)
        .await
        .unwrap()
        .total as usize;
    let author = repositories
        .users
        .insert(NewUser {
            username: Username::parse(&format!("author{start}")).unwrap(),
            email: Email::parse(&format!("author{start}@example.com")).unwrap(),
            password_hash: PasswordHash::new("$argon2id$x".into()),
        })
        .await
        .unwrap();
    let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let mut last = None;
    for i in start..start + articles {
        let slug = Slug::parse(&format!("article-{i}")).unwrap();
        let article = repositories
            .articles
            .insert(NewArticle {
                slug: slug.clone(),
                title: ArticleTitle::parse(&format!("Article {i}")).unwrap(),
                description: Description::parse("d").unwrap(),
                body: ArticleBody::parse("b").unwrap(),
                tags: TagList::parse(["a", "b", "c"]).unwrap(),
                author_id: author.id,
                created_at: at + TimeDelta::seconds(i as i64),
                updated_at: at + TimeDelta::seconds(i as i64),
            })
            .await
            .unwrap();
        repositories
            .articles
            .favorite(article.id, author.id)
            .await
            .unwrap();
        for _ in 0..comments_each {
            repositories
                .comments
                .insert(NewComment {
                    article_id: article.id,
                    author_id: author.id,
                    body: CommentBody::parse("c").unwrap(),
                    created_at: at,
                })
                .await
                .unwrap();
        }
        last = Some(slug);
    }
    last.unwrap()
}

fn page() -> Page {
    Page {
        limit: Limit::parse(20).unwrap(),
        offset: Offset::parse(0).unwrap(),
    }
}

async fn statements_for<F: std::future::Future>(counter: &AtomicUsize, work: F) -> usize {
    let before = counter.load(Ordering::SeqCst);
    work.await;
    counter.load(Ordering::SeqCst) - before
}

async fn first_page_statements(repositories: &Repositories, counter: &AtomicUsize) -> usize {
    statements_for(counter, async {
        repositories
            .articles
            .list(&ArticleFilter::default(), page(), None)
            .await
            .unwrap();
    })
    .await
}

async fn costs(
    repositories: &Repositories,
    counter: &AtomicUsize,
    slug: &Slug,
) -> (usize, usize, usize) {
    let list = first_page_statements(repositories, counter).await;
    let article = repositories
        .articles
        .find_by_slug(slug, None)
        .await
        .unwrap()
        .unwrap();
    let comments = statements_for(counter, async {
        repositories.comments.list(article.id, None).await.unwrap();
    })
    .await;
    let feed = statements_for(counter, async {
        repositories
            .articles
            .feed(article.author_id, page())
            .await
            .unwrap();
    })
    .await;
    (list, comments, feed)
}

#[tokio::test]
async fn a_page_costs_the_same_statements_for_one_item_or_twenty() {
    let counter = Arc::new(AtomicUsize::new(0));
    tracing::subscriber::set_global_default(StatementCounter(counter.clone())).unwrap();
    let mut databases = vec![TestDatabase::sqlite()];
    databases.extend(TestDatabase::postgres().await);

    for database in &databases {
        let repositories = conduit_store::open(database.url(), Default::default())
            .await
            .unwrap();
        let empty_first_page = first_page_statements(&repositories, &counter).await;
        // Past the last page a second statement counts the matches; on the first page an empty
        // result already says there are none.
        assert_eq!(empty_first_page, 1, "{}", database.url());
        let slug = seed(&repositories, 1, 1).await;
        let small = costs(&repositories, &counter, &slug).await;
        let slug = seed(&repositories, 24, 20).await;
        let large = costs(&repositories, &counter, &slug).await;

        assert!(small.0 >= 1, "the counter sees statements: {small:?}");
        assert_eq!(small, large, "{}", database.url());
        assert!(large.0 <= 2 && large.1 <= 2 && large.2 <= 2, "{large:?}");

        assert_eq!(
            revocation_check_statements(&repositories, &counter).await,
            1,
            "{}",
            database.url()
        );
    }
}

/// What every authenticated request pays at most to check its token against the user
/// (`find_by_id`): one statement, ended sessions and all. (Until the next write, a copy in
/// memory answers instead: `repositories/user_cache.rs`.)
async fn revocation_check_statements(repositories: &Repositories, counter: &AtomicUsize) -> usize {
    let user = repositories
        .users
        .insert(NewUser {
            username: Username::parse("signs-out-often").unwrap(),
            email: Email::parse("often@example.com").unwrap(),
            password_hash: PasswordHash::new("$argon2id$x".into()),
        })
        .await
        .unwrap();
    let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    for phone in ["first", "second", "third"] {
        let session = EndedSession {
            id: SessionId(format!("{phone}-phone")),
            lasts_until: now + TimeDelta::days(30),
        };
        repositories
            .users
            .end_session(user.id, session, now)
            .await
            .unwrap();
    }
    statements_for(counter, async {
        let found = repositories.users.find_by_id(user.id).await.unwrap();
        assert_eq!(found.unwrap().ended_sessions.len(), 3);
    })
    .await
}
