//! The article rules against mocked ports: results, and the calls made or (with `.times(0)`)
//! proven not to be made.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use mockall::Sequence;
use mockall::predicate::{always, eq};

use super::*;
use crate::articles::ArticleId;
use crate::events::DomainEvent;
use crate::ports::{
    MockArticleRepository, MockClock, MockEventPublisher, MockProfileRepository, MockSlugSuffix,
};
use crate::profiles::Profile;
use crate::user::UserId;
use crate::values::{
    ArticleBody, ArticleTitle, Description, Limit, Offset, Page, Slug, Tag, TagList, Username,
};
use crate::{Cause, DomainError, Entity, RepositoryError, UniqueField};

const AUTHOR: UserId = UserId(1);
const READER: UserId = UserId(2);
const ID: ArticleId = ArticleId(10);

/// Creation time of the stored article, with milliseconds like the API shows them.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 18, 3, 22, 56).unwrap() + TimeDelta::milliseconds(637)
}

fn slug() -> Slug {
    Slug::parse("how-to-train-your-dragon-1a2b3c4d").unwrap()
}

fn tags(names: &[&str]) -> TagList {
    TagList::parse(names).unwrap()
}

fn draft() -> ArticleDraft {
    ArticleDraft {
        title: ArticleTitle::parse("How to Train Your Dragon").unwrap(),
        description: Description::parse("Ever wonder how?").unwrap(),
        body: ArticleBody::parse("You have to believe").unwrap(),
        tags: tags(&["dragons", "training"]),
    }
}

/// The stored article as `viewer` sees it.
fn stored(favorited: bool, favorites_count: u64) -> Article {
    let draft = draft();
    Article {
        id: ID,
        slug: slug(),
        title: draft.title,
        description: draft.description,
        body: draft.body,
        tags: draft.tags,
        created_at: t0(),
        updated_at: t0(),
        author_id: AUTHOR,
        author: Profile {
            username: Username::parse("jake").unwrap(),
            bio: None,
            image: None,
            following: false,
        },
        favorited,
        favorites_count,
    }
}

struct Ports {
    articles: MockArticleRepository,
    profiles: MockProfileRepository,
    suffixes: MockSlugSuffix,
    clock: MockClock,
    events: MockEventPublisher,
}

impl Ports {
    fn new() -> Self {
        Self {
            articles: MockArticleRepository::new(),
            profiles: MockProfileRepository::new(),
            suffixes: MockSlugSuffix::new(),
            clock: MockClock::new(),
            events: MockEventPublisher::new(),
        }
    }

    fn service(self) -> ArticleService {
        ArticleService::new(ArticlePorts {
            articles: Arc::new(self.articles),
            profiles: Arc::new(self.profiles),
            suffixes: Arc::new(self.suffixes),
            clock: Arc::new(self.clock),
            events: Arc::new(self.events),
        })
    }

    fn author_has_followers(&mut self, followers: Vec<UserId>) {
        self.profiles
            .expect_followers()
            .with(eq(AUTHOR))
            .times(1)
            .return_once(move |_| Ok(followers));
    }

    fn announces_nothing(&mut self) {
        self.events.expect_publish().times(0);
    }

    fn clock_reads(&mut self, now: DateTime<Utc>) {
        self.clock.expect_now().times(1).return_const(now);
    }

    fn finds(&mut self, viewer: Option<UserId>, found: Option<Article>) {
        self.articles
            .expect_find_by_slug()
            .with(eq(slug()), eq(viewer))
            .times(1)
            .return_once(move |_, _| Ok(found));
    }

    fn never_writes(&mut self) {
        self.articles.expect_insert().times(0);
        self.articles.expect_update().times(0);
        self.articles.expect_delete().times(0);
        self.articles.expect_favorite().times(0);
        self.articles.expect_unfavorite().times(0);
    }
}

mod create {
    use super::*;

    fn new_article(suffix: &str) -> NewArticle {
        let draft = draft();
        NewArticle {
            slug: Slug::parse(&format!("how-to-train-your-dragon-{suffix}")).unwrap(),
            title: draft.title,
            description: draft.description,
            body: draft.body,
            tags: draft.tags,
            author_id: AUTHOR,
            created_at: t0(),
            updated_at: t0(),
        }
    }

    #[tokio::test]
    async fn stores_the_draft_under_a_slug_from_title_and_suffix_stamped_with_the_clock() {
        let mut ports = Ports::new();
        ports.clock_reads(t0());
        ports
            .suffixes
            .expect_generate()
            .times(1)
            .returning(|| "1a2b3c4d".into());
        ports
            .articles
            .expect_insert()
            .with(eq(new_article("1a2b3c4d")))
            .times(1)
            .returning(|_| Ok(stored(false, 0)));
        ports.author_has_followers(vec![]);
        ports.announces_nothing();

        let result = ports.service().create(AUTHOR, draft()).await;

        assert_eq!(result, Ok(stored(false, 0)));
    }

    #[tokio::test]
    async fn a_taken_slug_is_retried_with_a_fresh_suffix() {
        let mut ports = Ports::new();
        let mut order = Sequence::new();
        ports.clock_reads(t0());
        ports
            .suffixes
            .expect_generate()
            .times(1)
            .in_sequence(&mut order)
            .returning(|| "aaaa0001".into());
        ports
            .articles
            .expect_insert()
            .with(eq(new_article("aaaa0001")))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_| Err(RepositoryError::Conflict(UniqueField::Slug)));
        ports
            .suffixes
            .expect_generate()
            .times(1)
            .in_sequence(&mut order)
            .returning(|| "bbbb0002".into());
        ports
            .articles
            .expect_insert()
            .with(eq(new_article("bbbb0002")))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_| Ok(stored(false, 0)));
        ports.author_has_followers(vec![]);

        let result = ports.service().create(AUTHOR, draft()).await;

        assert_eq!(result, Ok(stored(false, 0)));
    }

    #[tokio::test]
    async fn gives_up_after_one_try_and_three_retries() {
        let mut ports = Ports::new();
        ports.clock_reads(t0());
        ports
            .suffixes
            .expect_generate()
            .times(4)
            .returning(|| "deadbeef".into());
        ports
            .articles
            .expect_insert()
            .times(4)
            .returning(|_| Err(RepositoryError::Conflict(UniqueField::Slug)));
        ports.profiles.expect_followers().times(0);
        ports.announces_nothing();

        let result = ports.service().create(AUTHOR, draft()).await;

        assert!(
            matches!(result, Err(DomainError::Internal(_))),
            "{result:?}"
        );
    }

    #[tokio::test]
    async fn other_storage_failures_are_not_retried() {
        let mut ports = Ports::new();
        ports.clock_reads(t0());
        ports
            .suffixes
            .expect_generate()
            .times(1)
            .returning(|| "1a2b3c4d".into());
        ports
            .articles
            .expect_insert()
            .times(1)
            .returning(|_| Err(RepositoryError::Unavailable(Cause::new("disk full"))));
        ports.profiles.expect_followers().times(0);
        ports.announces_nothing();

        let result = ports.service().create(AUTHOR, draft()).await;

        assert!(
            matches!(result, Err(DomainError::Internal(_))),
            "{result:?}"
        );
    }

    fn stores_once(ports: &mut Ports) {
        ports.clock_reads(t0());
        ports
            .suffixes
            .expect_generate()
            .times(1)
            .returning(|| "1a2b3c4d".into());
        ports
            .articles
            .expect_insert()
            .times(1)
            .returning(|_| Ok(stored(false, 0)));
    }

    #[tokio::test]
    async fn the_authors_followers_are_told_once_it_is_stored() {
        let mut ports = Ports::new();
        stores_once(&mut ports);
        ports.author_has_followers(vec![READER, UserId(3)]);
        ports
            .events
            .expect_publish()
            .with(eq(DomainEvent::ArticlePublished {
                article: stored(false, 0),
                followers: vec![READER, UserId(3)],
            }))
            .times(1)
            .return_const(());

        let result = ports.service().create(AUTHOR, draft()).await;

        assert_eq!(result, Ok(stored(false, 0)));
    }

    #[tokio::test]
    async fn failing_to_find_followers_costs_the_announcement_not_the_article() {
        let mut ports = Ports::new();
        stores_once(&mut ports);
        ports
            .profiles
            .expect_followers()
            .times(1)
            .returning(|_| Err(RepositoryError::Unavailable(Cause::new("timeout"))));
        ports.announces_nothing();

        let result = ports.service().create(AUTHOR, draft()).await;

        assert_eq!(result, Ok(stored(false, 0)));
    }
}

mod get {
    use super::*;

    #[tokio::test]
    async fn answers_the_article_as_the_viewer_sees_it() {
        let mut ports = Ports::new();
        ports.finds(Some(READER), Some(stored(true, 1)));

        let result = ports.service().get(&slug(), Some(READER)).await;

        assert_eq!(result, Ok(stored(true, 1)));
    }

    #[tokio::test]
    async fn an_unknown_slug_is_article_not_found() {
        let mut ports = Ports::new();
        ports.finds(None, None);

        let result = ports.service().get(&slug(), None).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }
}

mod update {
    use super::*;

    fn edit() -> ArticleUpdate {
        ArticleUpdate {
            title: Some(ArticleTitle::parse("Did you train your dragon?").unwrap()),
            tags: Some(TagList::default()),
            ..ArticleUpdate::default()
        }
    }

    fn expect_update(ports: &mut Ports, updated_at: DateTime<Utc>) {
        let changes = ArticleChanges {
            title: Some(ArticleTitle::parse("Did you train your dragon?").unwrap()),
            description: None,
            body: None,
            tags: Some(TagList::default()),
            updated_at,
        };
        ports
            .articles
            .expect_update()
            .with(eq(ID), eq(changes), eq(AUTHOR))
            .times(1)
            .returning(|_, _, _| Ok(stored(false, 0)));
    }

    #[tokio::test]
    async fn the_author_changes_only_the_given_fields_and_the_slug_stays() {
        let mut ports = Ports::new();
        ports.finds(Some(AUTHOR), Some(stored(false, 0)));
        ports.clock_reads(t0() + TimeDelta::seconds(5));
        ports.suffixes.expect_generate().times(0);
        expect_update(&mut ports, t0() + TimeDelta::seconds(5));

        let result = ports.service().update(AUTHOR, &slug(), edit()).await;

        assert_eq!(result, Ok(stored(false, 0)), "the stored row is the answer");
    }

    #[tokio::test]
    async fn updated_at_moves_forward_even_within_the_same_millisecond() {
        let mut ports = Ports::new();
        ports.finds(Some(AUTHOR), Some(stored(false, 0)));
        ports.clock_reads(t0() + TimeDelta::microseconds(300));
        expect_update(&mut ports, t0() + TimeDelta::milliseconds(1));

        let result = ports.service().update(AUTHOR, &slug(), edit()).await;

        assert!(result.is_ok(), "{result:?}");
    }

    #[tokio::test]
    async fn updated_at_moves_forward_when_the_clock_stepped_back() {
        let mut ports = Ports::new();
        ports.finds(Some(AUTHOR), Some(stored(false, 0)));
        ports.clock_reads(t0() - TimeDelta::seconds(30));
        expect_update(&mut ports, t0() + TimeDelta::milliseconds(1));

        let result = ports.service().update(AUTHOR, &slug(), edit()).await;

        assert!(result.is_ok(), "{result:?}");
    }

    #[tokio::test]
    async fn an_unknown_slug_is_not_found_and_changes_nothing() {
        let mut ports = Ports::new();
        ports.finds(Some(AUTHOR), None);
        ports.never_writes();

        let result = ports.service().update(AUTHOR, &slug(), edit()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }

    #[tokio::test]
    async fn someone_elses_article_is_forbidden_and_changes_nothing() {
        let mut ports = Ports::new();
        ports.finds(Some(READER), Some(stored(false, 0)));
        ports.never_writes();

        let result = ports.service().update(READER, &slug(), edit()).await;

        assert_eq!(result, Err(DomainError::Forbidden(Entity::Article)));
    }

    #[tokio::test]
    async fn an_article_deleted_meanwhile_is_not_found() {
        let mut ports = Ports::new();
        ports.finds(Some(AUTHOR), Some(stored(false, 0)));
        ports.clock_reads(t0() + TimeDelta::seconds(5));
        ports
            .articles
            .expect_update()
            .with(eq(ID), always(), eq(AUTHOR))
            .times(1)
            .returning(|_, _, _| Err(RepositoryError::NotFound));

        let result = ports.service().update(AUTHOR, &slug(), edit()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }
}

mod delete {
    use super::*;

    #[tokio::test]
    async fn the_author_deletes_the_article() {
        let mut ports = Ports::new();
        ports.finds(Some(AUTHOR), Some(stored(false, 0)));
        ports
            .articles
            .expect_delete()
            .with(eq(ID))
            .times(1)
            .returning(|_| Ok(()));

        let result = ports.service().delete(AUTHOR, &slug()).await;

        assert_eq!(result, Ok(()));
    }

    #[tokio::test]
    async fn an_unknown_slug_is_not_found_and_deletes_nothing() {
        let mut ports = Ports::new();
        ports.finds(Some(AUTHOR), None);
        ports.never_writes();

        let result = ports.service().delete(AUTHOR, &slug()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }

    #[tokio::test]
    async fn someone_elses_article_is_forbidden_and_deletes_nothing() {
        let mut ports = Ports::new();
        ports.finds(Some(READER), Some(stored(false, 0)));
        ports.never_writes();

        let result = ports.service().delete(READER, &slug()).await;

        assert_eq!(result, Err(DomainError::Forbidden(Entity::Article)));
    }

    #[tokio::test]
    async fn an_article_deleted_meanwhile_is_not_found() {
        let mut ports = Ports::new();
        ports.finds(Some(AUTHOR), Some(stored(false, 0)));
        ports
            .articles
            .expect_delete()
            .times(1)
            .returning(|_| Err(RepositoryError::NotFound));

        let result = ports.service().delete(AUTHOR, &slug()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }
}

mod favorite {
    use super::*;

    /// Look-up, write, re-read, in that order.
    fn favorites_then_rereads(ports: &mut Ports, user: UserId, reread: Option<Article>) {
        let mut order = Sequence::new();
        ports
            .articles
            .expect_find_by_slug()
            .with(eq(slug()), eq(Some(user)))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_, _| Ok(Some(stored(false, 0))));
        ports
            .articles
            .expect_favorite()
            .with(eq(ID), eq(user))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_, _| Ok(()));
        ports
            .articles
            .expect_find_by_slug()
            .with(eq(slug()), eq(Some(user)))
            .times(1)
            .in_sequence(&mut order)
            .return_once(move |_, _| Ok(reread));
    }

    #[tokio::test]
    async fn favorites_and_answers_the_article_as_now_stored() {
        let mut ports = Ports::new();
        favorites_then_rereads(&mut ports, READER, Some(stored(true, 1)));

        let result = ports.service().favorite(READER, &slug()).await;

        assert_eq!(result, Ok(stored(true, 1)));
    }

    #[tokio::test]
    async fn authors_may_favorite_their_own_article() {
        let mut ports = Ports::new();
        favorites_then_rereads(&mut ports, AUTHOR, Some(stored(true, 1)));

        let result = ports.service().favorite(AUTHOR, &slug()).await;

        assert_eq!(result, Ok(stored(true, 1)));
    }

    #[tokio::test]
    async fn an_unknown_slug_is_not_found_and_favorites_nothing() {
        let mut ports = Ports::new();
        ports.finds(Some(READER), None);
        ports.never_writes();

        let result = ports.service().favorite(READER, &slug()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }

    #[tokio::test]
    async fn an_article_deleted_before_the_write_is_not_found_and_not_reread() {
        let mut ports = Ports::new();
        ports.finds(Some(READER), Some(stored(false, 0)));
        ports
            .articles
            .expect_favorite()
            .times(1)
            .returning(|_, _| Err(RepositoryError::NotFound));

        let result = ports.service().favorite(READER, &slug()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }

    #[tokio::test]
    async fn an_article_deleted_before_the_reread_is_not_found() {
        let mut ports = Ports::new();
        favorites_then_rereads(&mut ports, READER, None);

        let result = ports.service().favorite(READER, &slug()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }
}

mod unfavorite {
    use super::*;

    #[tokio::test]
    async fn unfavorites_and_answers_the_article_as_now_stored() {
        let mut ports = Ports::new();
        let mut order = Sequence::new();
        ports
            .articles
            .expect_find_by_slug()
            .with(eq(slug()), eq(Some(READER)))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_, _| Ok(Some(stored(true, 1))));
        ports
            .articles
            .expect_unfavorite()
            .with(eq(ID), eq(READER))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_, _| Ok(()));
        ports
            .articles
            .expect_find_by_slug()
            .with(eq(slug()), eq(Some(READER)))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_, _| Ok(Some(stored(false, 0))));

        let result = ports.service().unfavorite(READER, &slug()).await;

        assert_eq!(result, Ok(stored(false, 0)));
    }

    #[tokio::test]
    async fn an_unknown_slug_is_not_found_and_unfavorites_nothing() {
        let mut ports = Ports::new();
        ports.finds(Some(READER), None);
        ports.never_writes();

        let result = ports.service().unfavorite(READER, &slug()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Article)));
    }
}

mod lists {
    use super::*;

    fn page() -> Page {
        Page {
            limit: Limit::parse(1).unwrap(),
            offset: Offset::parse(1).unwrap(),
        }
    }

    fn one_of_two() -> ArticlePage {
        ArticlePage {
            articles: vec![stored(false, 0)],
            total: 2,
        }
    }

    #[tokio::test]
    async fn the_list_passes_filter_page_and_viewer_to_storage() {
        let mut ports = Ports::new();
        let filter = ArticleFilter {
            tag: Some(Tag::parse("dragons").unwrap()),
            author: Some(Username::parse("jake").unwrap()),
            favorited_by: None,
        };
        ports
            .articles
            .expect_list()
            .with(eq(filter.clone()), eq(page()), eq(Some(READER)))
            .times(1)
            .returning(|_, _, _| Ok(one_of_two()));

        let result = ports.service().list(&filter, page(), Some(READER)).await;

        assert_eq!(result, Ok(one_of_two()));
    }

    #[tokio::test]
    async fn the_feed_is_the_viewers() {
        let mut ports = Ports::new();
        ports
            .articles
            .expect_feed()
            .with(eq(READER), eq(page()))
            .times(1)
            .returning(|_, _| Ok(one_of_two()));

        let result = ports.service().feed(READER, page()).await;

        assert_eq!(result, Ok(one_of_two()));
    }

    #[tokio::test]
    async fn tags_are_those_storage_has_in_use() {
        let mut ports = Ports::new();
        ports
            .articles
            .expect_tags()
            .times(1)
            .returning(|| Ok(vec![Tag::parse("dragons").unwrap()]));

        let result = ports.service().tags().await;

        assert_eq!(result, Ok(vec![Tag::parse("dragons").unwrap()]));
    }

    #[tokio::test]
    async fn a_storage_failure_is_internal() {
        let mut ports = Ports::new();
        ports
            .articles
            .expect_feed()
            .times(1)
            .returning(|_, _| Err(RepositoryError::Unavailable(Cause::new("down"))));

        let result = ports.service().feed(READER, page()).await;

        assert!(
            matches!(result, Err(DomainError::Internal(_))),
            "{result:?}"
        );
    }
}
