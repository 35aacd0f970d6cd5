//! Accounts: registration, login, the current user and profile updates.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use conduit_domain::services::{ProfileUpdate, Registration};
use conduit_domain::user::{EndedSession, User};
use conduit_domain::values::{AllValid, Bio, Email, ImageUrl, NewPassword, Password, Username};
use conduit_domain::{Cause, DomainError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::fields::present;
use crate::auth::{AuthUser, Session, no_store};
use crate::client_address::ClientAddress;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use crate::validation::ValidJson;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(current_user, update_user))
        .layer(axum::middleware::map_response(no_store))
}

#[derive(Deserialize, ToSchema)]
pub struct NewUserRequest {
    user: NewUser,
}

#[derive(Deserialize, ToSchema)]
pub struct NewUser {
    /// Letters, digits, `_`, `-` and `.`; surrounding whitespace is trimmed before any check.
    username: String,
    /// Trimmed and lower-cased.
    email: String,
    /// Kept exactly as typed; checked against known breaches.
    password: String,
}

impl TryFrom<NewUser> for Registration {
    type Error = DomainError;

    fn try_from(fields: NewUser) -> Result<Self, DomainError> {
        let (username, email, password) = (
            Username::parse(&fields.username),
            Email::parse(&fields.email),
            NewPassword::parse(&fields.password),
        )
            .all_valid()?;
        Ok(Registration {
            username,
            email,
            password,
        })
    }
}

#[derive(Deserialize, ToSchema)]
pub struct LoginUserRequest {
    user: LoginUser,
}

#[derive(Deserialize, ToSchema)]
pub struct LoginUser {
    email: String,
    password: String,
}

impl TryFrom<LoginUser> for (Email, Password) {
    type Error = DomainError;

    fn try_from(fields: LoginUser) -> Result<Self, DomainError> {
        (
            Email::parse(&fields.email),
            Password::parse(&fields.password),
        )
            .all_valid()
    }
}

#[derive(Deserialize, ToSchema)]
pub struct UpdateUserRequest {
    user: UpdateUser,
}

/// Every field is optional; an absent field is left alone. `bio` and `image` may be `null` or
/// `""` to clear them; the others may not be `null`.
#[derive(Deserialize, ToSchema)]
pub struct UpdateUser {
    #[schema(nullable = false)]
    username: Option<String>,
    #[schema(nullable = false)]
    email: Option<String>,
    #[schema(nullable = false)]
    password: Option<String>,
    #[serde(default, deserialize_with = "present")]
    bio: Option<Option<String>>,
    /// An absolute `http(s)` URL.
    #[serde(default, deserialize_with = "present")]
    image: Option<Option<String>>,
}

impl TryFrom<UpdateUser> for ProfileUpdate {
    type Error = DomainError;

    fn try_from(fields: UpdateUser) -> Result<Self, DomainError> {
        let (username, email, password, bio, image) = (
            fields.username.as_deref().map(Username::parse).transpose(),
            fields.email.as_deref().map(Email::parse).transpose(),
            fields
                .password
                .as_deref()
                .map(NewPassword::parse)
                .transpose(),
            fields
                .bio
                .map(|bio| Bio::parse_optional(bio.as_deref()))
                .transpose(),
            fields
                .image
                .map(|image| ImageUrl::parse_optional(image.as_deref()))
                .transpose(),
        )
            .all_valid()?;
        Ok(ProfileUpdate {
            username,
            email,
            password,
            bio,
            image,
        })
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = UserResponse)]
pub struct UserBody {
    user: UserView,
}

/// The signed-in user, with a fresh token.
#[derive(Serialize, ToSchema)]
#[schema(as = User)]
pub struct UserView {
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

fn issue_token(state: &AppState, user: &User, session: &Session) -> Result<String, ApiError> {
    state
        .tokens
        .issue(user, session)
        .map_err(|error| ApiError::Internal(Cause::new(error)))
}

/// Registers a new account; the password is checked against known breaches.
#[utoipa::path(post, path = "/api/users", tag = "users",
    request_body = NewUserRequest,
    responses(
        (status = 201, description = "Registered and signed in", body = UserBody),
        (status = 409, description = "The username or email is taken", body = ErrorBody),
        (status = 429, description = "Too many registrations from this client address", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until one more is let through"))),
        (status = 503, description = "The breach check is unavailable and the policy refuses", body = ErrorBody),
    ))]
async fn register(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ValidJson(NewUserRequest { user: fields }): ValidJson<NewUserRequest>,
) -> Result<(StatusCode, Json<UserBody>), ApiError> {
    state.throttle.admit_registration(address).await?;
    let user = state.accounts.register(fields.try_into()?).await?;
    let token = issue_token(&state, &user, &state.tokens.begin_session())?;
    Ok((StatusCode::CREATED, UserBody::new(user, token)))
}

#[utoipa::path(post, path = "/api/users/login", tag = "users",
    request_body = LoginUserRequest,
    responses(
        (status = 200, description = "Signed in", body = UserBody),
        (status = 401, description = "Unknown email or wrong password", body = ErrorBody),
        (status = 429, description = "Too many wrong passwords for this account or from this client \
            address; while held back, the right password is refused too", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds until one more attempt is let through"))),
    ))]
async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ValidJson(LoginUserRequest { user: fields }): ValidJson<LoginUserRequest>,
) -> Result<Json<UserBody>, ApiError> {
    let (email, password) = fields.try_into()?;
    state.throttle.admit_login(&email, address).await?;
    let user = match state.accounts.login(&email, &password).await {
        // Asked again: a guess that hit while others spent the budget gets no verdict either.
        Ok(user) => {
            state.throttle.admit_login(&email, address).await?;
            user
        }
        Err(DomainError::InvalidCredentials) => {
            state.throttle.charge_failed_login(&email, address).await?;
            return Err(DomainError::InvalidCredentials.into());
        }
        Err(error) => return Err(error.into()),
    };
    let token = issue_token(&state, &user, &state.tokens.begin_session())?;
    Ok(UserBody::new(user, token))
}

#[utoipa::path(get, path = "/api/user", tag = "users", security(("token" = [])),
    responses((status = 200, description = "The signed-in user; the token is a fresh one once the presented one is past half its lifetime", body = UserBody)))]
async fn current_user(
    State(state): State<AppState>,
    auth: AuthUser,
) -> Result<Json<UserBody>, ApiError> {
    // A client in use renews its session by asking who it is, so only an idle one outlives its
    // token. Before half its life the presented token is as good as a new one: it was just
    // checked against the account's current version.
    let token = if state.tokens.wants_renewal(auth.issued_at, auth.expires_at) {
        issue_token(&state, &auth.user, &auth.current_session())?
    } else {
        auth.token
    };
    Ok(UserBody::new(auth.user, token))
}

#[utoipa::path(put, path = "/api/user", tag = "users", security(("token" = [])),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "Updated, with a fresh token", body = UserBody),
        (status = 409, description = "The new username or email is taken", body = ErrorBody),
        (status = 503, description = "The breach check is unavailable and the policy refuses", body = ErrorBody),
    ))]
async fn update_user(
    State(state): State<AppState>,
    auth: AuthUser,
    ValidJson(UpdateUserRequest { user: fields }): ValidJson<UpdateUserRequest>,
) -> Result<Json<UserBody>, ApiError> {
    let user = state
        .accounts
        .update(auth.user.id, fields.try_into()?, &auth.session.id)
        .await?;
    // A fresh token of the same session: after a password change the old one is revoked.
    let token = issue_token(&state, &user, &auth.current_session())?;
    Ok(UserBody::new(user, token))
}

/// Signs out: the session of the presented token ends on every instance. That token and every
/// token renewed from it are refused from now on; the user's other sessions go on.
#[utoipa::path(post, path = "/api/users/logout", tag = "users", security(("token" = [])),
    responses((status = 204, description = "Signed out of this session")))]
async fn logout(State(state): State<AppState>, auth: AuthUser) -> Result<StatusCode, ApiError> {
    let ended = EndedSession {
        id: auth.session.session.clone(),
        lasts_until: state.tokens.session_ends_at(auth.session_began_at),
    };
    state
        .accounts
        .end_session(auth.user.id, ended, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
