//! Shared fixtures for the article service's unit tests: the author, a reader, a stored article, a
//! draft, and `Ports`, the mocked ports with the expectations most tests repeat.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use mockall::predicate::eq;

use super::*;
use crate::articles::ArticleId;
use crate::ports::{
    MockArticleRepository, MockClock, MockEventPublisher, MockProfileRepository, MockSlugSuffix,
};
use crate::profiles::Profile;
use crate::user::UserId;
use crate::values::{ArticleBody, ArticleTitle, Description, Slug, TagList, Username};

pub(super) const AUTHOR: UserId = UserId(1);
pub(super) const READER: UserId = UserId(2);
pub(super) const ID: ArticleId = ArticleId(10);

/// Creation time of the stored article, with milliseconds like the API shows them.
pub(super) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 18, 3, 22, 56).unwrap() + TimeDelta::milliseconds(637)
}

pub(super) fn slug() -> Slug {
    Slug::parse("how-to-train-your-dragon-1a2b3c4d").unwrap()
}

pub(super) fn tags(names: &[&str]) -> TagList {
    TagList::parse(names).unwrap()
}

pub(super) fn draft() -> ArticleDraft {
    ArticleDraft {
        title: ArticleTitle::parse("How to Train Your Dragon").unwrap(),
        description: Description::parse("Ever wonder how?").unwrap(),
        body: ArticleBody::parse("You have to believe").unwrap(),
        tags: tags(&["dragons", "training"]),
    }
}

/// The stored article as `viewer` sees it.
pub(super) fn stored(favorited: bool, favorites_count: u64) -> Article {
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

pub(super) struct Ports {
    pub(super) articles: MockArticleRepository,
    pub(super) profiles: MockProfileRepository,
    pub(super) suffixes: MockSlugSuffix,
    pub(super) clock: MockClock,
    pub(super) events: MockEventPublisher,
}

impl Ports {
    pub(super) fn new() -> Self {
        Self {
            articles: MockArticleRepository::new(),
            profiles: MockProfileRepository::new(),
            suffixes: MockSlugSuffix::new(),
            clock: MockClock::new(),
            events: MockEventPublisher::new(),
        }
    }

    pub(super) fn service(self) -> ArticleService {
        ArticleService::new(ArticlePorts {
            articles: Arc::new(self.articles),
            profiles: Arc::new(self.profiles),
            suffixes: Arc::new(self.suffixes),
            clock: Arc::new(self.clock),
            events: Arc::new(self.events),
        })
    }

    pub(super) fn author_has_followers(&mut self, followers: Vec<UserId>) {
        self.profiles
            .expect_followers()
            .with(eq(AUTHOR))
            .times(1)
            .return_once(move |_| Ok(followers));
    }

    pub(super) fn announces_nothing(&mut self) {
        self.events.expect_publish().times(0);
    }

    pub(super) fn clock_reads(&mut self, now: DateTime<Utc>) {
        self.clock.expect_now().times(1).return_const(now);
    }

    pub(super) fn finds(&mut self, viewer: Option<UserId>, found: Option<Article>) {
        self.articles
            .expect_find_by_slug()
            .with(eq(slug()), eq(viewer))
            .times(1)
            .return_once(move |_, _| Ok(found));
    }

    pub(super) fn never_writes(&mut self) {
        self.articles.expect_insert().times(0);
        self.articles.expect_update().times(0);
        self.articles.expect_delete().times(0);
        self.articles.expect_favorite().times(0);
        self.articles.expect_unfavorite().times(0);
    }
}
