//! Accounts: registration, login, the current user and profile updates.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use conduit_domain::Cause;
use conduit_domain::accounts::{ProfileUpdate, Registration};
use conduit_domain::user::User;
use conduit_domain::values::{Bio, Email, ImageUrl, NewPassword, Password, Username};
use serde::{Deserialize, Serialize};

use super::fields::{FieldChecks, present};
use crate::auth::{AuthUser, no_store};
use crate::error::ApiError;
use crate::state::AppState;
use crate::validation::{RequestBody, ValidJson};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/users", post(register))
        .route("/api/users/login", post(login))
        .route("/api/user", get(current_user).put(update_user))
        .layer(axum::middleware::map_response(no_store))
}

#[derive(Deserialize)]
struct Wrapped<T> {
    user: T,
}

#[derive(Deserialize)]
struct NewUserFields {
    username: String,
    email: String,
    password: String,
}

impl RequestBody for Wrapped<NewUserFields> {
    const SCHEMA: &'static str = "new-user.json";
}

#[derive(Deserialize)]
struct LoginFields {
    email: String,
    password: String,
}

impl RequestBody for Wrapped<LoginFields> {
    const SCHEMA: &'static str = "login-user.json";
}

#[derive(Deserialize)]
struct UpdateFields {
    username: Option<String>,
    email: Option<String>,
    password: Option<String>,
    #[serde(default, deserialize_with = "present")]
    bio: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    image: Option<Option<String>>,
}

impl RequestBody for Wrapped<UpdateFields> {
    const SCHEMA: &'static str = "update-user.json";
}

#[derive(Serialize)]
struct UserBody {
    user: UserView,
}

#[derive(Serialize)]
struct UserView {
    email: String,
    token: String,
    username: String,
    bio: Option<String>,
    image: Option<String>,
}

impl UserBody {
    fn new(user: User, token: String) -> Json<Self> {
        Json(UserBody {
            user: UserView {
                email: user.email.as_str().to_owned(),
                token,
                username: user.username.as_str().to_owned(),
                bio: user.bio.map(|bio| bio.as_str().to_owned()),
                image: user.image.map(|image| image.as_str().to_owned()),
            },
        })
    }
}

fn issue_token(state: &AppState, user: &User) -> Result<String, ApiError> {
    state
        .tokens
        .issue(user)
        .map_err(|error| ApiError::Internal(Cause::new(error)))
}

async fn register(
    State(state): State<AppState>,
    ValidJson(Wrapped { user: fields }): ValidJson<Wrapped<NewUserFields>>,
) -> Result<(StatusCode, Json<UserBody>), ApiError> {
    let mut checks = FieldChecks::default();
    let username = checks.take(Username::parse(&fields.username));
    let email = checks.take(Email::parse(&fields.email));
    let password = checks.take(NewPassword::parse(&fields.password));
    let (Some(username), Some(email), Some(password)) = (username, email, password) else {
        return Err(checks.into_error().into());
    };
    let user = state
        .accounts
        .register(Registration {
            username,
            email,
            password,
        })
        .await?;
    let token = issue_token(&state, &user)?;
    Ok((StatusCode::CREATED, UserBody::new(user, token)))
}

async fn login(
    State(state): State<AppState>,
    ValidJson(Wrapped { user: fields }): ValidJson<Wrapped<LoginFields>>,
) -> Result<Json<UserBody>, ApiError> {
    let mut checks = FieldChecks::default();
    let email = checks.take(Email::parse(&fields.email));
    let password = checks.take(Password::parse(&fields.password));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(checks.into_error().into());
    };
    let user = state.accounts.login(&email, &password).await?;
    let token = issue_token(&state, &user)?;
    Ok(UserBody::new(user, token))
}

async fn current_user(auth: AuthUser) -> Json<UserBody> {
    UserBody::new(auth.user, auth.token)
}

async fn update_user(
    State(state): State<AppState>,
    auth: AuthUser,
    ValidJson(Wrapped { user: fields }): ValidJson<Wrapped<UpdateFields>>,
) -> Result<Json<UserBody>, ApiError> {
    let mut checks = FieldChecks::default();
    let username = checks.take(fields.username.as_deref().map(Username::parse).transpose());
    let email = checks.take(fields.email.as_deref().map(Email::parse).transpose());
    let password = checks.take(
        fields
            .password
            .as_deref()
            .map(NewPassword::parse)
            .transpose(),
    );
    let bio = checks.take(
        fields
            .bio
            .map(|bio| Bio::parse_optional(bio.as_deref()))
            .transpose(),
    );
    let image = checks.take(
        fields
            .image
            .map(|image| ImageUrl::parse_optional(image.as_deref()))
            .transpose(),
    );
    let (Some(username), Some(email), Some(password), Some(bio), Some(image)) =
        (username, email, password, bio, image)
    else {
        return Err(checks.into_error().into());
    };
    let update = ProfileUpdate {
        username,
        email,
        password,
        bio,
        image,
    };
    let user = state
        .accounts
        .update(auth.user.id, update, &auth.session.id)
        .await?;
    // A fresh token: after a password change the old one is revoked.
    let token = issue_token(&state, &user)?;
    Ok(UserBody::new(user, token))
}
