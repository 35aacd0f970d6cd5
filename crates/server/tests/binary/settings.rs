//! Start-up errors as a user meets them: each names its variable once, where its value came
//! from, and the values allowed when they are a list.

use super::*;

fn stopped_with(output: Output) -> String {
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn a_bad_value_in_dot_env_says_it_came_from_there_and_lists_the_allowed_values() {
    let directory = tempfile::tempdir().unwrap();
    std::fs::write(directory.path().join(".env"), "BREACH_CHECK=maybe\n").unwrap();
    let error = stopped_with(run(conduit(directory.path()).args(SERVE_HERE)));
    assert_eq!(
        error,
        "error: BREACH_CHECK (from .env): invalid value 'maybe'; \
         allowed: off, fail-open, fail-closed\n"
    );
}

#[test]
fn a_bad_value_in_the_environment_says_it_came_from_there() {
    let directory = tempfile::tempdir().unwrap();
    // The environment wins over .env, so the error is about the environment's value.
    std::fs::write(directory.path().join(".env"), "LOG_FORMAT=text\n").unwrap();
    let error = stopped_with(run(conduit(directory.path())
        .args(SERVE_HERE)
        .env("LOG_FORMAT", "yaml")));
    assert_eq!(
        error,
        "error: LOG_FORMAT (from the environment): invalid value 'yaml'; allowed: text, json\n"
    );
}

#[test]
fn an_unreachable_postgresql_is_one_line_with_its_cause_once() {
    let directory = tempfile::tempdir().unwrap();
    let output = run(conduit(directory.path())
        .args([
            "--port=0",
            "--database-url=postgres://conduit@127.0.0.1:1/conduit",
        ])
        .env("JWT_SECRET", "s".repeat(48)));
    let error = stopped_with(output);
    assert_eq!(error.lines().count(), 1, "{error}");
    assert!(error.starts_with("error: DATABASE_URL "), "{error}");
    assert_eq!(error.matches("Connection refused").count(), 1, "{error}");
}

#[test]
fn host_may_be_a_name_that_resolves() {
    let directory = tempfile::tempdir().unwrap();
    let conduit = Running::start_with(directory.path(), &[("HOST", "localhost")]);
    let address = conduit.address();
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    let response = get(&address, "/api/health");
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
}

#[test]
fn a_host_that_does_not_resolve_is_refused_naming_host() {
    let directory = tempfile::tempdir().unwrap();
    let error = stopped_with(run(conduit(directory.path())
        .args(SERVE_HERE)
        .env("HOST", "not a host")));
    assert!(
        error.starts_with("error: HOST (from the environment): invalid value 'not a host': "),
        "{error}"
    );
    assert_eq!(error.lines().count(), 1, "{error}");
}

#[test]
fn a_port_in_use_names_host_and_port() {
    let directory = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let error = stopped_with(run(conduit(directory.path())
        .arg("--database-url=sqlite://conduit.db")
        .env("PORT", port.to_string())
        .env("JWT_SECRET", "s".repeat(48))));
    assert_eq!(
        error,
        format!(
            "error: could not listen on 127.0.0.1:{port} (HOST, PORT): Address already in use \
             (os error 98)\n"
        )
    );
}
