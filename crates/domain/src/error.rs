use std::borrow::Cow;

/// One rejected input field: the field name as the API spells it and a message in the
/// RealWorld style ("can't be blank", "is too short (minimum is 8 characters)").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {message}")]
pub struct ValidationError {
    pub field: &'static str,
    pub message: Cow<'static, str>,
}

impl ValidationError {
    pub fn new(field: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }

    pub fn blank(field: &'static str) -> Self {
        Self::new(field, "can't be blank")
    }
}

/// The columns whose uniqueness the storage enforces with constraints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniqueField {
    Username,
    Email,
    Slug,
}

impl UniqueField {
    pub fn as_str(self) -> &'static str {
        match self {
            UniqueField::Username => "username",
            UniqueField::Email => "email",
            UniqueField::Slug => "slug",
        }
    }
}

/// What a request can name that may turn out not to exist, or not to be the caller's to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Article,
    Profile,
    Comment,
}

impl Entity {
    /// The key of the RealWorld error body: `{"errors":{"article":["not found"]}}`.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Article => "article",
            Entity::Profile => "profile",
            Entity::Comment => "comment",
        }
    }
}

/// What a repository adapter may report. Adapters translate their driver's errors into these,
/// so the rules above them never see SQL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepositoryError {
    #[error("{} is already taken", .0.as_str())]
    Conflict(UniqueField),
    #[error("the record does not exist")]
    NotFound,
    #[error("the storage rejected the input: {0}")]
    InvalidInput(ValidationError),
    #[error("storage failure: {0}")]
    Unavailable(String),
}

/// Every way a use case can fail. The HTTP layer maps each variant to one status code, once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("invalid input: {0:?}")]
    Invalid(Vec<ValidationError>),
    #[error("{} has already been taken", .0.as_str())]
    Taken(UniqueField),
    #[error("email or password is invalid")]
    InvalidCredentials,
    #[error("the credentials are no longer valid")]
    Unauthenticated,
    #[error("the password has appeared in a data breach")]
    BreachedPassword,
    #[error("the breached-password service could not be reached")]
    BreachCheckUnavailable,
    #[error("{} not found", .0.as_str())]
    NotFound(Entity),
    #[error("only its author may change this {}", .0.as_str())]
    Forbidden(Entity),
    #[error("internal failure: {0}")]
    Internal(String),
}

impl From<ValidationError> for DomainError {
    fn from(error: ValidationError) -> Self {
        DomainError::Invalid(vec![error])
    }
}

impl From<RepositoryError> for DomainError {
    fn from(error: RepositoryError) -> Self {
        match error {
            RepositoryError::Conflict(field) => DomainError::Taken(field),
            RepositoryError::InvalidInput(error) => error.into(),
            RepositoryError::NotFound => DomainError::Internal("record vanished".into()),
            RepositoryError::Unavailable(detail) => DomainError::Internal(detail),
        }
    }
}

impl DomainError {
    /// For a write on a row that was looked up just before: if a concurrent request deleted it
    /// in between, the caller gets the 404 the look-up would have given, not a 500.
    pub(crate) fn vanished(entity: Entity) -> impl Fn(RepositoryError) -> DomainError {
        move |error| match error {
            RepositoryError::NotFound => DomainError::NotFound(entity),
            other => other.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_named_as_the_api_spells_them() {
        assert_eq!(Entity::Article.as_str(), "article");
        assert_eq!(Entity::Profile.as_str(), "profile");
        assert_eq!(Entity::Comment.as_str(), "comment");
        assert_eq!(UniqueField::Slug.as_str(), "slug");
    }

    #[test]
    fn a_row_vanishing_under_a_write_is_not_found_and_other_failures_pass_through() {
        let vanished = DomainError::vanished(Entity::Comment);
        assert_eq!(
            vanished(RepositoryError::NotFound),
            DomainError::NotFound(Entity::Comment)
        );
        assert_eq!(
            vanished(RepositoryError::Unavailable("disk full".into())),
            DomainError::Internal("disk full".into())
        );
        assert_eq!(
            vanished(RepositoryError::Conflict(UniqueField::Slug)),
            DomainError::Taken(UniqueField::Slug)
        );
    }
}
