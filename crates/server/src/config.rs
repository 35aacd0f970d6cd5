//! One typed configuration, read from environment variables (and an optional `.env`) by the
//! binary, built directly by tests. `conduit --help` lists every variable with its default.

use std::net::IpAddr;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};
use conduit_domain::accounts::BreachPolicy;

pub use crate::auth::JwtSecret;
pub use crate::password::Argon2Config;

#[derive(Debug, Clone)]
pub struct Config {
    pub host: IpAddr,
    /// 0 lets the OS pick a free port (tests do this).
    pub port: u16,
    pub database_url: String,
    pub jwt: JwtConfig,
    pub argon2: Argon2Config,
    pub breach_check: BreachCheckConfig,
    pub http: HttpConfig,
    pub live: LiveConfig,
}

#[derive(Debug, Clone)]
pub struct JwtConfig {
    /// `None` in development: a random secret is generated at start-up and tokens die with the
    /// process.
    pub secret: Option<JwtSecret>,
    pub issuer: String,
    pub audience: String,
    pub ttl: Duration,
    /// Tokens whose `exp - iat` is longer than this are refused even when correctly signed.
    pub max_lifetime: Duration,
    /// Clock skew tolerated on `exp` and `nbf`.
    pub leeway: Duration,
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
    /// Origins other than the UI's own that may call the API from a browser. Empty: same
    /// origin only.
    pub cors_allowed_origins: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct LiveConfig {
    /// Origins, besides the UI's own, whose pages may open the WebSocket.
    pub allowed_origins: Vec<String>,
    /// How often the server pings; a connection silent for two intervals is dead, and a
    /// revoked token is noticed at the next ping.
    pub ping_interval: Duration,
    /// How long an anonymous connection may take to send an `auth` message.
    pub auth_deadline: Duration,
    /// Messages queued for one connection before it counts as fallen behind and is dropped.
    pub queue_capacity: usize,
}

impl Default for Config {
    /// The documented defaults, whatever the process environment holds, so that tests that
    /// start from it stay hermetic.
    fn default() -> Self {
        Cli::parse_ignoring_env(["conduit"])
            .map_err(|error| error.to_string())
            .and_then(|cli| cli.into_config().map_err(|error| error.to_string()))
            .unwrap_or_else(|error| unreachable!("the documented defaults are valid: {error}"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BreachCheckMode {
    Off,
    FailOpen,
    FailClosed,
}

/// Conduit: a RealWorld API server with a built-in UI.
///
/// Every setting is an environment variable (a `.env` file in the working directory is read
/// too); the matching `--flag` overrides it.
#[derive(Debug, Parser)]
#[command(name = "conduit", version, about)]
pub struct Cli {
    /// Address to bind.
    #[arg(
        long = "host",
        env = "HOST",
        value_name = "HOST",
        default_value = "127.0.0.1"
    )]
    host: IpAddr,
    /// Port to listen on.
    #[arg(
        long = "port",
        env = "PORT",
        value_name = "PORT",
        default_value_t = 3000
    )]
    port: u16,
    /// sqlite://PATH (created on first run) or postgres://USER@HOST/DB.
    #[arg(
        long = "database-url",
        env = "DATABASE_URL",
        value_name = "DATABASE_URL",
        default_value = "sqlite://conduit.db"
    )]
    database_url: String,
    /// HS256 signing secret, at least 32 bytes. Unset: a random one per process (development).
    #[arg(
        long = "jwt-secret",
        env = "JWT_SECRET",
        value_name = "JWT_SECRET",
        hide_env_values = true
    )]
    jwt_secret: Option<String>,
    /// `iss` claim written into and required from tokens.
    #[arg(
        long = "jwt-issuer",
        env = "JWT_ISSUER",
        value_name = "JWT_ISSUER",
        default_value = "conduit"
    )]
    jwt_issuer: String,
    /// `aud` claim written into and required from tokens.
    #[arg(
        long = "jwt-audience",
        env = "JWT_AUDIENCE",
        value_name = "JWT_AUDIENCE",
        default_value = "conduit-api"
    )]
    jwt_audience: String,
    /// Token lifetime in seconds (default 7 days).
    #[arg(
        long = "jwt-ttl-secs",
        env = "JWT_TTL_SECS",
        value_name = "JWT_TTL_SECS",
        default_value_t = 604_800
    )]
    jwt_ttl_secs: u64,
    /// Longest `exp - iat` accepted, in seconds (default 30 days).
    #[arg(
        long = "jwt-max-lifetime-secs",
        env = "JWT_MAX_LIFETIME_SECS",
        value_name = "JWT_MAX_LIFETIME_SECS",
        default_value_t = 2_592_000
    )]
    jwt_max_lifetime_secs: u64,
    /// Clock skew tolerated on `exp`/`nbf`, in seconds (at most 30).
    #[arg(
        long = "jwt-leeway-secs",
        env = "JWT_LEEWAY_SECS",
        value_name = "JWT_LEEWAY_SECS",
        default_value_t = 5,
        value_parser = clap::value_parser!(u64).range(0..=30)
    )]
    jwt_leeway_secs: u64,
    /// argon2id memory cost in KiB.
    #[arg(
        long = "argon2-memory-kib",
        env = "ARGON2_MEMORY_KIB",
        value_name = "ARGON2_MEMORY_KIB",
        default_value_t = Argon2Config::PRODUCTION.memory_kib
    )]
    argon2_memory_kib: u32,
    /// argon2id iterations.
    #[arg(
        long = "argon2-iterations",
        env = "ARGON2_ITERATIONS",
        value_name = "ARGON2_ITERATIONS",
        default_value_t = Argon2Config::PRODUCTION.iterations
    )]
    argon2_iterations: u32,
    /// argon2id lanes.
    #[arg(
        long = "argon2-parallelism",
        env = "ARGON2_PARALLELISM",
        value_name = "ARGON2_PARALLELISM",
        default_value_t = Argon2Config::PRODUCTION.parallelism
    )]
    argon2_parallelism: u32,
    /// Password hashes computed at once.
    #[arg(
        long = "argon2-max-concurrent",
        env = "ARGON2_MAX_CONCURRENT",
        value_name = "ARGON2_MAX_CONCURRENT",
        default_value_t = Argon2Config::PRODUCTION.max_concurrent_hashes,
        value_parser = clap::value_parser!(u16).range(1..)
    )]
    argon2_max_concurrent: u16,
    /// Breached-password check on new passwords: off, fail-open (accept when the service is
    /// unreachable) or fail-closed.
    #[arg(
        long = "breach-check",
        env = "BREACH_CHECK",
        value_name = "BREACH_CHECK",
        value_enum,
        default_value = "fail-open"
    )]
    breach_check: BreachCheckMode,
    /// Base URL of the Pwned Passwords range API.
    #[arg(
        long = "pwned-passwords-url",
        env = "PWNED_PASSWORDS_URL",
        value_name = "PWNED_PASSWORDS_URL",
        default_value = "https://api.pwnedpasswords.com"
    )]
    pwned_passwords_url: String,
    /// Timeout of one breached-password look-up, in milliseconds.
    #[arg(
        long = "pwned-passwords-timeout-ms",
        env = "PWNED_PASSWORDS_TIMEOUT_MS",
        value_name = "PWNED_PASSWORDS_TIMEOUT_MS",
        default_value_t = 2_000
    )]
    pwned_passwords_timeout_ms: u64,
    /// Longest time one HTTP request may take, in seconds.
    #[arg(
        long = "request-timeout-secs",
        env = "REQUEST_TIMEOUT_SECS",
        value_name = "REQUEST_TIMEOUT_SECS",
        default_value_t = 30
    )]
    request_timeout_secs: u64,
    /// Largest request body accepted, in bytes.
    #[arg(
        long = "body-limit-bytes",
        env = "BODY_LIMIT_BYTES",
        value_name = "BODY_LIMIT_BYTES",
        default_value_t = 1_048_576
    )]
    body_limit_bytes: usize,
    /// Comma-separated origins, besides the UI's own, allowed to call the API from a browser.
    #[arg(
        long = "cors-allowed-origins",
        env = "CORS_ALLOWED_ORIGINS",
        value_name = "CORS_ALLOWED_ORIGINS",
        value_delimiter = ',',
        default_value = ""
    )]
    cors_allowed_origins: Vec<String>,
    /// Comma-separated origins, besides the UI's own, whose pages may open the WebSocket.
    #[arg(
        long = "ws-allowed-origins",
        env = "WS_ALLOWED_ORIGINS",
        value_name = "WS_ALLOWED_ORIGINS",
        value_delimiter = ',',
        default_value = ""
    )]
    ws_allowed_origins: Vec<String>,
    /// WebSocket ping interval in milliseconds.
    #[arg(
        long = "ws-ping-interval-ms",
        env = "WS_PING_INTERVAL_MS",
        value_name = "WS_PING_INTERVAL_MS",
        default_value_t = 20_000,
        value_parser = clap::value_parser!(u64).range(10..)
    )]
    ws_ping_interval_ms: u64,
    /// Milliseconds an anonymous WebSocket has to send its `auth` message.
    #[arg(
        long = "ws-auth-deadline-ms",
        env = "WS_AUTH_DEADLINE_MS",
        value_name = "WS_AUTH_DEADLINE_MS",
        default_value_t = 5_000
    )]
    ws_auth_deadline_ms: u64,
    /// Messages queued per WebSocket before a slow reader is dropped.
    #[arg(
        long = "ws-queue-capacity",
        env = "WS_QUEUE_CAPACITY",
        value_name = "WS_QUEUE_CAPACITY",
        default_value_t = 64,
        value_parser = clap::value_parser!(u16).range(1..)
    )]
    ws_queue_capacity: u16,
}

/// A setting that parsed but makes no sense; the message names the variable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{variable}: {problem}")]
    Invalid {
        variable: &'static str,
        problem: String,
    },
}

impl Cli {
    fn parse_ignoring_env<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = Cli::command()
            .mut_args(|arg| arg.env(None))
            .try_get_matches_from(args)?;
        Cli::from_arg_matches(&matches)
    }

    pub fn into_config(self) -> Result<Config, ConfigError> {
        let invalid = |variable, problem: &str| ConfigError::Invalid {
            variable,
            problem: problem.to_owned(),
        };
        let secret = self
            .jwt_secret
            .map(JwtSecret::new)
            .transpose()
            .map_err(|problem| invalid("JWT_SECRET", &problem.to_string()))?;
        if self.jwt_ttl_secs == 0 {
            return Err(invalid("JWT_TTL_SECS", "must be at least 1 second"));
        }
        if self.jwt_ttl_secs > self.jwt_max_lifetime_secs {
            return Err(invalid(
                "JWT_TTL_SECS",
                "must not exceed JWT_MAX_LIFETIME_SECS, or every token would be refused",
            ));
        }
        let argon2 = Argon2Config {
            memory_kib: self.argon2_memory_kib,
            iterations: self.argon2_iterations,
            parallelism: self.argon2_parallelism,
            max_concurrent_hashes: self.argon2_max_concurrent,
        };
        argon2.validate().map_err(|problem| {
            invalid(
                "ARGON2_MEMORY_KIB/ARGON2_ITERATIONS/ARGON2_PARALLELISM",
                &problem.to_string(),
            )
        })?;
        if !(self.pwned_passwords_url.starts_with("http://")
            || self.pwned_passwords_url.starts_with("https://"))
        {
            return Err(invalid("PWNED_PASSWORDS_URL", "must be an http(s) URL"));
        }
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            return Err(invalid(
                "DATABASE_URL",
                "must start with sqlite: or postgres://",
            ));
        }
        Ok(Config {
            host: self.host,
            port: self.port,
            database_url: self.database_url,
            jwt: JwtConfig {
                secret,
                issuer: self.jwt_issuer,
                audience: self.jwt_audience,
                ttl: Duration::from_secs(self.jwt_ttl_secs),
                max_lifetime: Duration::from_secs(self.jwt_max_lifetime_secs),
                leeway: Duration::from_secs(self.jwt_leeway_secs),
            },
            argon2,
            breach_check: BreachCheckConfig {
                policy: match self.breach_check {
                    BreachCheckMode::Off => BreachPolicy::Off,
                    BreachCheckMode::FailOpen => BreachPolicy::FailOpen,
                    BreachCheckMode::FailClosed => BreachPolicy::FailClosed,
                },
                base_url: self.pwned_passwords_url,
                timeout: Duration::from_millis(self.pwned_passwords_timeout_ms),
            },
            http: HttpConfig {
                request_timeout: Duration::from_secs(self.request_timeout_secs),
                body_limit_bytes: self.body_limit_bytes,
                cors_allowed_origins: origins(self.cors_allowed_origins),
            },
            live: LiveConfig {
                allowed_origins: origins(self.ws_allowed_origins),
                ping_interval: Duration::from_millis(self.ws_ping_interval_ms),
                auth_deadline: Duration::from_millis(self.ws_auth_deadline_ms),
                queue_capacity: usize::from(self.ws_queue_capacity),
            },
        })
    }
}

fn origins(listed: Vec<String>) -> Vec<String> {
    listed
        .into_iter()
        .map(|origin| origin.trim().to_owned())
        .filter(|origin| !origin.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        let mut argv = vec!["conduit"];
        argv.extend_from_slice(args);
        Cli::parse_ignoring_env(argv)
            .map_err(|error| error.to_string())?
            .into_config()
            .map_err(|error| error.to_string())
    }

    #[test]
    fn defaults_are_the_documented_production_values() {
        let config = Config::default();
        assert_eq!(config.port, 3000);
        assert_eq!(config.host.to_string(), "127.0.0.1");
        assert_eq!(config.database_url, "sqlite://conduit.db");
        assert_eq!(config.argon2, Argon2Config::PRODUCTION);
        assert_eq!(config.breach_check.policy, BreachPolicy::FailOpen);
        assert_eq!(config.breach_check.timeout, Duration::from_secs(2));
        assert!(config.jwt.secret.is_none());
        assert!(config.jwt.leeway <= Duration::from_secs(30));
    }

    #[test]
    fn a_short_jwt_secret_is_refused_naming_the_variable_but_not_the_value() {
        let error = parse(&["--jwt-secret", "too-short-secret"]).unwrap_err();
        assert_eq!(error, "JWT_SECRET: must be at least 32 bytes (got 16)");
    }

    #[test]
    fn a_bad_number_names_the_variable() {
        let error = parse(&["--port", "eighty"]).unwrap_err();
        assert!(error.contains("<PORT>"), "{error}");
    }

    #[test]
    fn leeway_above_thirty_seconds_is_refused() {
        let error = parse(&["--jwt-leeway-secs", "31"]).unwrap_err();
        assert!(error.contains("<JWT_LEEWAY_SECS>"), "{error}");
    }

    #[test]
    fn ttl_longer_than_the_maximum_lifetime_is_refused() {
        let error = parse(&["--jwt-ttl-secs", "100", "--jwt-max-lifetime-secs", "50"]).unwrap_err();
        assert!(error.starts_with("JWT_TTL_SECS:"), "{error}");
    }

    #[test]
    fn impossible_argon2_parameters_are_refused() {
        let error = parse(&["--argon2-memory-kib", "1"]).unwrap_err();
        assert!(error.starts_with("ARGON2_MEMORY_KIB"), "{error}");
    }

    #[test]
    fn breach_check_modes_parse() {
        let config = parse(&["--breach-check", "fail-closed"]).unwrap();
        assert_eq!(config.breach_check.policy, BreachPolicy::FailClosed);
        let config = parse(&["--breach-check", "off"]).unwrap();
        assert_eq!(config.breach_check.policy, BreachPolicy::Off);
        assert!(
            parse(&["--breach-check", "maybe"])
                .unwrap_err()
                .contains("<BREACH_CHECK>")
        );
    }

    #[test]
    fn database_url_must_name_a_supported_backend() {
        let error = parse(&["--database-url", "mysql://localhost/conduit"]).unwrap_err();
        assert_eq!(
            error,
            "DATABASE_URL: must start with sqlite: or postgres://"
        );
    }

    #[test]
    fn cors_origins_are_a_trimmed_list() {
        let config = parse(&[
            "--cors-allowed-origins",
            "https://a.example, https://b.example,",
        ])
        .unwrap();
        assert_eq!(
            config.http.cors_allowed_origins,
            ["https://a.example", "https://b.example"]
        );
    }
}
