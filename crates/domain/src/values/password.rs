use std::fmt;

use super::at_most;
use crate::ValidationError;

/// NIST SP 800-63B: at least 8 characters for a chosen password, no composition rules.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Passwords are capped before hashing so that nobody can make the server hash megabytes; NIST
/// asks for at least 64 characters to be accepted.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A password as typed at login: non-empty and within the hashing cap. Its `Debug` never shows
/// the text, so it cannot leak into logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// What `parse` accepts but its length (untrimmed, so `maxLength` says it): no NUL.
    pub const PATTERN: &str = super::patterns::ANY_TEXT;

    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        if raw.is_empty() {
            return Err(ValidationError::blank("password"));
        }
        at_most("password", raw, MAX_PASSWORD_CHARS)?;
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A password someone chooses (registration, password change): a [`Password`] that also meets
/// the length policy. Whitespace counts, as NIST asks; nothing is trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPassword(Password);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let password = Password::parse(raw)?;
        if raw.chars().count() < MIN_PASSWORD_CHARS {
            return Err(ValidationError::new(
                "password",
                format!("is too short (minimum is {MIN_PASSWORD_CHARS} characters)"),
            ));
        }
        Ok(Self(password))
    }

    pub fn as_password(&self) -> &Password {
        &self.0
    }
}

/// A stored password hash in PHC string form. Redacted in `Debug` like the password itself.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn new(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_password_only_needs_to_be_non_empty() {
        assert_eq!(Password::parse("x").unwrap().expose(), "x");
        assert_eq!(Password::parse(""), Err(ValidationError::blank("password")));
    }

    #[test]
    fn new_password_needs_eight_characters() {
        assert_eq!(
            NewPassword::parse("short7c"),
            Err(ValidationError::new(
                "password",
                "is too short (minimum is 8 characters)"
            ))
        );
        assert!(NewPassword::parse("bonjour1").is_ok());
        assert!(
            NewPassword::parse("           ").is_ok(),
            "spaces count as characters"
        );
    }

    #[test]
    fn new_password_accepts_64_and_caps_at_256_characters() {
        assert!(NewPassword::parse(&"p".repeat(64)).is_ok());
        assert!(NewPassword::parse(&"é".repeat(MAX_PASSWORD_CHARS)).is_ok());
        assert_eq!(
            NewPassword::parse(&"p".repeat(MAX_PASSWORD_CHARS + 1))
                .unwrap_err()
                .message,
            "is too long (maximum is 256 characters)"
        );
        assert!(Password::parse(&"p".repeat(MAX_PASSWORD_CHARS + 1)).is_err());
    }

    #[test]
    fn debug_output_never_shows_secrets() {
        let password = NewPassword::parse("correct horse").unwrap();
        assert!(!format!("{password:?}").contains("horse"));
        let hash = PasswordHash::new("$argon2id$secret".into());
        assert!(!format!("{hash:?}").contains("secret"));
    }

    #[test]
    fn debug_output_says_what_was_redacted() {
        // An empty `Debug` would hide the secret too, and hide in a log that a value was there.
        let password = NewPassword::parse("correct horse").unwrap();
        assert_eq!(format!("{password:?}"), "NewPassword(Password(***))");
        let hash = PasswordHash::new("$argon2id$secret".into());
        assert_eq!(format!("{hash:?}"), "PasswordHash(***)");
    }

    #[test]
    fn a_hash_gives_back_exactly_the_phc_string_it_holds() {
        let phc = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
        assert_eq!(PasswordHash::new(phc.into()).as_str(), phc);
        assert_eq!(PasswordHash::new("other".into()).as_str(), "other");
    }
}
