use std::fmt;

use argon2::password_hash::rand_core::{OsRng, RngCore};

/// An HS256 signing secret of at least 32 bytes (the hash's output size; anything shorter is
/// brute-forceable offline from one captured token). Never printed.
#[derive(Clone)]
pub struct JwtSecret(Vec<u8>);

#[derive(Debug, thiserror::Error)]
#[error("must be at least {min} bytes (got {got})", min = JwtSecret::MIN_BYTES)]
pub struct SecretTooShort {
    got: usize,
}

impl JwtSecret {
    pub const MIN_BYTES: usize = 32;

    pub fn new(secret: String) -> Result<Self, SecretTooShort> {
        let bytes = secret.into_bytes();
        if bytes.len() < Self::MIN_BYTES {
            return Err(SecretTooShort { got: bytes.len() });
        }
        Ok(Self(bytes))
    }

    /// A fresh secret from the OS's CSPRNG, for development runs without `JWT_SECRET`.
    pub fn random() -> Self {
        let mut bytes = vec![0u8; 64];
        OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for JwtSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JwtSecret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_two_bytes_is_the_minimum() {
        assert!(JwtSecret::new("x".repeat(32)).is_ok());
        assert_eq!(
            JwtSecret::new("x".repeat(31)).unwrap_err().to_string(),
            "must be at least 32 bytes (got 31)"
        );
    }

    #[test]
    fn random_secrets_differ_and_are_long_enough() {
        let (a, b) = (JwtSecret::random(), JwtSecret::random());
        assert_ne!(a.as_bytes(), b.as_bytes());
        assert!(a.as_bytes().len() >= JwtSecret::MIN_BYTES);
    }

    #[test]
    fn debug_hides_the_secret() {
        let secret = JwtSecret::new("a-very-secret-value-of-32-bytes!!".into()).unwrap();
        assert_eq!(format!("{secret:?}"), "JwtSecret(***)");
    }
}
