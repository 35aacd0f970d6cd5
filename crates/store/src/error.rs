use conduit_domain::{RepositoryError, UniqueField};

/// Failures of connecting and migrating; failures of queries become the domain's
/// `RepositoryError`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL scheme {0:?} (expected sqlite: or postgres:)")]
    UnsupportedUrl(String),
    #[error("could not connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The unique indexes, by name, and the field each protects.
const UNIQUE_INDEXES: [(&str, UniqueField); 2] = [
    ("users_username_key", UniqueField::Username),
    ("users_email_key", UniqueField::Email),
];

/// Translates a driver error into the port's error. PostgreSQL names the violated index;
/// SQLite names the table and column (`UNIQUE constraint failed: users.email`).
pub(crate) fn repository_error(error: sqlx::Error) -> RepositoryError {
    if let sqlx::Error::Database(database_error) = &error {
        if database_error.is_unique_violation() {
            let described = database_error
                .constraint()
                .map_or_else(|| database_error.message().to_owned(), str::to_owned);
            for (index, field) in UNIQUE_INDEXES {
                let table_column = format!("users.{}", field.as_str());
                if described.contains(index) || described.contains(&table_column) {
                    return RepositoryError::Conflict(field);
                }
            }
        }
    }
    RepositoryError::Unavailable(error.to_string())
}
