//! The comment rules against mocked ports: results, and the calls made or (with `.times(0)`)
//! proven not to be made.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use mockall::predicate::eq;

use super::*;
use crate::articles::{Article, ArticleId};
use crate::events::DomainEvent;
use crate::ports::{MockArticleRepository, MockClock, MockCommentRepository, MockEventPublisher};
use crate::profiles::Profile;
use crate::user::UserId;
use crate::values::{ArticleBody, ArticleTitle, CommentBody, Description, Slug, TagList, Username};
use crate::{DomainError, Entity, RepositoryError};

const ARTICLE_AUTHOR: UserId = UserId(1);
const COMMENTER: UserId = UserId(2);
const ARTICLE: ArticleId = ArticleId(10);
const COMMENT: CommentId = CommentId(100);

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 18, 3, 48, 35).unwrap()
}

fn slug() -> Slug {
    Slug::parse("how-to-train-your-dragon-1a2b3c4d").unwrap()
}

fn profile(name: &str) -> Profile {
    Profile {
        username: Username::parse(name).unwrap(),
        bio: None,
        image: None,
        following: false,
    }
}

fn article() -> Article {
    Article {
        id: ARTICLE,
        slug: slug(),
        title: ArticleTitle::parse("How to Train Your Dragon").unwrap(),
        description: Description::parse("Ever wonder how?").unwrap(),
        body: ArticleBody::parse("You have to believe").unwrap(),
        tags: TagList::default(),
        created_at: now(),
        updated_at: now(),
        author_id: ARTICLE_AUTHOR,
        author: profile("jake"),
        favorited: false,
        favorites_count: 0,
    }
}

fn body() -> CommentBody {
    CommentBody::parse("Thank you so much!").unwrap()
}

fn comment() -> Comment {
    Comment {
        id: COMMENT,
        body: body(),
        created_at: now(),
        updated_at: now(),
        author_id: COMMENTER,
        author: profile("celeb"),
    }
}

struct Ports {
    articles: MockArticleRepository,
    comments: MockCommentRepository,
    clock: MockClock,
    events: MockEventPublisher,
}

impl Ports {
    fn new() -> Self {
        Self {
            articles: MockArticleRepository::new(),
            comments: MockCommentRepository::new(),
            clock: MockClock::new(),
            events: MockEventPublisher::new(),
        }
    }

    fn service(self) -> CommentService {
        CommentService::new(
            Arc::new(self.articles),
            Arc::new(self.comments),
            Arc::new(self.clock),
            Arc::new(self.events),
        )
    }

    fn article_found(&mut self, found: Option<Article>) {
        self.articles
            .expect_find_by_slug()
            .with(eq(slug()), eq(None))
            .times(1)
            .return_once(move |_, _| Ok(found));
    }

    fn comment_found(&mut self, found: Option<Comment>) {
        self.comments
            .expect_find()
            .with(eq(ARTICLE), eq(COMMENT))
            .times(1)
            .return_once(move |_, _| Ok(found));
    }
}

mod add {
    use super::*;

    #[tokio::test]
    async fn stores_the_comment_on_the_article_stamped_with_the_clock() {
        let mut ports = Ports::new();
        ports.article_found(Some(article()));
        ports.clock.expect_now().times(1).return_const(now());
        ports
            .comments
            .expect_insert()
            .with(eq(NewComment {
                article_id: ARTICLE,
                author_id: COMMENTER,
                body: body(),
                created_at: now(),
            }))
            .times(1)
            .returning(|_| Ok(comment()));
        ports
            .events
            .expect_publish()
            .with(eq(DomainEvent::CommentAdded {
                article: slug(),
                comment: comment(),
            }))
            .times(1)
            .return_const(());

        let result = ports.service().add(COMMENTER, &slug(), body()).await;

        assert_eq!(result, Ok(comment()));
    }

    #[tokio::test]
    async fn an_unknown_article_is_not_found_and_stores_nothing() {
        let mut ports = Ports::new();
        ports.article_found(None);
        ports.comments.expect_insert().times(0);

        let result = ports.service().add(COMMENTER, &slug(), body()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }

    #[tokio::test]
    async fn an_article_deleted_meanwhile_is_not_found() {
        let mut ports = Ports::new();
        ports.article_found(Some(article()));
        ports.clock.expect_now().return_const(now());
        ports
            .comments
            .expect_insert()
            .times(1)
            .returning(|_| Err(RepositoryError::NotFound));
        ports.events.expect_publish().times(0);

        let result = ports.service().add(COMMENTER, &slug(), body()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }
}

mod list {
    use super::*;

    #[tokio::test]
    async fn lists_the_articles_comments_as_the_viewer_sees_them() {
        let mut ports = Ports::new();
        ports.article_found(Some(article()));
        ports
            .comments
            .expect_list()
            .with(eq(ARTICLE), eq(Some(ARTICLE_AUTHOR)))
            .times(1)
            .returning(|_, _| Ok(vec![comment()]));

        let result = ports.service().list(&slug(), Some(ARTICLE_AUTHOR)).await;

        assert_eq!(result, Ok(vec![comment()]));
    }

    #[tokio::test]
    async fn an_unknown_article_is_not_found() {
        let mut ports = Ports::new();
        ports.article_found(None);
        ports.comments.expect_list().times(0);

        let result = ports.service().list(&slug(), None).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }
}

mod delete {
    use super::*;

    #[tokio::test]
    async fn the_comments_author_deletes_it() {
        let mut ports = Ports::new();
        ports.article_found(Some(article()));
        ports.comment_found(Some(comment()));
        ports
            .comments
            .expect_delete()
            .with(eq(COMMENT))
            .times(1)
            .returning(|_| Ok(()));
        ports
            .events
            .expect_publish()
            .with(eq(DomainEvent::CommentDeleted {
                article: slug(),
                comment: COMMENT,
            }))
            .times(1)
            .return_const(());

        let result = ports.service().delete(COMMENTER, &slug(), COMMENT).await;

        assert_eq!(result, Ok(()));
    }

    #[tokio::test]
    async fn an_unknown_article_is_not_found_before_the_comment_is_looked_up() {
        let mut ports = Ports::new();
        ports.article_found(None);
        ports.comments.expect_find().times(0);
        ports.comments.expect_delete().times(0);

        let result = ports.service().delete(COMMENTER, &slug(), COMMENT).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }

    #[tokio::test]
    async fn a_comment_not_on_this_article_is_not_found_and_nothing_is_deleted() {
        let mut ports = Ports::new();
        ports.article_found(Some(article()));
        ports.comment_found(None);
        ports.comments.expect_delete().times(0);

        let result = ports.service().delete(COMMENTER, &slug(), COMMENT).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Comment)));
    }

    #[tokio::test]
    async fn someone_elses_comment_is_forbidden_even_to_the_articles_author() {
        let mut ports = Ports::new();
        ports.article_found(Some(article()));
        ports.comment_found(Some(comment()));
        ports.comments.expect_delete().times(0);
        ports.events.expect_publish().times(0);

        let result = ports
            .service()
            .delete(ARTICLE_AUTHOR, &slug(), COMMENT)
            .await;

        assert_eq!(result, Err(DomainError::Forbidden(Entity::Comment)));
    }

    #[tokio::test]
    async fn a_comment_deleted_meanwhile_is_not_found() {
        let mut ports = Ports::new();
        ports.article_found(Some(article()));
        ports.comment_found(Some(comment()));
        ports
            .comments
            .expect_delete()
            .times(1)
            .returning(|_| Err(RepositoryError::NotFound));
        ports.events.expect_publish().times(0);

        let result = ports.service().delete(COMMENTER, &slug(), COMMENT).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Comment)));
    }
}
