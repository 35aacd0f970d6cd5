//! Accounts: registration, login, profile updates and the revocation check every authenticated
//! request makes.

mod breach_policy;

pub use breach_policy::BreachPolicy;

use std::sync::Arc;

use crate::ports::{BreachedPasswords, PasswordHasher, UserRepository};
use chrono::{DateTime, Utc};

use crate::user::{
    EndedSession, NewUser, PasswordChange, SessionToken, TokenId, User, UserChanges, UserId,
};
use crate::values::{Bio, Email, ImageUrl, NewPassword, Password, PasswordHash, Username};
use crate::{Cause, DomainError, ErrorChain, RepositoryError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub username: Username,
    pub email: Email,
    pub password: NewPassword,
}

/// A partial profile update as the user asked for it. `None` leaves a field alone; for bio and
/// image `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileUpdate {
    pub username: Option<Username>,
    pub email: Option<Email>,
    pub password: Option<NewPassword>,
    pub bio: Option<Option<Bio>>,
    pub image: Option<Option<ImageUrl>>,
}

pub struct AccountService {
    users: Arc<dyn UserRepository>,
    hasher: Arc<dyn PasswordHasher>,
    breaches: Arc<dyn BreachedPasswords>,
    breach_policy: BreachPolicy,
}

impl AccountService {
    pub fn new(
        users: Arc<dyn UserRepository>,
        hasher: Arc<dyn PasswordHasher>,
        breaches: Arc<dyn BreachedPasswords>,
        breach_policy: BreachPolicy,
    ) -> Self {
        Self {
            users,
            hasher,
            breaches,
            breach_policy,
        }
    }

    pub async fn register(&self, registration: Registration) -> Result<User, DomainError> {
        self.reject_breached(&registration.password).await?;
        let password_hash = self.hash(&registration.password).await?;
        let user = self
            .users
            .insert(NewUser {
                username: registration.username,
                email: registration.email,
                password_hash,
            })
            .await?;
        Ok(user)
    }

    /// Unknown email and wrong password fail identically, and both cost one hash verification.
    pub async fn login(&self, email: &Email, password: &Password) -> Result<User, DomainError> {
        let user = self.users.find_by_email(email).await?;
        let stored_hash = user.as_ref().map(|user| user.password_hash.clone());
        let matches = self
            .hasher
            .verify(password, stored_hash)
            .await
            .map_err(|error| DomainError::Internal(Cause::new(error)))?;
        match user {
            Some(user) if matches => Ok(user),
            _ => Err(DomainError::InvalidCredentials),
        }
    }

    /// The user a token speaks for, provided the token has not been revoked since it was issued.
    pub async fn authenticate(
        &self,
        id: UserId,
        token: &SessionToken,
    ) -> Result<User, DomainError> {
        match self.users.find_by_id(id).await? {
            Some(user) if user.admits(token) => Ok(user),
            _ => Err(DomainError::Unauthenticated),
        }
    }

    /// Applies a partial update made through the token `made_by`. A new password is checked
    /// against breaches, hashed, and revokes every token issued before it except `made_by`.
    pub async fn update(
        &self,
        id: UserId,
        update: ProfileUpdate,
        made_by: &TokenId,
    ) -> Result<User, DomainError> {
        let password = match &update.password {
            Some(password) => {
                self.reject_breached(password).await?;
                Some(PasswordChange {
                    hash: self.hash(password).await?,
                    kept_token: made_by.clone(),
                })
            }
            None => None,
        };
        let changes = UserChanges {
            username: update.username,
            email: update.email,
            bio: update.bio,
            image: update.image,
            password,
        };
        self.users
            .update(id, changes)
            .await
            .map_err(|error| match error {
                RepositoryError::NotFound => DomainError::Unauthenticated,
                other => other.into(),
            })
    }

    /// Signs the user out of `session`: every token of it is refused from now on, on every
    /// instance; the user's other sessions go on.
    pub async fn end_session(
        &self,
        id: UserId,
        session: EndedSession,
        now: DateTime<Utc>,
    ) -> Result<(), DomainError> {
        self.users
            .end_session(id, session, now)
            .await
            .map_err(|error| match error {
                RepositoryError::NotFound => DomainError::Unauthenticated,
                other => other.into(),
            })
    }

    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, DomainError> {
        self.hasher
            .hash(password)
            .await
            .map_err(|error| DomainError::Internal(Cause::new(error)))
    }

    async fn reject_breached(&self, password: &NewPassword) -> Result<(), DomainError> {
        let fail_closed = match self.breach_policy {
            BreachPolicy::Off => return Ok(()),
            BreachPolicy::FailOpen => false,
            BreachPolicy::FailClosed => true,
        };
        match self.breaches.times_seen(password).await {
            Ok(0) => Ok(()),
            Ok(_) => Err(DomainError::BreachedPassword),
            Err(error) if fail_closed => {
                let error = ErrorChain(&error);
                tracing::warn!(%error, "refusing a password that could not be checked for breaches");
                Err(DomainError::BreachCheckUnavailable)
            }
            Err(error) => {
                let error = ErrorChain(&error);
                tracing::warn!(%error, "accepting a password that could not be checked for breaches");
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod fixtures;

#[cfg(test)]
mod register_tests;

#[cfg(test)]
mod login_tests;

#[cfg(test)]
mod authenticate_tests;

#[cfg(test)]
mod update_tests;

#[cfg(test)]
mod session_tests;

#[cfg(test)]
mod end_session_tests;
