//! Articles: lists and the feed, single articles, writing, favorites.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use conduit_domain::articles::{Article, ArticleFilter, ArticlePage, ArticleUpdate};
use conduit_domain::services::ArticleDraft;
use conduit_domain::values::{
    AllValid, ArticleBody, ArticleTitle, Description, Page, Slug, TagList,
};
use conduit_domain::{DomainError, Entity};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AuthUser, MaybeAuthUser};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiPath, ApiQuery};
use crate::state::AppState;
use crate::validation::ValidJson;
use crate::views::{ArticleSummaryView, ArticleView};

pub fn routes() -> OpenApiRouter<AppState> {
    // A literal segment wins over `{slug}` in axum's router, so the feed is never a slug.
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(feed))
        .routes(routes!(article, update, delete))
        .routes(routes!(favorite, unfavorite))
}

#[derive(Deserialize, ToSchema)]
pub struct NewArticleRequest {
    article: NewArticle,
}

/// Title and description are trimmed before they are checked; the body is kept as written.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewArticle {
    title: String,
    description: String,
    /// Markdown.
    body: String,
    /// Each tag is trimmed and lower-cased; duplicates are dropped before the count is checked.
    #[serde(default)]
    tag_list: Vec<String>,
}

impl TryFrom<NewArticle> for ArticleDraft {
    type Error = DomainError;

    fn try_from(fields: NewArticle) -> Result<Self, DomainError> {
        let (title, description, body, tags) = (
            ArticleTitle::parse(&fields.title),
            Description::parse(&fields.description),
            ArticleBody::parse(&fields.body),
            TagList::parse(&fields.tag_list),
        )
            .all_valid()?;
        Ok(ArticleDraft {
            title,
            description,
            body,
            tags,
        })
    }
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateArticleRequest {
    article: UpdateArticle,
}

/// Every field is optional and none may be `null`; `tagList: []` removes every tag. The slug
/// stays as it is when the title changes.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateArticle {
    #[schema(nullable = false)]
    title: Option<String>,
    #[schema(nullable = false)]
    description: Option<String>,
    #[schema(nullable = false)]
    body: Option<String>,
    #[schema(nullable = false)]
    tag_list: Option<Vec<String>>,
}

impl TryFrom<UpdateArticle> for ArticleUpdate {
    type Error = DomainError;

    fn try_from(fields: UpdateArticle) -> Result<Self, DomainError> {
        let (title, description, body, tags) = (
            fields.title.as_deref().map(ArticleTitle::parse).transpose(),
            fields
                .description
                .as_deref()
                .map(Description::parse)
                .transpose(),
            fields.body.as_deref().map(ArticleBody::parse).transpose(),
            fields.tag_list.as_ref().map(TagList::parse).transpose(),
        )
            .all_valid()?;
        Ok(ArticleUpdate {
            title,
            description,
            body,
            tags,
        })
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    /// Only articles with this tag.
    tag: Option<String>,
    /// Only articles by this username.
    author: Option<String>,
    /// Only articles this username has favorited.
    favorited: Option<String>,
    /// How many articles, newest first.
    #[param(value_type = Option<u32>)]
    limit: Option<String>,
    /// How many articles to skip.
    #[param(value_type = Option<u32>)]
    offset: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PageQuery {
    /// How many articles, newest first.
    #[param(value_type = Option<u32>)]
    limit: Option<String>,
    /// How many articles to skip.
    #[param(value_type = Option<u32>)]
    offset: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = SingleArticleResponse)]
struct ArticleBodyResponse {
    article: ArticleView,
}

/// A page of articles without their bodies, and how many match in all.
#[derive(Serialize, ToSchema)]
#[schema(as = MultipleArticlesResponse)]
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

#[utoipa::path(get, path = "/api/articles", tag = "articles", params(ListQuery),
    security((), ("token" = [])),
    responses((status = 200, description = "Newest first", body = ArticlesResponse)))]
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

/// Articles by the authors the signed-in user follows.
#[utoipa::path(get, path = "/api/articles/feed", tag = "articles", params(PageQuery),
    security(("token" = [])),
    responses((status = 200, description = "Newest first", body = ArticlesResponse)))]
async fn feed(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<ArticlesResponse>, ApiError> {
    let page = page(query.limit.as_deref(), query.offset.as_deref())?;
    Ok(many(state.articles.feed(auth.user.id, page).await?))
}

#[utoipa::path(get, path = "/api/articles/{slug}", tag = "articles", params(("slug" = String, Path, description = "The article's slug")),
    security((), ("token" = [])),
    responses((status = 200, description = "The article", body = ArticleBodyResponse)))]
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

#[utoipa::path(post, path = "/api/articles", tag = "articles", request_body = NewArticleRequest,
    security(("token" = [])),
    responses((status = 201, description = "Published", body = ArticleBodyResponse)))]
async fn create(
    State(state): State<AppState>,
    auth: AuthUser,
    ValidJson(NewArticleRequest { article: fields }): ValidJson<NewArticleRequest>,
) -> Result<(StatusCode, Json<ArticleBodyResponse>), ApiError> {
    let article = state
        .articles
        .create(auth.user.id, fields.try_into()?)
        .await?;
    Ok((StatusCode::CREATED, one(article)))
}

#[utoipa::path(put, path = "/api/articles/{slug}", tag = "articles", params(("slug" = String, Path, description = "The article's slug")),
    request_body = UpdateArticleRequest, security(("token" = [])),
    responses(
        (status = 200, description = "Updated", body = ArticleBodyResponse),
        (status = 403, description = "Someone else's article", body = ErrorBody),
    ))]
async fn update(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiPath(raw_slug): ApiPath<String>,
    ValidJson(UpdateArticleRequest { article: fields }): ValidJson<UpdateArticleRequest>,
) -> Result<Json<ArticleBodyResponse>, ApiError> {
    let update = ArticleUpdate::try_from(fields)?;
    let article = state
        .articles
        .update(auth.user.id, &slug(&raw_slug)?, update)
        .await?;
    Ok(one(article))
}

#[utoipa::path(delete, path = "/api/articles/{slug}", tag = "articles", params(("slug" = String, Path, description = "The article's slug")),
    security(("token" = [])),
    responses(
        (status = 204, description = "Deleted, with its comments and favorites"),
        (status = 403, description = "Someone else's article", body = ErrorBody),
    ))]
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

#[utoipa::path(post, path = "/api/articles/{slug}/favorite", tag = "articles", params(("slug" = String, Path, description = "The article's slug")),
    security(("token" = [])),
    responses((status = 200, description = "Favorited (again: no change)", body = ArticleBodyResponse)))]
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

#[utoipa::path(delete, path = "/api/articles/{slug}/favorite", tag = "articles", params(("slug" = String, Path, description = "The article's slug")),
    security(("token" = [])),
    responses((status = 200, description = "No longer favorited", body = ArticleBodyResponse)))]
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
