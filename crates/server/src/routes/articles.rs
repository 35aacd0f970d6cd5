//! Articles: lists and the feed, single articles, writing, favorites.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use conduit_domain::articles::{Article, ArticleDraft, ArticleFilter, ArticlePage, ArticleUpdate};
use conduit_domain::values::{ArticleBody, ArticleTitle, Description, Page, Slug, TagList};
use conduit_domain::{DomainError, Entity};
use serde::{Deserialize, Serialize};

use super::fields::FieldChecks;
use super::views::{ArticleSummaryView, ArticleView};
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;
use crate::validation::{RequestBody, ValidJson};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/articles", get(list).post(create))
        // A literal segment wins over `{slug}` in axum's router, so the feed is never a slug.
        .route("/api/articles/feed", get(feed))
        .route(
            "/api/articles/{slug}",
            get(article).put(update).delete(delete),
        )
        .route(
            "/api/articles/{slug}/favorite",
            post(favorite).delete(unfavorite),
        )
}

#[derive(Deserialize)]
struct Wrapped<T> {
    article: T,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewArticleFields {
    title: String,
    description: String,
    body: String,
    #[serde(default)]
    tag_list: Vec<String>,
}

impl RequestBody for Wrapped<NewArticleFields> {
    const SCHEMA: &'static str = "new-article.json";
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UpdateArticleFields {
    title: Option<String>,
    description: Option<String>,
    body: Option<String>,
    tag_list: Option<Vec<String>>,
}

impl RequestBody for Wrapped<UpdateArticleFields> {
    const SCHEMA: &'static str = "update-article.json";
}

#[derive(Deserialize)]
struct ListQuery {
    tag: Option<String>,
    author: Option<String>,
    favorited: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Deserialize)]
struct PageQuery {
    limit: Option<String>,
    offset: Option<String>,
}

#[derive(Serialize)]
struct ArticleBodyResponse {
    article: ArticleView,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArticlesResponse {
    articles: Vec<ArticleSummaryView>,
    articles_count: u64,
}

fn one(article: Article) -> Json<ArticleBodyResponse> {
    Json(ArticleBodyResponse {
        article: article.into(),
    })
}

fn many(page: ArticlePage) -> Json<ArticlesResponse> {
    Json(ArticlesResponse {
        articles: page.articles.into_iter().map(Into::into).collect(),
        articles_count: page.total,
    })
}

/// A text that is not a valid slug names no article.
fn slug(raw: &str) -> Result<Slug, ApiError> {
    Slug::parse(raw).map_err(|_| DomainError::NotFound(Entity::Article).into())
}

fn page(limit: Option<&str>, offset: Option<&str>) -> Result<Page, ApiError> {
    Page::parse_query(limit, offset).map_err(|errors| DomainError::Invalid(errors).into())
}

async fn list(
    State(state): State<AppState>,
    viewer: MaybeAuthUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<ArticlesResponse>, ApiError> {
    let filter = ArticleFilter::parse_query(
        query.tag.as_deref(),
        query.author.as_deref(),
        query.favorited.as_deref(),
    );
    let page = Page::parse_query(query.limit.as_deref(), query.offset.as_deref());
    let (filter, page) = match (filter, page) {
        (Ok(filter), Ok(page)) => (filter, page),
        (filter, page) => {
            let errors = filter
                .err()
                .into_iter()
                .chain(page.err())
                .flatten()
                .collect();
            return Err(DomainError::Invalid(errors).into());
        }
    };
    Ok(many(state.articles.list(&filter, page, viewer.id()).await?))
}

async fn feed(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<ArticlesResponse>, ApiError> {
    let page = page(query.limit.as_deref(), query.offset.as_deref())?;
    Ok(many(state.articles.feed(auth.user.id, page).await?))
}

async fn article(
    State(state): State<AppState>,
    viewer: MaybeAuthUser,
    ApiPath(raw_slug): ApiPath<String>,
) -> Result<Json<ArticleBodyResponse>, ApiError> {
    Ok(one(state
        .articles
        .get(&slug(&raw_slug)?, viewer.id())
        .await?))
}

async fn create(
    State(state): State<AppState>,
    auth: AuthUser,
    ValidJson(Wrapped { article: fields }): ValidJson<Wrapped<NewArticleFields>>,
) -> Result<(StatusCode, Json<ArticleBodyResponse>), ApiError> {
    let mut checks = FieldChecks::default();
    let title = checks.take(ArticleTitle::parse(&fields.title));
    let description = checks.take(Description::parse(&fields.description));
    let body = checks.take(ArticleBody::parse(&fields.body));
    let tags = checks.take(TagList::parse(&fields.tag_list));
    let (Some(title), Some(description), Some(body), Some(tags)) = (title, description, body, tags)
    else {
        return Err(checks.into_error().into());
    };
    let draft = ArticleDraft {
        title,
        description,
        body,
        tags,
    };
    let article = state.articles.create(auth.user.id, draft).await?;
    Ok((StatusCode::CREATED, one(article)))
}

async fn update(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiPath(raw_slug): ApiPath<String>,
    ValidJson(Wrapped { article: fields }): ValidJson<Wrapped<UpdateArticleFields>>,
) -> Result<Json<ArticleBodyResponse>, ApiError> {
    let mut checks = FieldChecks::default();
    let title = checks.take(fields.title.as_deref().map(ArticleTitle::parse).transpose());
    let description = checks.take(
        fields
            .description
            .as_deref()
            .map(Description::parse)
            .transpose(),
    );
    let body = checks.take(fields.body.as_deref().map(ArticleBody::parse).transpose());
    let tags = checks.take(fields.tag_list.as_ref().map(TagList::parse).transpose());
    let (Some(title), Some(description), Some(body), Some(tags)) = (title, description, body, tags)
    else {
        return Err(checks.into_error().into());
    };
    let update = ArticleUpdate {
        title,
        description,
        body,
        tags,
    };
    let article = state
        .articles
        .update(auth.user.id, &slug(&raw_slug)?, update)
        .await?;
    Ok(one(article))
}

async fn delete(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiPath(raw_slug): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state
        .articles
        .delete(auth.user.id, &slug(&raw_slug)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn favorite(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiPath(raw_slug): ApiPath<String>,
) -> Result<Json<ArticleBodyResponse>, ApiError> {
    Ok(one(state
        .articles
        .favorite(auth.user.id, &slug(&raw_slug)?)
        .await?))
}

async fn unfavorite(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiPath(raw_slug): ApiPath<String>,
) -> Result<Json<ArticleBodyResponse>, ApiError> {
    Ok(one(state
        .articles
        .unfavorite(auth.user.id, &slug(&raw_slug)?)
        .await?))
}
