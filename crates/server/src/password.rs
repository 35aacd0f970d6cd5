//! The argon2id adapter of the domain's `PasswordHasher` port.

use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{
    PasswordHash as PhcHash, PasswordHasher as _, PasswordVerifier as _, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use async_trait::async_trait;
use conduit_domain::Cause;
use conduit_domain::ports::{HashError, PasswordHasher};
use conduit_domain::values::{NewPassword, Password, PasswordHash};
use tokio::sync::Semaphore;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Config {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    /// Hashes computed at once; more would only queue on the CPU and exhaust memory.
    pub max_concurrent_hashes: u16,
}

impl Argon2Config {
    /// OWASP's recommended argon2id parameters; the production default.
    pub const PRODUCTION: Argon2Config = Argon2Config {
        memory_kib: 19_456,
        iterations: 2,
        parallelism: 1,
        max_concurrent_hashes: 2,
    };

    /// The smallest parameters argon2 allows. For tests only, set through configuration.
    pub const CHEAPEST: Argon2Config = Argon2Config {
        memory_kib: 8,
        iterations: 1,
        parallelism: 1,
        max_concurrent_hashes: 4,
    };

    /// Whether argon2 accepts these parameters, checked at start-up rather than at first login.
    pub fn validate(&self) -> Result<(), argon2::Error> {
        params(self).map(|_| ())
    }
}

fn params(config: &Argon2Config) -> Result<Params, argon2::Error> {
    Params::new(
        config.memory_kib,
        config.iterations,
        config.parallelism,
        None,
    )
}

pub struct Argon2Hasher {
    argon2: Argon2<'static>,
    /// Hashing is CPU- and memory-bound: it runs on blocking threads, a few at a time, so that
    /// a burst of logins can neither stall the async runtime nor exhaust memory.
    permits: Arc<Semaphore>,
    /// Verified against when the account does not exist, with the same parameters as real
    /// hashes, so that both cases cost the same time.
    dummy_hash: String,
}

impl Argon2Hasher {
    pub fn new(config: &Argon2Config) -> Result<Self, HashError> {
        let params = params(config).map_err(|error| HashError(Cause::new(error)))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let dummy_hash = hash_with(&argon2, "a password that no account has")?;
        Ok(Self {
            argon2,
            permits: Arc::new(Semaphore::new(usize::from(
                config.max_concurrent_hashes.max(1),
            ))),
            dummy_hash,
        })
    }

    async fn on_blocking_thread<T: Send + 'static>(
        &self,
        work: impl FnOnce(Argon2<'static>) -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|error| HashError(Cause::new(error)))?;
        let argon2 = self.argon2.clone();
        tokio::task::spawn_blocking(move || work(argon2))
            .await
            .map_err(|error| HashError(Cause::new(error)))?
    }
}

fn hash_with(argon2: &Argon2<'_>, password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| HashError(Cause::new(error)))
}

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, HashError> {
        let password = password.as_password().expose().to_owned();
        self.on_blocking_thread(move |argon2| hash_with(&argon2, &password).map(PasswordHash::new))
            .await
    }

    async fn verify(
        &self,
        password: &Password,
        hash: Option<PasswordHash>,
    ) -> Result<bool, HashError> {
        let known_account = hash.is_some();
        let phc = hash.map_or_else(|| self.dummy_hash.clone(), |hash| hash.as_str().to_owned());
        let password = password.expose().to_owned();
        let matches = self
            .on_blocking_thread(move |argon2| {
                let parsed = PhcHash::new(&phc).map_err(|error| HashError(Cause::new(error)))?;
                Ok(argon2.verify_password(password.as_bytes(), &parsed).is_ok())
            })
            .await?;
        Ok(known_account && matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher() -> Argon2Hasher {
        Argon2Hasher::new(&Argon2Config::CHEAPEST).unwrap()
    }

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let hasher = hasher();
        let hash = hasher
            .hash(&NewPassword::parse("correct horse").unwrap())
            .await
            .unwrap();
        assert!(
            hash.as_str().starts_with("$argon2id$v=19$m=8,t=1,p=1$"),
            "{}",
            hash.as_str()
        );
        let right = Password::parse("correct horse").unwrap();
        let wrong = Password::parse("correct horsE").unwrap();
        assert!(hasher.verify(&right, Some(hash.clone())).await.unwrap());
        assert!(!hasher.verify(&wrong, Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn the_same_password_hashes_differently_each_time() {
        let hasher = hasher();
        let password = NewPassword::parse("correct horse").unwrap();
        assert_ne!(
            hasher.hash(&password).await.unwrap(),
            hasher.hash(&password).await.unwrap()
        );
    }

    #[tokio::test]
    async fn no_account_never_verifies_even_with_the_dummy_password() {
        let password = Password::parse("a password that no account has").unwrap();
        assert!(!hasher().verify(&password, None).await.unwrap());
    }

    #[test]
    fn the_dummy_hash_uses_the_configured_parameters() {
        let production = Argon2Hasher::new(&Argon2Config::PRODUCTION).unwrap();
        assert!(
            production
                .dummy_hash
                .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
        );
    }

    #[tokio::test]
    async fn a_corrupt_stored_hash_is_an_error_not_a_match() {
        let password = Password::parse("correct horse").unwrap();
        let result = hasher()
            .verify(
                &password,
                Some(PasswordHash::new("not-a-phc-string".into())),
            )
            .await;
        assert!(result.is_err());
    }

    #[test]
    fn impossible_parameters_are_refused() {
        let config = Argon2Config {
            memory_kib: 1,
            ..Argon2Config::CHEAPEST
        };
        assert!(config.validate().is_err());
    }
}
