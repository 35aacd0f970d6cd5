use chrono::{DateTime, Utc};

use crate::values::{Bio, Email, ImageUrl, PasswordHash, Username};

/// Database identity of a user. Tokens are keyed on it, so renaming a user or changing their
/// email keeps their tokens working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

/// Bumped whenever the user's credentials change; a token carrying an older version is dead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TokenVersion(pub i64);

/// A token's own id (its `jti`): unique per issued token, so it names exactly one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenId(pub String);

/// A session's id (the token's `sid`): one per sign-in, carried by every token renewed from it,
/// so that signing out can end all of them at once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionId(pub String);

/// What a verified token says about its session: the user's token version when it was issued,
/// its own id, and the session it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionToken {
    pub version: TokenVersion,
    pub id: TokenId,
    pub session: SessionId,
}

/// A session signed out of, kept until `lasts_until`, when it would have ended anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedSession {
    pub id: SessionId,
    pub lasts_until: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: Username,
    pub email: Email,
    pub bio: Option<Bio>,
    pub image: Option<ImageUrl>,
    pub password_hash: PasswordHash,
    pub token_version: TokenVersion,
    /// The token that made the last password change; it outlives the version bump.
    pub kept_token: Option<TokenId>,
    /// Sessions the user signed out of that have not yet reached their end.
    pub ended_sessions: Vec<SessionId>,
}

impl User {
    /// Whether a token of this user is still current: its session was not signed out of, and
    /// it carries the current version or it is the one token whose session made the last
    /// password change. Every other token issued before that change is revoked.
    pub fn admits(&self, token: &SessionToken) -> bool {
        let current =
            token.version == self.token_version || self.kept_token.as_ref() == Some(&token.id);
        current && !self.ended_sessions.contains(&token.session)
    }
}

/// What registration stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: Username,
    pub email: Email,
    pub password_hash: PasswordHash,
}

/// A partial update as the repository applies it. `None` leaves a column alone; for the
/// nullable columns `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChanges {
    pub username: Option<Username>,
    pub email: Option<Email>,
    pub bio: Option<Option<Bio>>,
    pub image: Option<Option<ImageUrl>>,
    pub password: Option<PasswordChange>,
}

/// A new password as stored. It bumps the token version, revoking every token issued before it
/// except `kept_token`, the one whose session made the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordChange {
    pub hash: PasswordHash,
    pub kept_token: TokenId,
}
