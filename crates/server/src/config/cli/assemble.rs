//! From the parsed flags to a [`Config`]: the checks that span several settings, and each
//! setting put where the server reads it.

use std::time::Duration;

use conduit_domain::services::BreachPolicy;

use super::{BreachCheckMode, Clash, Cli};
use crate::config::{
    Argon2Config, BreachCheckConfig, Config, ConnectionsConfig, HttpConfig, JwtConfig, JwtSecret,
    LiveConfig, LogConfig, ThrottleConfig, TrustedProxies, throttle,
};
use crate::live::{MessageRate, SocketLimits};

const SECONDS_PER_DAY: u64 = 24 * 60 * 60;

impl Cli {
    pub(super) fn into_config(self) -> Result<Config, Clash> {
        let invalid = |variable: &'static str, problem: &str| Clash {
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
        tracing_subscriber::EnvFilter::try_new(&self.rust_log)
            .map_err(|problem| invalid("RUST_LOG", &problem.to_string()))?;
        Ok(Config {
            log: LogConfig {
                filter: self.rust_log,
                format: self.log_format,
            },
            host: self.host,
            port: self.port,
            database_url: self.database_url,
            cache_ttl: Duration::from_secs(self.cache_ttl_secs),
            jwt: JwtConfig {
                secret,
                issuer: self.jwt_issuer,
                audience: self.jwt_audience,
                ttl: Duration::from_secs(self.jwt_ttl_secs),
                max_lifetime: Duration::from_secs(self.jwt_max_lifetime_secs),
                leeway: Duration::from_secs(self.jwt_leeway_secs),
                session_max: Duration::from_secs(self.session_max_days * SECONDS_PER_DAY),
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
                message_rate: MessageRate {
                    per_second: self.ws_messages_per_second,
                    burst: self.ws_message_burst,
                },
                sockets: SocketLimits {
                    per_address: self.ws_max_sockets_per_address.get(),
                    total: self.ws_max_sockets.get(),
                },
            },
            throttle: ThrottleConfig {
                login_failures_per_account: throttle::rate_limit(
                    self.login_failures_per_account,
                    self.login_failures_per_account_window_secs,
                ),
                login_failures_per_address: throttle::rate_limit(
                    self.login_failures_per_address,
                    self.login_failures_per_address_window_secs,
                ),
                registrations_per_address: throttle::rate_limit(
                    self.registrations_per_address,
                    self.registrations_per_address_window_secs,
                ),
            },
            trusted_proxies: TrustedProxies::new(self.trusted_proxies.into_iter().flatten()),
            connections: ConnectionsConfig {
                header_read_timeout: Duration::from_secs(self.header_read_timeout_secs),
                max_connections: self.max_connections,
            },
        })
    }
}

fn origins(listed: Vec<String>) -> Vec<String> {
    listed
        .into_iter()
        .filter(|origin| !origin.is_empty())
        .collect()
}
