use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::sync::Arc;

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

/// A failure below the domain (a driver error, a lost worker thread, an unreachable service),
/// kept whole so that the one layer that logs it can print its whole chain of causes.
///
/// Errors have no equality of their own, so two causes are equal only when they are the same
/// failure (one allocation, shared by clones). That keeps `PartialEq` on the enums that carry a
/// cause, for their other variants; tests match a cause-carrying variant with `matches!`.
#[derive(Debug, Clone)]
pub struct Cause(Arc<dyn Error + Send + Sync>);

impl Cause {
    /// Wraps an error, or a message (`&str`, `String`) where nothing lower failed.
    pub fn new(error: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        Self(Arc::from(error.into()))
    }

    /// The wrapped error, for a caller that wants to know exactly what failed.
    pub fn get(&self) -> &(dyn Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(formatter)
    }
}

impl Error for Cause {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.0.source()
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Cause {}

/// Displays an error with every cause under it, `outer: inner: innermost`, for a log line.
pub struct ErrorChain<'a>(pub &'a (dyn Error + 'static));

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(formatter, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
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
    #[error("storage failure")]
    Unavailable(#[source] Cause),
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
    #[error("internal failure")]
    Internal(#[source] Cause),
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
            // A row that vanished where no caller could expect it is a fault, kept as the cause.
            other @ (RepositoryError::NotFound | RepositoryError::Unavailable(_)) => {
                DomainError::Internal(Cause::new(other))
            }
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
    fn a_cause_equals_its_clones_and_no_other_cause_with_the_same_text() {
        let disk_full = Cause::new("disk full");
        assert_eq!(disk_full, disk_full.clone());
        assert_ne!(disk_full, Cause::new("disk full"));
        assert_eq!(
            DomainError::Internal(disk_full.clone()),
            DomainError::Internal(disk_full)
        );
    }

    #[test]
    fn a_row_vanishing_under_a_write_is_not_found_and_other_failures_pass_through() {
        let vanished = DomainError::vanished(Entity::Comment);
        assert_eq!(
            vanished(RepositoryError::NotFound),
            DomainError::NotFound(Entity::Comment)
        );
        let disk_full = Cause::new("disk full");
        let internal = vanished(RepositoryError::Unavailable(disk_full.clone()));
        assert!(
            matches!(&internal, DomainError::Internal(_)),
            "{internal:?}"
        );
        assert_eq!(
            ErrorChain(&internal).to_string(),
            "internal failure: storage failure: disk full",
            "the whole chain is kept"
        );
        assert_eq!(
            vanished(RepositoryError::Conflict(UniqueField::Slug)),
            DomainError::Taken(UniqueField::Slug)
        );
    }
}
