use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use conduit_domain::DomainError;
use conduit_domain::services::AccountService;
use conduit_domain::user::{SessionToken, User, UserId};

use super::AuthError;
use super::header::token_from;
use super::{Session, TokenService};

/// The user a request acts for; extracting it fails with 401 when there is no valid token.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user: User,
    /// Its version and id, for re-checks and for naming the session a password change keeps.
    pub session: SessionToken,
    /// The token as presented, handed back while it is not due for renewal.
    pub token: String,
    /// When the token's session began; it ends a fixed time later, however often renewed.
    pub session_began_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    /// When the token stops being valid; a WebSocket session closes then.
    pub expires_at: DateTime<Utc>,
}

impl AuthUser {
    /// The session the request's token belongs to, which a renewed token carries on.
    pub fn current_session(&self) -> Session {
        Session {
            id: self.session.session.clone(),
            began_at: self.session_began_at,
        }
    }
}

/// Why the extractors turn a request away: it is not authenticated, or the account behind its
/// token could not be looked up. `ApiError` answers for it, so auth needs nothing of the HTTP
/// error layer.
#[derive(Debug, thiserror::Error)]
pub enum AuthRejection {
    #[error(transparent)]
    Unauthenticated(#[from] AuthError),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

/// The viewer of a public route: anonymous without a token, but a *bad* token is still a 401,
/// so that a client with an expired session finds out instead of silently seeing less.
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

impl MaybeAuthUser {
    /// Whose eyes the response is for (`following`, `favorited`), if anyone's.
    pub fn id(&self) -> Option<UserId> {
        self.0.as_ref().map(|auth| auth.user.id)
    }
}

/// What authenticating a request takes, drawn from any application state that holds it
/// (`FromRef`), so that auth needs nothing of the state it is used in.
#[derive(Clone)]
pub struct Authenticator {
    pub tokens: Arc<TokenService>,
    pub accounts: Arc<AccountService>,
}

impl<S> FromRequestParts<S> for AuthUser
where
    S: Send + Sync,
    Authenticator: FromRef<S>,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRejection> {
        let MaybeAuthUser(viewer) = MaybeAuthUser::from_request_parts(parts, state).await?;
        Ok(viewer.ok_or(AuthError::Missing)?)
    }
}

impl<S> FromRequestParts<S> for MaybeAuthUser
where
    S: Send + Sync,
    Authenticator: FromRef<S>,
{
    type Rejection = AuthRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AuthRejection> {
        let Some(token) = token_from(&parts.headers)? else {
            return Ok(MaybeAuthUser(None));
        };
        let viewer = Authenticator::from_ref(state).authenticate(token).await?;
        Ok(MaybeAuthUser(Some(viewer)))
    }
}

impl Authenticator {
    /// Verifies `token` and finds the user it speaks for, unless it has been revoked.
    pub async fn authenticate(&self, token: &str) -> Result<AuthUser, AuthRejection> {
        let verified = self.tokens.verify(token).map_err(|_| AuthError::Invalid)?;
        let user = self
            .accounts
            .authenticate(verified.user_id, &verified.session)
            .await
            .map_err(|error| match error {
                DomainError::Unauthenticated => AuthRejection::from(AuthError::Invalid),
                other => other.into(),
            })?;
        Ok(AuthUser {
            user,
            session: verified.session,
            token: token.to_owned(),
            session_began_at: verified.session_began_at,
            issued_at: verified.issued_at,
            expires_at: verified.expires_at,
        })
    }
}
