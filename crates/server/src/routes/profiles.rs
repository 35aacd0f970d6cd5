//! Profiles and following.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use conduit_domain::values::Username;
use conduit_domain::{DomainError, Entity};
use serde::Serialize;

use super::views::ProfileView;
use crate::auth::{AuthUser, MaybeAuthUser};
use crate::error::ApiError;
use crate::extract::ApiPath;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/profiles/{username}", get(profile))
        .route(
            "/api/profiles/{username}/follow",
            post(follow).delete(unfollow),
        )
}

#[derive(Serialize)]
struct ProfileBody {
    profile: ProfileView,
}

fn respond(profile: conduit_domain::profiles::Profile) -> Json<ProfileBody> {
    Json(ProfileBody {
        profile: profile.into(),
    })
}

/// A name that is not a valid username belongs to nobody.
fn username(raw: &str) -> Result<Username, ApiError> {
    Username::parse(raw).map_err(|_| DomainError::NotFound(Entity::Profile).into())
}

async fn profile(
    State(state): State<AppState>,
    viewer: MaybeAuthUser,
    ApiPath(name): ApiPath<String>,
) -> Result<Json<ProfileBody>, ApiError> {
    let profile = state.profiles.get(&username(&name)?, viewer.id()).await?;
    Ok(respond(profile))
}

async fn follow(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiPath(name): ApiPath<String>,
) -> Result<Json<ProfileBody>, ApiError> {
    let profile = state
        .profiles
        .follow(auth.user.id, &username(&name)?)
        .await?;
    Ok(respond(profile))
}

async fn unfollow(
    State(state): State<AppState>,
    auth: AuthUser,
    ApiPath(name): ApiPath<String>,
) -> Result<Json<ProfileBody>, ApiError> {
    let profile = state
        .profiles
        .unfollow(auth.user.id, &username(&name)?)
        .await?;
    Ok(respond(profile))
}
