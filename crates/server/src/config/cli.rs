//! The command line and environment, each setting spelled once: clap derives the flag
//! (`--port`) and the variable (`PORT`) from the field's name.

use std::ffi::OsString;
use std::net::IpAddr;
use std::num::{NonZeroU32, NonZeroUsize};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, CommandFactory, FromArgMatches, Parser, ValueEnum};

use super::error::{ConfigError, Origin};
use super::{Argon2Config, Config, LogFormat};
use super::{host, origin, throttle};

mod assemble;
mod variables;

use variables::Variables;

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
    /// Address to bind: an IP address, or a name that resolves to one (an IPv4 address first).
    #[arg(long, env, default_value = "127.0.0.1", value_parser = host::resolve)]
    host: IpAddr,
    /// Port to listen on.
    #[arg(long, env, default_value_t = 3000)]
    port: u16,
    /// sqlite://PATH (created on first run) or postgres://USER@HOST/DB.
    #[arg(long, env, default_value = "sqlite://conduit.db")]
    database_url: String,
    /// HS256 signing secret, at least 32 bytes. Unset on SQLite: made on the first run and kept
    /// beside the database file (DATABASE_URL + `.jwt-secret`, mode 600); required on PostgreSQL.
    #[arg(long, env, hide_env_values = true)]
    jwt_secret: Option<String>,
    /// `iss` claim written into and required from tokens.
    #[arg(long, env, default_value = "conduit")]
    jwt_issuer: String,
    /// `aud` claim written into and required from tokens.
    #[arg(long, env, default_value = "conduit-api")]
    jwt_audience: String,
    /// Token lifetime in seconds (default 24 hours: a stolen bearer token is worth a day at most).
    #[arg(long, env, default_value_t = 86_400)]
    jwt_ttl_secs: u64,
    /// Longest `exp - iat` accepted, in seconds (default 30 days).
    #[arg(long, env, default_value_t = 2_592_000)]
    jwt_max_lifetime_secs: u64,
    /// Clock skew tolerated on `exp`/`nbf`, in seconds (at most 30).
    #[arg(
        long, env,
        default_value_t = 5,
        value_parser = clap::value_parser!(u64).range(0..=30)
    )]
    jwt_leeway_secs: u64,
    /// Days a session lasts from sign-in, however often its token is renewed; then only a new
    /// sign-in helps (1 to 3650).
    #[arg(
        long, env,
        default_value_t = 30,
        value_parser = clap::value_parser!(u64).range(1..=3650)
    )]
    session_max_days: u64,
    /// argon2id memory cost in KiB.
    #[arg(
        long, env,
        default_value_t = Argon2Config::PRODUCTION.memory_kib
    )]
    argon2_memory_kib: u32,
    /// argon2id iterations.
    #[arg(
        long, env,
        default_value_t = Argon2Config::PRODUCTION.iterations
    )]
    argon2_iterations: u32,
    /// argon2id lanes.
    #[arg(
        long, env,
        default_value_t = Argon2Config::PRODUCTION.parallelism
    )]
    argon2_parallelism: u32,
    /// Password hashes computed at once.
    #[arg(
        long, env,
        default_value_t = Argon2Config::PRODUCTION.max_concurrent_hashes,
        value_parser = clap::value_parser!(u16).range(1..)
    )]
    argon2_max_concurrent: u16,
    /// Breached-password check on new passwords: off, fail-open (accept when the service is
    /// unreachable) or fail-closed.
    #[arg(long, env, value_enum, default_value = "fail-open")]
    breach_check: BreachCheckMode,
    /// Base URL of the Pwned Passwords range API.
    #[arg(long, env, default_value = "https://api.pwnedpasswords.com")]
    pwned_passwords_url: String,
    /// Timeout of one breached-password look-up, in milliseconds.
    #[arg(long, env, default_value_t = 2_000)]
    pwned_passwords_timeout_ms: u64,
    /// Longest time, in seconds, a cached page or user answers without a read of the database,
    /// when no write invalidates it sooner (0 to 3600; 0 turns the caches off).
    #[arg(
        long, env,
        default_value_t = conduit_store::DEFAULT_CACHE_TTL.as_secs(),
        value_parser = clap::value_parser!(u64).range(0..=3600)
    )]
    cache_ttl_secs: u64,
    /// Longest time one HTTP request may take, in seconds.
    #[arg(long, env, default_value_t = 30)]
    request_timeout_secs: u64,
    /// Largest request body accepted, in bytes.
    #[arg(long, env, default_value_t = 1_048_576)]
    body_limit_bytes: usize,
    /// Comma-separated origins, besides the UI's own, whose pages may read the API's responses.
    #[arg(
        long, env,
        value_delimiter = ',',
        default_value = "",
        value_parser = origin::parse
    )]
    cors_allowed_origins: Vec<String>,
    /// Comma-separated origins, besides the UI's own, whose pages may open the WebSocket.
    #[arg(
        long, env,
        value_delimiter = ',',
        default_value = "",
        value_parser = origin::parse
    )]
    ws_allowed_origins: Vec<String>,
    /// WebSocket ping interval in milliseconds.
    #[arg(
        long, env,
        default_value_t = 20_000,
        value_parser = clap::value_parser!(u64).range(10..)
    )]
    ws_ping_interval_ms: u64,
    /// Milliseconds an anonymous WebSocket has to send its `auth` message.
    #[arg(long, env, default_value_t = 5_000)]
    ws_auth_deadline_ms: u64,
    /// Messages queued per WebSocket before a slow reader is dropped.
    #[arg(
        long, env,
        default_value_t = 64,
        value_parser = clap::value_parser!(u16).range(1..)
    )]
    ws_queue_capacity: u16,
    /// Log filter in tracing-subscriber's syntax, e.g. `info,sqlx=warn`.
    #[arg(long, env, default_value = "info,tower_http=info,sqlx=warn")]
    rust_log: String,
    /// Log lines as human-readable text or as one JSON object each.
    #[arg(long, env, value_enum, default_value = "text")]
    log_format: LogFormat,

    // WebSocket abuse limits. A socket sending faster than its rate allows is closed with 1008;
    // a handshake over a cap is refused with 429 (per address) or 503 (in all). The UI opens one
    // socket per tab and sends a message or two per page.
    /// Messages one WebSocket may send per second, on average.
    #[arg(long, env, default_value = "10")]
    ws_messages_per_second: NonZeroU32,
    /// Messages one WebSocket may send at once, after a quiet spell.
    #[arg(long, env, default_value = "20")]
    ws_message_burst: NonZeroU32,
    /// WebSockets open at once from one client address (a classroom behind one address shares it).
    #[arg(long, env, default_value = "32")]
    ws_max_sockets_per_address: NonZeroUsize,
    /// WebSockets open at once in all.
    #[arg(long, env, default_value = "512")]
    ws_max_sockets: NonZeroUsize,
    // --- Throttling: guessing and sign-up floods. Each limit is COUNT per WINDOW seconds,
    // coming back steadily (one every WINDOW / COUNT seconds); over it the answer is a 429.
    /// Wrong passwords allowed for one account (from anywhere) per window; then even the right
    /// one is refused until the window lets another attempt through.
    #[arg(long, env, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    login_failures_per_account: u32,
    /// Window of LOGIN_FAILURES_PER_ACCOUNT, in seconds.
    #[arg(long, env, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    login_failures_per_account_window_secs: u64,
    /// Wrong passwords allowed from one client address, over every account, per window.
    #[arg(long, env, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    login_failures_per_address: u32,
    /// Window of LOGIN_FAILURES_PER_ADDRESS, in seconds.
    #[arg(long, env, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    login_failures_per_address_window_secs: u64,
    /// Registration attempts allowed from one client address per window.
    #[arg(long, env, default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..))]
    registrations_per_address: u32,
    /// Window of REGISTRATIONS_PER_ADDRESS, in seconds.
    #[arg(long, env, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    registrations_per_address_window_secs: u64,
    /// Comma-separated IP addresses of reverse proxies whose X-Forwarded-For names the client;
    /// from any other peer the header is ignored. Empty: the socket's peer is the client.
    #[arg(long, env, value_delimiter = ',', default_value = "", value_parser = throttle::ip_or_blank)]
    trusted_proxies: Vec<Option<IpAddr>>,
    // --- Slow clients: how long a request's header may take, how many connections at once ---
    /// Seconds a client has to send a request's header, also the longest an idle keep-alive
    /// connection stays open; then the connection is closed.
    #[arg(
        long, env,
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    header_read_timeout_secs: u64,
    /// Connections served at once, WebSockets included; more wait in the listen backlog.
    #[arg(long, env, default_value = "512")]
    max_connections: NonZeroUsize,
}

impl Cli {
    /// Reads the process's arguments and environment, with `dot_env`'s entries (the `.env`
    /// file's) for the variables the environment lacks; `--help` and `--version` print and exit.
    pub fn from_process(
        dot_env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let args: Vec<OsString> = std::env::args_os().collect();
        let environment = std::env::vars_os().map(|(name, value)| {
            (
                name.to_string_lossy().into_owned(),
                value.to_string_lossy().into_owned(),
            )
        });
        match Self::parse(args.clone(), &Variables::new(environment, dot_env)) {
            Err(Parsed::Exit(error)) => {
                // The help that lists each variable with the value it has now.
                if let Err(error) = Cli::command().try_get_matches_from(args) {
                    error.exit();
                }
                error.exit()
            }
            Err(Parsed::Failed(error)) => Err(error),
            Ok(config) => Ok(config),
        }
    }

    /// As [`Cli::from_process`] with `env` standing in for the whole environment, which is
    /// never read: what tests use.
    pub fn parse_from<A, K, V>(
        args: impl IntoIterator<Item = A>,
        env: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Config, ConfigError>
    where
        A: Into<OsString>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let env = env
            .into_iter()
            .map(|(name, value)| (name.as_ref().to_owned(), value.as_ref().to_owned()));
        let args = args.into_iter().map(Into::into).collect();
        Self::parse(args, &Variables::new(env, [])).map_err(|parsed| match parsed {
            Parsed::Failed(error) => error,
            Parsed::Exit(error) => ConfigError::Usage(error.to_string()),
        })
    }

    fn parse(mut args: Vec<OsString>, variables: &Variables) -> Result<Config, Parsed> {
        let command = Cli::command().mut_args(|arg| arg.env(None));
        let given: Vec<String> = Cli::command()
            .get_arguments()
            .filter_map(|arg| arg.get_long())
            .map(|long| format!("--{long}"))
            .filter(|flag| {
                args.iter().any(|given| {
                    given.to_str().is_some_and(|given| {
                        given == flag || given.starts_with(&format!("{flag}="))
                    })
                })
            })
            .collect();
        // A variable is the flag it stands for, unless the flag is given too.
        for arg in Cli::command().get_arguments() {
            let (Some(variable), Some(long)) = (arg.get_env(), arg.get_long()) else {
                continue;
            };
            let flag = format!("--{long}");
            let value = variable
                .to_str()
                .and_then(|variable| variables.value(variable));
            if let (false, Some(value)) = (given.contains(&flag), value) {
                args.push(format!("{flag}={value}").into());
            }
        }
        let origin = |variable: &str| {
            let flag = Cli::command()
                .get_arguments()
                .find(|arg| arg.get_env().is_some_and(|env| env == variable))
                .and_then(|arg| arg.get_long())
                .map(|long| format!("--{long}"));
            if flag.is_some_and(|flag| given.contains(&flag)) {
                Origin::CommandLine
            } else {
                variables.origin(variable)
            }
        };
        let failed = |error: clap::Error| {
            if error.use_stderr() {
                Parsed::Failed(name_the_variable(&error, origin))
            } else {
                Parsed::Exit(error)
            }
        };
        let matches = command.try_get_matches_from(args).map_err(failed)?;
        let cli = Cli::from_arg_matches(&matches).map_err(failed)?;
        cli.into_config().map_err(|clash| {
            // Several variables may share the blame; the first one set is the likeliest.
            let origin = clash
                .variable
                .split('/')
                .map(origin)
                .find(|origin| *origin != Origin::Default)
                .unwrap_or(Origin::Default);
            Parsed::Failed(ConfigError::Invalid {
                variable: clash.variable.to_owned(),
                origin,
                problem: clash.problem,
            })
        })
    }
}

/// How parsing ended when it did not give a configuration.
enum Parsed {
    Failed(ConfigError),
    /// `--help` or `--version`: print, then stop with success.
    Exit(clap::Error),
}

/// A setting that is valid alone but clashes with another, found after parsing.
pub(super) struct Clash {
    pub variable: &'static str,
    pub problem: String,
}

/// clap names the flag (`--port <PORT>`); users set the variable, so the message names it
/// once, where its value came from, and the values allowed when they are a list.
fn name_the_variable(error: &clap::Error, origin: impl Fn(&str) -> Origin) -> ConfigError {
    let flag = error
        .get(ContextKind::InvalidArg)
        .map(ToString::to_string)
        .unwrap_or_default();
    let command = Cli::command();
    let arg = command.get_arguments().find(|arg| {
        arg.get_long().is_some_and(|long| {
            flag == format!("--{long}") || flag.starts_with(&format!("--{long} "))
        })
    });
    let variable = arg
        .and_then(|arg| arg.get_env())
        .map(|variable| variable.to_string_lossy().into_owned());
    let Some(variable) = variable else {
        let rendered = error.render().to_string();
        let first = rendered.lines().next().unwrap_or_default();
        return ConfigError::Usage(first.trim_start_matches("error: ").to_owned());
    };
    let value = match error.get(ContextKind::InvalidValue) {
        Some(ContextValue::String(value)) if !arg.is_some_and(Arg::is_hide_env_values_set) => {
            format!("invalid value '{value}'")
        }
        _ => "invalid value".to_owned(),
    };
    let problem = match (error.kind(), error.get(ContextKind::ValidValue)) {
        (ErrorKind::InvalidValue, Some(ContextValue::Strings(allowed))) => {
            format!("{value}; allowed: {}", allowed.join(", "))
        }
        _ => match std::error::Error::source(error) {
            Some(cause) => format!("{value}: {cause}"),
            None => value,
        },
    };
    ConfigError::Invalid {
        origin: origin(&variable),
        variable,
        problem,
    }
}
