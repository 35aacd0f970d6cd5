use super::{at_most, required};
use crate::ValidationError;

/// A username: 1 to 40 letters, digits, `_`, `-` or `.`. It appears in URLs
/// (`/api/profiles/:username`), so it never holds spaces, slashes or other characters that
/// would need escaping.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let value = required("username", raw)?;
        at_most("username", value, Self::MAX_CHARS)?;
        if !value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            return Err(ValidationError::new(
                "username",
                "may only contain letters, digits, '_', '-' and '.'",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_a_plain_name_and_trims_around_it() {
        assert_eq!(
            Username::parse("  jake_2.0-x ").unwrap().as_str(),
            "jake_2.0-x"
        );
    }

    #[test]
    fn accepts_non_ascii_letters() {
        assert_eq!(Username::parse("zoë").unwrap().as_str(), "zoë");
    }

    #[test]
    fn rejects_blank_input_as_cant_be_blank() {
        for raw in ["", "   ", "\t\n"] {
            assert_eq!(
                Username::parse(raw),
                Err(ValidationError::blank("username"))
            );
        }
    }

    #[test]
    fn rejects_characters_that_break_urls() {
        for raw in ["jake smith", "a/b", "who?", "x#y", "50%"] {
            let error = Username::parse(raw).unwrap_err();
            assert_eq!(error.field, "username");
            assert_eq!(
                error.message,
                "may only contain letters, digits, '_', '-' and '.'"
            );
        }
    }

    #[test]
    fn length_limit_counts_characters_not_bytes() {
        assert!(Username::parse(&"é".repeat(40)).is_ok());
        assert_eq!(
            Username::parse(&"a".repeat(41)),
            Err(ValidationError::new(
                "username",
                "is too long (maximum is 40 characters)"
            ))
        );
    }
}
