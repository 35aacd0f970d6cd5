//! The argon2id adapter of the domain's `PasswordHasher` port.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash as PhcHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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
    params: Params,
    /// Hashing is CPU- and memory-bound: it runs on blocking threads, a few at a time, so that
    /// a burst of logins can neither stall the async runtime nor exhaust memory.
    permits: Arc<Semaphore>,
    /// argon2's working memory, one set of blocks per hash that may run at once, passed from
    /// hash to hash during a burst: freed after each hash, 19 MiB blocks stayed in glibc's
    /// per-thread arenas and resident memory grew with every blocking thread that had hashed
    /// (476 MiB after 400 logins). Let go when the burst ends, so an idle server holds none.
    working_memory: Arc<Mutex<Vec<Vec<Block>>>>,
    /// Hashes asked for and not yet finished, waiting or running.
    in_demand: Arc<AtomicUsize>,
    /// Verified against when the account does not exist, with the same parameters as real
    /// hashes, so that both cases cost the same time.
    dummy_hash: String,
}

impl Argon2Hasher {
    pub fn new(config: &Argon2Config) -> Result<Self, HashError> {
        let params = params(config).map_err(|error| HashError(Cause::new(error)))?;
        let dummy_hash = hash_with(&params, "a password that no account has", &mut Vec::new())?;
        Ok(Self {
            params,
            permits: Arc::new(Semaphore::new(usize::from(
                config.max_concurrent_hashes.max(1),
            ))),
            working_memory: Arc::default(),
            in_demand: Arc::default(),
            dummy_hash,
        })
    }

    async fn on_blocking_thread<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Params, &mut Vec<Block>) -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        // Dropped when this hash is done or abandoned, even while still waiting for a permit.
        let demand = Demand::register(&self.in_demand, &self.working_memory);
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|error| HashError(Cause::new(error)))?;
        let params = self.params.clone();
        let pool = self.working_memory.clone();
        tokio::task::spawn_blocking(move || {
            // Never more sets than permits: each hash takes one and puts it back.
            let mut blocks = lock(&pool).pop().unwrap_or_default();
            let result = work(&params, &mut blocks);
            lock(&pool).push(blocks);
            drop(demand);
            result
        })
        .await
        .map_err(|error| HashError(Cause::new(error)))?
    }
}

/// One hash asked for; the last one of a burst to finish lets the working memory go.
struct Demand {
    count: Arc<AtomicUsize>,
    pool: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Demand {
    fn register(count: &Arc<AtomicUsize>, pool: &Arc<Mutex<Vec<Vec<Block>>>>) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self {
            count: count.clone(),
            pool: pool.clone(),
        }
    }
}

impl Drop for Demand {
    fn drop(&mut self) {
        // The last hash of a burst frees the sets. glibc maps allocations this large on their
        // own, so freeing them returns the memory to the system at once.
        let mut pool = lock(&self.pool);
        if self.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            pool.clear();
        }
    }
}

fn lock(pool: &Mutex<Vec<Vec<Block>>>) -> std::sync::MutexGuard<'_, Vec<Vec<Block>>> {
    // A set of blocks holds no invariant that a panicking hash could break.
    pool.lock().unwrap_or_else(PoisonError::into_inner)
}

fn hash_with(
    params: &Params,
    password: &str,
    blocks: &mut Vec<Block>,
) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    hash_in(
        Algorithm::Argon2id,
        Version::V0x13,
        params.clone(),
        password.as_bytes(),
        salt.as_salt(),
        blocks,
    )
    .map(|hash| hash.to_string())
    .map_err(|error| HashError(Cause::new(error)))
}

/// Reserved for a set of blocks at least: 33 MiB, more than glibc's largest adaptive mmap
/// threshold (32 MiB on 64-bit). A freed mapping of 19 MiB would raise that threshold to 19 MiB
/// and put the next set in a thread's arena, which keeps it; a reservation above 32 MiB is
/// always a mapping of its own, returned to the system when freed. Only the pages argon2
/// touches are resident.
const OWN_MAPPING_BLOCKS: usize = (33 << 20) / Block::SIZE;

/// argon2's own `hash_password`, but working in `blocks` (resized to the parameters) rather
/// than in memory allocated and freed for each hash.
fn hash_in<'a>(
    algorithm: Algorithm,
    version: Version,
    params: Params,
    password: &[u8],
    salt: Salt<'a>,
    blocks: &mut Vec<Block>,
) -> Result<PhcHash<'a>, argon2::password_hash::Error> {
    let mut salt_buffer = [0; Salt::MAX_LENGTH];
    let salt_bytes = salt.decode_b64(&mut salt_buffer)?;
    if blocks.capacity() == 0 {
        blocks.reserve_exact(params.block_count().max(OWN_MAPPING_BLOCKS));
    }
    blocks.resize(params.block_count(), Block::default());
    let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    let argon2 = Argon2::new(algorithm, version, params);
    let output = Output::init_with(output_len, |out| {
        Ok(argon2.hash_password_into_with_memory(password, salt_bytes, out, &mut blocks[..])?)
    })?;
    Ok(PhcHash {
        algorithm: algorithm.ident(),
        version: Some(version.into()),
        params: ParamsString::try_from(argon2.params())?,
        salt: Some(salt),
        hash: Some(output),
    })
}

/// Whether `password` is the one `phc` was computed from, with the parameters `phc` names.
fn verify_in(phc: &str, password: &[u8], blocks: &mut Vec<Block>) -> Result<bool, HashError> {
    let fail = |error: argon2::password_hash::Error| HashError(Cause::new(error));
    let stored = PhcHash::new(phc).map_err(fail)?;
    let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
        return Err(fail(argon2::password_hash::Error::PhcStringField));
    };
    let algorithm = Algorithm::try_from(stored.algorithm).map_err(fail)?;
    let version = stored
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|error| HashError(Cause::new(error)))?
        .unwrap_or_default();
    let params = Params::try_from(&stored).map_err(fail)?;
    let computed = hash_in(algorithm, version, params, password, salt, blocks).map_err(fail)?;
    // `Output`'s comparison takes the same time wherever the outputs differ.
    Ok(computed.hash == Some(expected))
}

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, HashError> {
        let password = password.as_password().expose().to_owned();
        self.on_blocking_thread(move |params, blocks| {
            hash_with(params, &password, blocks).map(PasswordHash::new)
        })
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
            .on_blocking_thread(move |_, blocks| verify_in(&phc, password.as_bytes(), blocks))
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
    async fn hashes_interoperate_with_argon2s_own_hashing() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        let hasher = hasher();
        let argon2 = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            params(&Argon2Config::CHEAPEST).unwrap(),
        );
        let password = Password::parse("correct horse").unwrap();
        let salt = SaltString::generate(&mut OsRng);
        let theirs = argon2.hash_password(b"correct horse", &salt).unwrap();
        let stored = PasswordHash::new(theirs.to_string());
        assert!(hasher.verify(&password, Some(stored)).await.unwrap());
        let ours = hasher
            .hash(&NewPassword::parse("correct horse").unwrap())
            .await
            .unwrap();
        let parsed = PhcHash::new(ours.as_str()).unwrap();
        assert!(argon2.verify_password(b"correct horse", &parsed).is_ok());
    }

    #[tokio::test]
    async fn working_memory_is_let_go_once_no_hash_is_waiting() {
        let hasher = Arc::new(
            Argon2Hasher::new(&Argon2Config {
                max_concurrent_hashes: 2,
                ..Argon2Config::CHEAPEST
            })
            .unwrap(),
        );
        let password = Password::parse("correct horse").unwrap();
        let hashes = (0..8).map(|_| {
            let hasher = hasher.clone();
            let password = password.clone();
            tokio::spawn(async move { hasher.verify(&password, None).await })
        });
        for hash in futures::future::join_all(hashes).await {
            assert!(!hash.unwrap().unwrap());
        }
        // Kept between hashes of a burst, but not after it: an idle server holds no 19 MiB sets.
        assert_eq!(lock(&hasher.working_memory).len(), 0);
    }

    /// What `make memory` measures end to end: a set is its own mapping, so freeing it returns it.
    #[test]
    fn a_set_of_blocks_is_reserved_above_glibcs_largest_adaptive_threshold() {
        let mut blocks = Vec::new();
        hash_with(&params(&Argon2Config::CHEAPEST).unwrap(), "pw", &mut blocks).unwrap();
        assert_eq!(blocks.len(), 8);
        assert!(blocks.capacity() * Block::SIZE > 32 * 1024 * 1024);
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
