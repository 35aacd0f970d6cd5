use conduit_domain::{DomainError, ValidationError};

/// Collects the outcome of parsing several fields so that a client hears about every bad field
/// at once, not one per round trip.
#[derive(Default)]
pub struct FieldChecks {
    errors: Vec<ValidationError>,
}

impl FieldChecks {
    pub fn take<T>(&mut self, parsed: Result<T, ValidationError>) -> Option<T> {
        parsed.map_err(|error| self.errors.push(error)).ok()
    }

    /// The error to answer with once a field failed to parse.
    pub fn into_error(self) -> DomainError {
        DomainError::Invalid(self.errors)
    }
}

/// Serde helper for a field that may be absent (`None`), `null` (`Some(None)`) or a value.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}
