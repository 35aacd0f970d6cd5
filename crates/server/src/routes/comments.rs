//! Comments on an article.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use conduit_domain::comments::CommentId;
use conduit_domain::values::{CommentBody, Slug};
use conduit_domain::{DomainError, Entity};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AuthUser, MaybeAuthUser};
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::validation::ValidJson;
use crate::views::CommentView;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, add))
        .routes(routes!(remove))
}

#[derive(Deserialize, ToSchema)]
pub struct NewCommentRequest {
    comment: NewComment,
}

#[derive(Deserialize, ToSchema)]
pub struct NewComment {
    /// Plain text, trimmed before it is checked.
    body: String,
}

impl TryFrom<NewComment> for CommentBody {
    type Error = DomainError;

    fn try_from(fields: NewComment) -> Result<Self, DomainError> {
        Ok(CommentBody::parse(&fields.body)?)
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = SingleCommentResponse)]
struct CommentResponse {
    comment: CommentView,
}

/// Oldest first.
#[derive(Serialize, ToSchema)]
#[schema(as = MultipleCommentsResponse)]
struct CommentsResponse {
    comments: Vec<CommentView>,
}

fn slug(raw: &str) -> Result<Slug, ApiError> {
    Slug::parse(raw).map_err(|_| DomainError::NotFound(Entity::Article).into())
}

#[utoipa::path(get, path = "/api/articles/{slug}/comments", tag = "comments",
    params(("slug" = String, Path, description = "The article's slug")), security((), ("token" = [])),
    responses((status = 200, description = "The article's comments", body = CommentsResponse)))]
async fn list(
    State(state): State<AppState>,
    viewer: MaybeAuthUser,
    ApiPath(raw_slug): ApiPath<String>,
) -> Result<Json<CommentsResponse>, ApiError> {
    let comments = state.comments.list(&slug(&raw_slug)?, viewer.id()).await?;
    Ok(Json(CommentsResponse {
        comments: comments.into_iter().map(Into::into).collect(),
    }))
}

#[utoipa::path(post, path = "/api/articles/{slug}/comments", tag = "comments",
    params(("slug" = String, Path, description = "The article's slug")), request_body = NewCommentRequest, security(("token" = [])),
    responses((status = 201, description = "Added", body = CommentResponse)))]
async fn add(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiPath(raw_slug): ApiPath<String>,
    ValidJson(request): ValidJson<NewCommentRequest>,
) -> Result<(StatusCode, Json<CommentResponse>), ApiError> {
    let body = CommentBody::try_from(request.comment)?;
    let comment = state
        .comments
        .add(auth.user.id, &slug(&raw_slug)?, body)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CommentResponse {
            comment: comment.into(),
        }),
    ))
}

#[utoipa::path(delete, path = "/api/articles/{slug}/comments/{id}", tag = "comments",
    params(("slug" = String, Path, description = "The article's slug"), ("id" = i64, Path, description = "The comment's id")),
    security(("token" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Someone else's comment", body = ErrorBody),
    ))]
async fn remove(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiPath((raw_slug, raw_id)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let slug = slug(&raw_slug)?;
    // An id that is not a number names no comment, but the article is checked first: an
    // unknown slug is "article not found" whatever the id.
    let id = match raw_id.parse::<i64>() {
        Ok(id) => CommentId(id),
        Err(_) => {
            state.articles.get(&slug, Some(auth.user.id)).await?;
            return Err(DomainError::NotFound(Entity::Comment).into());
        }
    };
    state.comments.delete(auth.user.id, &slug, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
