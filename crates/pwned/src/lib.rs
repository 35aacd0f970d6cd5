//! Adapter of the domain's [`BreachedPasswords`](conduit_domain::ports::BreachedPasswords) port
//! to the Pwned Passwords range API (k-anonymity): the password is hashed with SHA-1 here and
//! only the first five hex characters of the hash are sent, so neither the password nor its
//! full hash ever leaves the process.

mod client;
mod error;
mod hash;
mod range;

pub use client::{PwnedPasswordsClient, PwnedPasswordsConfig};
pub use error::{LookupError, PwnedClientError};
