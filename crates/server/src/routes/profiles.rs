//! Profiles and following.

use axum::Json;
use axum::extract::State;
use conduit_domain::values::Username;
use conduit_domain::{DomainError, Entity};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{AuthUser, MaybeAuthUser};
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::views::ProfileView;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(profile))
        .routes(routes!(follow, unfollow))
}

#[derive(Serialize, ToSchema)]
#[schema(as = ProfileResponse)]
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

#[utoipa::path(get, path = "/api/profiles/{username}", tag = "profiles", params(("username" = String, Path, description = "Whose profile")),
    security((), ("token" = [])),
    responses((status = 200, description = "The profile", body = ProfileBody)))]
async fn profile(
    State(state): State<AppState>,
    viewer: MaybeAuthUser,
    ApiPath(name): ApiPath<String>,
) -> Result<Json<ProfileBody>, ApiError> {
    let profile = state.profiles.get(&username(&name)?, viewer.id()).await?;
    Ok(respond(profile))
}

#[utoipa::path(post, path = "/api/profiles/{username}/follow", tag = "profiles", params(("username" = String, Path, description = "Whose profile")),
    security(("token" = [])),
    responses(
        (status = 200, description = "Followed (again: no change)", body = ProfileBody),
        (status = 422, description = "You cannot follow yourself", body = ErrorBody),
    ))]
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

#[utoipa::path(delete, path = "/api/profiles/{username}/follow", tag = "profiles", params(("username" = String, Path, description = "Whose profile")),
    security(("token" = [])),
    responses((status = 200, description = "No longer followed", body = ProfileBody)))]
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
