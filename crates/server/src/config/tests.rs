use std::num::NonZeroU32;

use clap::CommandFactory;

use super::*;

fn parse(args: &[&str]) -> Result<Config, String> {
    with_env(args, &[])
}

/// Parses `args` with `env` as the whole environment; the process's own is never touched.
fn with_env(args: &[&str], env: &[(&str, &str)]) -> Result<Config, String> {
    let mut argv = vec!["conduit"];
    argv.extend_from_slice(args);
    Cli::parse_from(argv, env.iter().copied()).map_err(|error| error.to_string())
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
    assert_eq!(
        error,
        "JWT_SECRET (from the command line): must be at least 32 bytes (got 16)"
    );
}

#[test]
fn a_bad_number_names_the_variable() {
    assert_eq!(
        parse(&["--port", "eighty"]).unwrap_err(),
        "PORT (from the command line): invalid value 'eighty': invalid digit found in string"
    );
    assert_eq!(
        with_env(&[], &[("PORT", "eighty")]).unwrap_err(),
        "PORT (from the environment): invalid value 'eighty': invalid digit found in string"
    );
}

#[test]
fn leeway_above_thirty_seconds_is_refused() {
    let error = with_env(&[], &[("JWT_LEEWAY_SECS", "31")]).unwrap_err();
    assert_eq!(
        error,
        "JWT_LEEWAY_SECS (from the environment): invalid value '31': 31 is not in 0..=30"
    );
}

#[test]
fn ttl_longer_than_the_maximum_lifetime_is_refused() {
    let error = parse(&["--jwt-ttl-secs", "100", "--jwt-max-lifetime-secs", "50"]).unwrap_err();
    assert_eq!(
        error,
        "JWT_TTL_SECS (from the command line): must not exceed JWT_MAX_LIFETIME_SECS, or every \
         token would be refused"
    );
}

#[test]
fn a_ttl_equal_to_the_maximum_lifetime_is_accepted() {
    let config = parse(&["--jwt-ttl-secs", "50", "--jwt-max-lifetime-secs", "50"]).unwrap();
    assert_eq!(config.jwt.ttl, Duration::from_secs(50));
}

#[test]
fn a_session_lasts_thirty_days_by_default_and_from_one_to_3650() {
    let day = Duration::from_secs(24 * 60 * 60);
    assert_eq!(Config::default().jwt.session_max, day * 30);
    let one_day = with_env(&[], &[("SESSION_MAX_DAYS", "1")]).unwrap();
    assert_eq!(one_day.jwt.session_max, day);
    let ten_years = parse(&["--session-max-days", "3650"]).unwrap();
    assert_eq!(ten_years.jwt.session_max, day * 3650);
    for refused in ["0", "3651", "a month"] {
        let error = with_env(&[], &[("SESSION_MAX_DAYS", refused)]).unwrap_err();
        assert!(
            error.starts_with(&format!(
                "SESSION_MAX_DAYS (from the environment): invalid value '{refused}'"
            )),
            "{error}"
        );
    }
}

#[test]
fn a_cache_entry_lives_a_minute_by_default_and_from_zero_to_an_hour() {
    assert_eq!(Config::default().cache_ttl, Duration::from_secs(60));
    let off = with_env(&[], &[("CACHE_TTL_SECS", "0")]).unwrap();
    assert_eq!(off.cache_ttl, Duration::ZERO);
    let an_hour = parse(&["--cache-ttl-secs", "3600"]).unwrap();
    assert_eq!(an_hour.cache_ttl, Duration::from_secs(3600));
    for refused in ["3601", "-1", "a minute"] {
        let error = with_env(&[], &[("CACHE_TTL_SECS", refused)]).unwrap_err();
        assert!(
            error.starts_with(&format!(
                "CACHE_TTL_SECS (from the environment): invalid value '{refused}'"
            )),
            "{error}"
        );
    }
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
    assert_eq!(
        parse(&["--breach-check", "maybe"]).unwrap_err(),
        "BREACH_CHECK (from the command line): invalid value 'maybe'; allowed: off, fail-open, \
         fail-closed"
    );
}

#[test]
fn database_url_must_name_a_supported_backend() {
    let error = parse(&["--database-url", "mysql://localhost/conduit"]).unwrap_err();
    assert_eq!(
        error,
        "DATABASE_URL (from the command line): must start with sqlite: or postgres://"
    );
}

#[test]
fn database_url_accepts_sqlite_and_both_postgres_spellings() {
    for url in [
        "sqlite://conduit.db",
        "postgres://conduit@localhost/conduit",
        "postgresql://conduit@localhost/conduit",
    ] {
        assert_eq!(parse(&["--database-url", url]).unwrap().database_url, url);
    }
}

#[test]
fn cors_origins_are_a_trimmed_list() {
    let config = parse(&[
        "--cors-allowed-origins",
        "https://a.example, https://B.example,",
    ])
    .unwrap();
    assert_eq!(
        config.http.cors_allowed_origins,
        ["https://a.example", "https://b.example"]
    );
}

#[test]
fn a_flag_wins_over_its_variable() {
    let config = with_env(
        &["--port", "4000"],
        &[("PORT", "5000"), ("HOST", "0.0.0.0")],
    )
    .unwrap();
    assert_eq!(
        (config.port, config.host.to_string()),
        (4000, "0.0.0.0".into())
    );
}

#[test]
fn an_origin_with_a_path_or_no_scheme_is_refused_naming_the_variable() {
    for (variable, value) in [
        ("CORS_ALLOWED_ORIGINS", "not a url"),
        (
            "CORS_ALLOWED_ORIGINS",
            "https://ok.example,https://a.example/app",
        ),
        ("WS_ALLOWED_ORIGINS", "a.example"),
    ] {
        let error = with_env(&[], &[(variable, value)]).unwrap_err();
        assert!(
            error.starts_with(&format!("{variable} (from the environment): ")),
            "{error}"
        );
        assert!(error.contains("http(s)://HOST[:PORT]"), "{error}");
    }
}

#[test]
fn a_bad_log_filter_is_refused_naming_rust_log() {
    let error = with_env(&[], &[("RUST_LOG", "sqlx=loudest")]).unwrap_err();
    assert!(
        error.starts_with("RUST_LOG (from the environment): "),
        "{error}"
    );
    let config = with_env(&[], &[("RUST_LOG", "debug,sqlx=warn")]).unwrap();
    assert_eq!(config.log.filter, "debug,sqlx=warn");
}

#[test]
fn log_format_is_text_or_json() {
    assert_eq!(Config::default().log.format, LogFormat::Text);
    let config = with_env(&[], &[("LOG_FORMAT", "json")]).unwrap();
    assert_eq!(config.log.format, LogFormat::Json);
    let error = with_env(&[], &[("LOG_FORMAT", "xml")]).unwrap_err();
    assert!(
        error.starts_with("LOG_FORMAT (from the environment): "),
        "{error}"
    );
}

#[test]
fn help_lists_every_variable_rust_log_included() {
    let help = Cli::command().render_long_help().to_string();
    for variable in [
        "PORT",
        "DATABASE_URL",
        "CORS_ALLOWED_ORIGINS",
        "RUST_LOG",
        "LOG_FORMAT",
    ] {
        assert!(
            help.contains(&format!("[env: {variable}")),
            "{variable} missing from {help}"
        );
    }
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let error = parse(&["--colour"]).unwrap_err();
    assert!(error.contains("--colour"), "{error}");
}

#[test]
fn the_websocket_limits_are_settings_and_none_may_be_zero() {
    let help = Cli::command().render_long_help().to_string();
    let variables = [
        "WS_MESSAGES_PER_SECOND",
        "WS_MESSAGE_BURST",
        "WS_MAX_SOCKETS_PER_ADDRESS",
        "WS_MAX_SOCKETS",
    ];
    for variable in variables {
        assert!(help.contains(&format!("[env: {variable}")), "{variable}");
    }
    let config = with_env(
        &[],
        &[
            ("WS_MESSAGES_PER_SECOND", "5"),
            ("WS_MESSAGE_BURST", "7"),
            ("WS_MAX_SOCKETS_PER_ADDRESS", "3"),
            ("WS_MAX_SOCKETS", "9"),
        ],
    )
    .unwrap();
    let live = config.live;
    assert_eq!(
        (
            live.message_rate.per_second.get(),
            live.message_rate.burst.get(),
            live.sockets.per_address,
            live.sockets.total
        ),
        (5, 7, 3, 9)
    );
    for variable in variables {
        let error = with_env(&[], &[(variable, "0")]).unwrap_err();
        assert!(
            error.starts_with(&format!("{variable} (from the environment): ")),
            "{error}"
        );
    }
}

#[test]
fn throttling_defaults_stop_a_guesser_yet_leave_one_address_room() {
    let config = Config::default();
    assert_eq!(config.trusted_proxies, TrustedProxies::default());
    let throttle = config.throttle;
    let limit = |count, secs| RateLimit {
        count: NonZeroU32::new(count).unwrap(),
        window: Duration::from_secs(secs),
    };
    assert_eq!(throttle.login_failures_per_account, limit(5, 300));
    assert_eq!(throttle.login_failures_per_address, limit(20, 60));
    assert_eq!(throttle.registrations_per_address, limit(300, 60));
}

#[test]
fn throttling_settings_are_read_listed_and_checked() {
    let config = with_env(
        &[],
        &[
            ("LOGIN_FAILURES_PER_ACCOUNT", "3"),
            ("LOGIN_FAILURES_PER_ACCOUNT_WINDOW_SECS", "900"),
            ("TRUSTED_PROXIES", "10.0.0.1, ::1,"),
        ],
    )
    .unwrap();
    assert_eq!(
        config.throttle.login_failures_per_account,
        RateLimit {
            count: NonZeroU32::new(3).unwrap(),
            window: Duration::from_secs(900)
        }
    );
    assert_eq!(
        config.trusted_proxies,
        TrustedProxies::new(["10.0.0.1".parse().unwrap(), "::1".parse().unwrap()])
    );

    let error = with_env(&[], &[("TRUSTED_PROXIES", "10.0.0.1,proxy.local")]).unwrap_err();
    assert!(
        error.starts_with("TRUSTED_PROXIES (from the environment): "),
        "{error}"
    );
    let error = with_env(&[], &[("REGISTRATIONS_PER_ADDRESS", "0")]).unwrap_err();
    assert!(
        error.starts_with("REGISTRATIONS_PER_ADDRESS (from the environment): "),
        "{error}"
    );

    let help = Cli::command().render_long_help().to_string();
    for variable in [
        "LOGIN_FAILURES_PER_ACCOUNT",
        "LOGIN_FAILURES_PER_ACCOUNT_WINDOW_SECS",
        "LOGIN_FAILURES_PER_ADDRESS",
        "LOGIN_FAILURES_PER_ADDRESS_WINDOW_SECS",
        "REGISTRATIONS_PER_ADDRESS",
        "REGISTRATIONS_PER_ADDRESS_WINDOW_SECS",
        "TRUSTED_PROXIES",
    ] {
        assert!(help.contains(&format!("[env: {variable}")), "{variable}");
    }
}

#[test]
fn slow_client_settings_default_to_ten_seconds_and_512_connections_and_refuse_zero() {
    let config = Config::default();
    assert_eq!(
        config.connections.header_read_timeout,
        Duration::from_secs(10)
    );
    assert_eq!(config.connections.max_connections.get(), 512);
    for variable in ["HEADER_READ_TIMEOUT_SECS", "MAX_CONNECTIONS"] {
        let error = with_env(&[], &[(variable, "0")]).unwrap_err();
        assert!(
            error.starts_with(&format!("{variable} (from the environment): ")),
            "{error}"
        );
    }
    let help = Cli::command().render_long_help().to_string();
    assert!(help.contains("[env: HEADER_READ_TIMEOUT_SECS="), "{help}");
    assert!(help.contains("[env: MAX_CONNECTIONS="), "{help}");
}

#[test]
fn a_clash_with_a_default_says_the_value_is_its_default() {
    let error = with_env(&[], &[("JWT_MAX_LIFETIME_SECS", "60")]).unwrap_err();
    assert_eq!(
        error,
        "JWT_TTL_SECS (its default): must not exceed JWT_MAX_LIFETIME_SECS, or every token would \
         be refused"
    );
}

#[test]
fn host_may_be_a_name() {
    let config = with_env(&[], &[("HOST", "localhost")]).unwrap();
    assert_eq!(config.host.to_string(), "127.0.0.1");
}
