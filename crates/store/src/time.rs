//! Timestamps are stored as integer microseconds since the Unix epoch (UTC) on both backends.

use chrono::{DateTime, Utc};
use conduit_domain::{Cause, RepositoryError};

/// What is stored for `at`; anything finer than a microsecond is dropped, which is why writes
/// return the row as read back rather than the value they were given.
pub(crate) fn to_micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

pub(crate) fn from_micros(micros: i64) -> Result<DateTime<Utc>, RepositoryError> {
    DateTime::from_timestamp_micros(micros).ok_or_else(|| {
        RepositoryError::Unavailable(Cause::new(format!("timestamp {micros} is out of range")))
    })
}
