use super::{at_most, required};
use crate::ValidationError;

/// An email address, lower-cased so that `Jake@Example.com` and `jake@example.com` are one
/// account. Only the shape is checked (one `@`, a local part, a dotted domain, no spaces);
/// whether the mailbox exists is not this type's business.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// RFC 5321 caps a forward path at 254 characters.
    pub const MAX_CHARS: usize = 254;
    /// What `parse` accepts, as a regular expression.
    pub fn pattern() -> String {
        super::patterns::email(Self::MAX_CHARS)
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let value = required("email", raw)?;
        at_most("email", value, Self::MAX_CHARS)?;
        let well_formed = match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if !well_formed {
            return Err(ValidationError::new("email", "is invalid"));
        }
        Ok(Self(value.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_and_trims() {
        assert_eq!(
            Email::parse(" Jake@Example.COM ").unwrap().as_str(),
            "jake@example.com"
        );
    }

    #[test]
    fn rejects_blank_input_as_cant_be_blank() {
        assert_eq!(Email::parse(" "), Err(ValidationError::blank("email")));
    }

    #[test]
    fn rejects_malformed_addresses() {
        for raw in [
            "jake",
            "@example.com",
            "jake@",
            "jake@localhost",
            "jake@@example.com",
            "ja ke@example.com",
            "jake@.com",
            "jake@example.",
        ] {
            assert_eq!(
                Email::parse(raw),
                Err(ValidationError::new("email", "is invalid")),
                "{raw}"
            );
        }
    }

    #[test]
    fn rejects_overlong_addresses() {
        let raw = format!("{}@example.com", "a".repeat(250));
        assert_eq!(
            Email::parse(&raw).unwrap_err().message,
            "is too long (maximum is 254 characters)"
        );
    }
}
