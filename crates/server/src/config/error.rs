//! Why the configuration cannot be used, worded for the person who set it.

use std::fmt;
use std::path::PathBuf;

use super::stored_secret::SecretFileProblem;

/// Where a setting's value was read from: a bad value is fixed where it was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    CommandLine,
    Environment,
    DotEnv,
    /// Not set anywhere: the default value (which can clash with another setting's).
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CommandLine => "from the command line",
            Self::Environment => "from the environment",
            Self::DotEnv => "from .env",
            Self::Default => "its default",
        })
    }
}

/// A setting that does not parse or makes no sense; the message names the variable once, which
/// is what users set, and where its value came from.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{variable} ({origin}): {problem}")]
    Invalid {
        variable: String,
        origin: Origin,
        problem: String,
    },
    /// A mistake on the command line that no variable can make, such as an unknown flag.
    #[error("{0}")]
    Usage(String),
    #[error(
        "JWT_SECRET must be set when DATABASE_URL is PostgreSQL: every instance must sign and \
         check tokens with the same secret (make one with `openssl rand -base64 48`)"
    )]
    SecretRequired,
    #[error("JWT_SECRET is not set and cannot be kept in {}", path.display())]
    SecretFile {
        path: PathBuf,
        #[source]
        problem: SecretFileProblem,
    },
}
