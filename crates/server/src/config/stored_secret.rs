//! The signing secret when `JWT_SECRET` is not set. A SQLite database is one process's, so that
//! process may invent the secret and keep it beside the database file, where the next run finds
//! it and sessions outlive a restart. PostgreSQL is shared by instances that must all verify
//! each other's tokens; one cannot invent a secret for the others, so there it must be set.

use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use conduit_store::Backend;

use super::{ConfigError, JwtSecret};

/// Random bytes in a new secret: 384 bits, well past HS256's 256.
const RANDOM_BYTES: usize = 48;
/// Owner may read and write; nobody else may do anything.
const OWNER_ONLY: u32 = 0o600;

/// Where the secret in use came from, for the start-up log (which never shows the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretOrigin {
    /// `JWT_SECRET`.
    Configured,
    /// Made on this run and written to the file.
    Created(PathBuf),
    /// Read from the file a previous run wrote.
    Reused(PathBuf),
    /// An in-memory database: the secret lives and dies with the data.
    ThisProcess,
}

impl fmt::Display for SecretOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Configured => f.write_str("signing tokens with JWT_SECRET"),
            Self::Created(path) => write!(
                f,
                "JWT_SECRET is not set: created a signing secret in {} (mode 600); later runs \
                 reuse it, so sessions survive a restart",
                path.display()
            ),
            Self::Reused(path) => write!(
                f,
                "JWT_SECRET is not set: reusing the signing secret in {}",
                path.display()
            ),
            Self::ThisProcess => f.write_str(
                "JWT_SECRET is not set and the database is in memory: signing with a random \
                 secret for this process, so tokens end with it, as the data does",
            ),
        }
    }
}

/// What can be wrong with the file that keeps the secret.
#[derive(Debug, thiserror::Error)]
pub enum SecretFileProblem {
    #[error("it could not be read")]
    Unreadable(#[source] io::Error),
    #[error("it could not be created")]
    Uncreatable(#[source] io::Error),
    #[error("it may be read by other users (mode {mode:o}): run `chmod 600 {path}`")]
    OpenToOthers { mode: u32, path: String },
    #[error(
        "the secret it holds {0}; delete the file to have a new one made (this signs everyone \
         out) or set JWT_SECRET"
    )]
    TooShort(crate::auth::SecretTooShort),
}

/// The secret to sign with and where it came from: `configured` if set; otherwise, on SQLite,
/// the file beside the database (made on the first run); on PostgreSQL, an error.
pub fn resolve(
    configured: Option<JwtSecret>,
    database_url: &str,
) -> Result<(JwtSecret, SecretOrigin), ConfigError> {
    if let Some(secret) = configured {
        return Ok((secret, SecretOrigin::Configured));
    }
    if Backend::of(database_url).is_ok_and(|backend| backend == Backend::Postgres) {
        return Err(ConfigError::SecretRequired);
    }
    let Some(path) = secret_path(database_url) else {
        return Ok((JwtSecret::random(), SecretOrigin::ThisProcess));
    };
    let failed = |problem| ConfigError::SecretFile {
        path: path.clone(),
        problem,
    };
    match read(&path).map_err(failed)? {
        Some(secret) => Ok((secret, SecretOrigin::Reused(path))),
        None => {
            let secret = create(&path).map_err(failed)?;
            Ok((secret, SecretOrigin::Created(path)))
        }
    }
}

/// The file beside a SQLite database: `conduit.db` keeps its secret in `conduit.db.jwt-secret`.
/// `None` for an in-memory database, which has no file to sit beside.
fn secret_path(database_url: &str) -> Option<PathBuf> {
    let rest = database_url.strip_prefix("sqlite:")?;
    let (file, options) = rest.split_once('?').unwrap_or((rest, ""));
    let file = file.strip_prefix("//").unwrap_or(file);
    let in_memory = file.is_empty()
        || file == ":memory:"
        || options.split('&').any(|option| option == "mode=memory");
    (!in_memory).then(|| PathBuf::from(format!("{file}.jwt-secret")))
}

/// The kept secret, or `None` when there is no file yet.
fn read(path: &Path) -> Result<Option<JwtSecret>, SecretFileProblem> {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(SecretFileProblem::Unreadable(error)),
    };
    let mode = metadata.permissions().mode() & 0o777;
    if metadata.is_file() && mode & !OWNER_ONLY != 0 {
        return Err(SecretFileProblem::OpenToOthers {
            mode,
            path: path.display().to_string(),
        });
    }
    let text = fs::read_to_string(path).map_err(SecretFileProblem::Unreadable)?;
    JwtSecret::new(text.trim_end().to_owned())
        .map(Some)
        .map_err(SecretFileProblem::TooShort)
}

/// A new random secret, written as text (what `JWT_SECRET` would hold) to a file only its
/// owner may read. `create_new`: an existing file is never overwritten.
fn create(path: &Path) -> Result<JwtSecret, SecretFileProblem> {
    let mut bytes = [0u8; RANDOM_BYTES];
    OsRng.fill_bytes(&mut bytes);
    let text = URL_SAFE_NO_PAD.encode(bytes);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(OWNER_ONLY)
        .open(path)
        .map_err(SecretFileProblem::Uncreatable)?;
    file.write_all(format!("{text}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(SecretFileProblem::Uncreatable)?;
    JwtSecret::new(text).map_err(SecretFileProblem::TooShort)
}

#[cfg(test)]
mod tests;
