//! Comments on an article.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use conduit_domain::comments::CommentId;
use conduit_domain::values::{CommentBody, Slug};
use conduit_domain::{DomainError, Entity};
use serde::{Deserialize, Serialize};

use super::views::CommentView;
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::error::ApiError;
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::validation::{RequestBody, ValidJson};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/articles/{slug}/comments", get(list).post(add))
        .route("/api/articles/{slug}/comments/{id}", delete(remove))
}

#[derive(Deserialize)]
struct NewCommentRequest {
    comment: NewCommentFields,
}

#[derive(Deserialize)]
struct NewCommentFields {
    body: String,
}

impl RequestBody for NewCommentRequest {
    const SCHEMA: &'static str = "new-comment.json";
}

#[derive(Serialize)]
struct CommentResponse {
    comment: CommentView,
}

#[derive(Serialize)]
struct CommentsResponse {
    comments: Vec<CommentView>,
}

fn slug(raw: &str) -> Result<Slug, ApiError> {
    Slug::parse(raw).map_err(|_| DomainError::NotFound(Entity::Article).into())
}

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

async fn add(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiPath(raw_slug): ApiPath<String>,
    ValidJson(request): ValidJson<NewCommentRequest>,
) -> Result<(StatusCode, Json<CommentResponse>), ApiError> {
    let body = CommentBody::parse(&request.comment.body).map_err(DomainError::from)?;
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
