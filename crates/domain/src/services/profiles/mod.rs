//! The rules of profiles: how a user looks to a viewer, and following.

use std::sync::Arc;

use crate::ports::ProfileRepository;
use crate::profiles::Profile;
use crate::user::UserId;
use crate::values::Username;
use crate::{DomainError, Entity, ValidationError};

pub struct ProfileService {
    profiles: Arc<dyn ProfileRepository>,
}

impl ProfileService {
    pub fn new(profiles: Arc<dyn ProfileRepository>) -> Self {
        Self { profiles }
    }

    pub async fn get(
        &self,
        username: &Username,
        viewer: Option<UserId>,
    ) -> Result<Profile, DomainError> {
        let (_, profile) = self.find(username, viewer).await?;
        Ok(profile)
    }

    /// Idempotent. Following yourself is refused: it would put your own articles in your feed
    /// and count you among your followers, and no client offers it.
    pub async fn follow(
        &self,
        viewer: UserId,
        username: &Username,
    ) -> Result<Profile, DomainError> {
        let (id, profile) = self.find(username, Some(viewer)).await?;
        if id == viewer {
            return Err(ValidationError::new("profile", "cannot follow yourself").into());
        }
        self.profiles
            .follow(viewer, id)
            .await
            .map_err(DomainError::vanished(Entity::Profile))?;
        Ok(Profile {
            following: true,
            ..profile
        })
    }

    /// Idempotent. Unfollowing yourself is allowed: it leaves nothing followed, which is true.
    pub async fn unfollow(
        &self,
        viewer: UserId,
        username: &Username,
    ) -> Result<Profile, DomainError> {
        let (id, profile) = self.find(username, Some(viewer)).await?;
        self.profiles
            .unfollow(viewer, id)
            .await
            .map_err(DomainError::vanished(Entity::Profile))?;
        Ok(Profile {
            following: false,
            ..profile
        })
    }

    async fn find(
        &self,
        username: &Username,
        viewer: Option<UserId>,
    ) -> Result<(UserId, Profile), DomainError> {
        self.profiles
            .find_by_username(username, viewer)
            .await?
            .ok_or(DomainError::NotFound(Entity::Profile))
    }
}

#[cfg(test)]
mod tests;
