use conduit_domain::{Cause, RepositoryError, UniqueField, ValidationError};

/// Failures of connecting and migrating; failures of queries become the domain's
/// `RepositoryError`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL scheme {0:?} (expected sqlite: or postgres:)")]
    UnsupportedUrl(String),
    /// Names the variable and where it points, never the password; the cause is the source.
    #[error("DATABASE_URL {database}: could not connect")]
    Connect {
        database: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("could not migrate the database")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Rows from before migration 0004 get their canonical username at start-up.
    #[error("could not fill in the canonical usernames of older users")]
    FillIn(#[source] RepositoryError),
    #[error(
        "user {id}'s username {username:?} looks like another user's; rename one of them and start again"
    )]
    LookAlikeUsernames { id: i64, username: String },
}

impl StoreError {
    /// The error for `url` failing because of `source`.
    pub(crate) fn connect(
        url: &str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        StoreError::Connect {
            database: redacted(url),
            source: source.into(),
        }
    }
}

/// The unique indexes, by name, with the column each is on (as SQLite names it in its message)
/// and the field it protects.
const UNIQUE_INDEXES: [(&str, &str, UniqueField); 3] = [
    (
        "users_username_canonical_key",
        "users.username_canonical",
        UniqueField::Username,
    ),
    ("users_email_key", "users.email", UniqueField::Email),
    ("articles_slug_key", "articles.slug", UniqueField::Slug),
];

/// PostgreSQL's SQLSTATEs for text it cannot store: `invalid_byte_sequence` (a NUL character)
/// and `untranslatable_character`.
const UNSTORABLE_TEXT: [&str; 2] = ["22021", "22P05"];

/// Translates a driver error into the port's error. PostgreSQL names the violated index;
/// SQLite names the table and column (`UNIQUE constraint failed: articles.slug`). A foreign key
/// violation means a row the write refers to (the article, the user) is gone.
pub(crate) fn repository_error(error: sqlx::Error) -> RepositoryError {
    if let sqlx::Error::Database(database_error) = &error {
        if database_error.is_unique_violation() {
            let described = database_error
                .constraint()
                .map_or_else(|| database_error.message().to_owned(), str::to_owned);
            for (index, column, field) in UNIQUE_INDEXES {
                if described.contains(index) || described.contains(column) {
                    return RepositoryError::Conflict(field);
                }
            }
        }
        if database_error.is_foreign_key_violation() {
            return RepositoryError::NotFound;
        }
        // Input the value types let through but PostgreSQL refuses is the client's mistake (a
        // 422), not a storage failure. Which field it was is not reported, hence "input". The
        // value types refuse NUL already; this is the wall behind them.
        if database_error
            .code()
            .is_some_and(|code| UNSTORABLE_TEXT.contains(&code.as_ref()))
        {
            return RepositoryError::InvalidInput(ValidationError::new(
                "input",
                "contains a character that cannot be stored",
            ));
        }
    }
    RepositoryError::Unavailable(Cause::new(error))
}

/// A stored row that no longer parses: it went through the same value types on the way in, so
/// it was changed behind our back, which is a storage fault, not bad input.
#[derive(Debug, thiserror::Error)]
#[error("{owner} holds an invalid value")]
pub(crate) struct CorruptRow {
    owner: String,
    #[source]
    source: Box<dyn std::error::Error + Send + Sync>,
}

/// The error for a row of `owner` ("article 7") that does not parse because of `source`.
pub(crate) fn corrupt<E>(owner: &str) -> impl Fn(E) -> RepositoryError + '_
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    move |source| {
        RepositoryError::Unavailable(Cause::new(CorruptRow {
            owner: owner.to_owned(),
            source: source.into(),
        }))
    }
}

/// `url` fit for a message: scheme, user, host and path, without password or query string.
pub(crate) fn redacted(url: &str) -> String {
    let url = url.split('?').next().unwrap_or_default();
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = userinfo.split(':').next().unwrap_or_default();
    format!("{scheme}://{user}@{host}{path}")
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use sqlx::error::{DatabaseError, ErrorKind};

    use super::*;

    /// A driver error as each backend words it.
    #[derive(Debug, thiserror::Error)]
    #[error("{message}")]
    struct DriverError {
        message: &'static str,
        code: &'static str,
        constraint: Option<&'static str>,
        kind: ErrorKind,
    }

    impl DatabaseError for DriverError {
        fn message(&self) -> &str {
            self.message
        }
        fn code(&self) -> Option<Cow<'_, str>> {
            Some(self.code.into())
        }
        fn constraint(&self) -> Option<&str> {
            self.constraint
        }
        fn kind(&self) -> ErrorKind {
            // `ErrorKind` is neither `Clone` nor `Copy`.
            match self.kind {
                ErrorKind::UniqueViolation => ErrorKind::UniqueViolation,
                ErrorKind::ForeignKeyViolation => ErrorKind::ForeignKeyViolation,
                _ => ErrorKind::Other,
            }
        }
        fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
            self
        }
    }

    fn mapped(
        message: &'static str,
        code: &'static str,
        constraint: Option<&'static str>,
        kind: ErrorKind,
    ) -> RepositoryError {
        repository_error(sqlx::Error::Database(Box::new(DriverError {
            message,
            code,
            constraint,
            kind,
        })))
    }

    #[test]
    fn database_urls_lose_their_password_and_query_in_messages() {
        assert_eq!(
            redacted("postgres://conduit:s3cret@db.example:5432/conduit?password=x"),
            "postgres://conduit@db.example:5432/conduit"
        );
        assert_eq!(
            redacted("sqlite:///var/lib/conduit.db"),
            "sqlite:///var/lib/conduit.db"
        );
        assert_eq!(
            redacted("sqlite://conduit.db?mode=rwc"),
            "sqlite://conduit.db"
        );
    }

    #[test]
    fn postgres_unique_violations_are_named_by_their_index() {
        for (index, field) in [
            ("users_username_canonical_key", UniqueField::Username),
            ("users_email_key", UniqueField::Email),
            ("articles_slug_key", UniqueField::Slug),
        ] {
            assert_eq!(
                mapped(
                    "duplicate key value violates unique constraint",
                    "23505",
                    Some(index),
                    ErrorKind::UniqueViolation
                ),
                RepositoryError::Conflict(field)
            );
        }
    }

    #[test]
    fn sqlite_unique_violations_are_named_by_table_and_column() {
        for (message, field) in [
            (
                "UNIQUE constraint failed: users.username_canonical",
                UniqueField::Username,
            ),
            ("UNIQUE constraint failed: users.email", UniqueField::Email),
            ("UNIQUE constraint failed: articles.slug", UniqueField::Slug),
        ] {
            assert_eq!(
                mapped(message, "2067", None, ErrorKind::UniqueViolation),
                RepositoryError::Conflict(field)
            );
        }
    }

    #[test]
    fn a_unique_violation_of_another_index_is_a_failure() {
        assert!(matches!(
            mapped(
                "UNIQUE constraint failed: users.slug",
                "2067",
                None,
                ErrorKind::UniqueViolation
            ),
            RepositoryError::Unavailable(_)
        ));
    }

    #[test]
    fn a_foreign_key_violation_is_a_missing_row() {
        for (message, code) in [
            ("FOREIGN KEY constraint failed", "787"),
            ("insert or update violates foreign key constraint", "23503"),
        ] {
            assert_eq!(
                mapped(message, code, None, ErrorKind::ForeignKeyViolation),
                RepositoryError::NotFound
            );
        }
    }

    #[test]
    fn text_postgres_cannot_store_is_invalid_input() {
        for code in ["22021", "22P05"] {
            assert_eq!(
                mapped("invalid byte sequence", code, None, ErrorKind::Other),
                RepositoryError::InvalidInput(ValidationError::new(
                    "input",
                    "contains a character that cannot be stored"
                ))
            );
        }
        assert!(matches!(
            mapped("disk I/O error", "10", None, ErrorKind::Other),
            RepositoryError::Unavailable(_)
        ));
    }
}
