//! One typed configuration, read from environment variables (and an optional `.env`) by the
//! binary, built directly by tests. `conduit --help` lists every variable with its default.

use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::sync::LazyLock;
use std::time::Duration;

use conduit_domain::services::BreachPolicy;

mod cli;
mod error;
mod host;
mod origin;
mod stored_secret;
mod throttle;

pub use self::cli::Cli;
pub use self::error::{ConfigError, Origin};
pub use self::stored_secret::{SecretFileProblem, SecretOrigin, resolve as resolve_secret};
pub use crate::auth::{JwtConfig, JwtSecret};
pub use crate::client_address::TrustedProxies;
pub use crate::live::LiveConfig;
pub use crate::password::Argon2Config;
pub use crate::throttle::{RateLimit, ThrottleConfig};

#[derive(Debug, Clone)]
pub struct Config {
    pub host: IpAddr,
    /// 0 lets the OS pick a free port (tests do this).
    pub port: u16,
    pub database_url: String,
    /// How long a cache entry answers at most (`conduit_store::CacheSettings`).
    pub cache_ttl: Duration,
    pub jwt: JwtConfig,
    pub argon2: Argon2Config,
    pub breach_check: BreachCheckConfig,
    pub http: HttpConfig,
    pub live: LiveConfig,
    pub log: LogConfig,
    pub throttle: ThrottleConfig,
    /// The proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
    pub connections: ConnectionsConfig,
}

#[derive(Debug, Clone)]
pub struct BreachCheckConfig {
    pub policy: BreachPolicy,
    pub base_url: String,
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub request_timeout: Duration,
    pub body_limit_bytes: usize,
    /// Origins other than the UI's own whose pages may read the API's responses (CORS decides
    /// what a browser lets a page read, not which requests reach us). Empty: same origin only.
    pub cors_allowed_origins: Vec<String>,
}

/// What one client's connection may hold: slow clients must not tie up the server.
#[derive(Debug, Clone)]
pub struct ConnectionsConfig {
    /// Time a client has to send a request's header, counted from the connection's start or
    /// the end of the previous response; then the connection is closed.
    pub header_read_timeout: Duration,
    /// Connections served at once; more wait in the listen backlog until one closes.
    pub max_connections: NonZeroUsize,
}

#[derive(Debug, Clone)]
pub struct LogConfig {
    /// tracing-subscriber filter directives (`RUST_LOG`), checked at start-up.
    pub filter: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

impl Default for Config {
    /// The documented defaults, whatever the process environment holds, so that tests that
    /// start from it stay hermetic. Parsed once per process: the parse took 0.7 ms in a test
    /// build (2% of the HTTP suite's CPU), and every app of the HTTP suite starts from them.
    fn default() -> Self {
        static DEFAULTS: LazyLock<Config> = LazyLock::new(|| {
            Cli::parse_from(["conduit"], std::iter::empty::<(&str, &str)>())
                .unwrap_or_else(|error| unreachable!("the documented defaults are valid: {error}"))
        });
        DEFAULTS.clone()
    }
}

#[cfg(test)]
mod tests;
