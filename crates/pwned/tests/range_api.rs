//! The adapter against a wiremock stand-in for the Pwned Passwords range API.
//! "password" hashes to SHA-1 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8.

// clippy's `allow-unwrap-in-tests` covers `#[test]` functions only, not the helpers here.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use conduit_domain::ErrorChain;
use conduit_domain::ports::{BreachCheckError, BreachedPasswords};
use conduit_domain::values::NewPassword;
use conduit_pwned::{LookupError, PwnedPasswordsClient, PwnedPasswordsConfig};
use reqwest::StatusCode;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PASSWORD: &str = "password";
const FULL_HASH: &str = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8";
const RANGE_PATH: &str = "/range/5BAA6";
const SUFFIX: &str = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";
// Free of the word "password", so the privacy test can look for it in every header.
const USER_AGENT: &str = "conduit-pwned-tests/0.1 (breach check)";
const OTHER_LINES: &str = "0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n\
                           00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2\r\n\
                           011053FD0102E94D6AE2F8B83D76FAF94F6:0\r\n";

fn client(base_url: String, timeout: Duration) -> PwnedPasswordsClient {
    PwnedPasswordsClient::new(PwnedPasswordsConfig {
        base_url,
        timeout,
        user_agent: USER_AGENT.to_owned(),
    })
    .unwrap()
}

fn client_for(server: &MockServer) -> PwnedPasswordsClient {
    client(server.uri(), Duration::from_secs(5))
}

fn password() -> NewPassword {
    NewPassword::parse(PASSWORD).unwrap()
}

/// A mock of the range the test password falls in, which also checks the headers the API
/// asks for.
async fn mount_range(server: &MockServer, name: &str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(RANGE_PATH))
        .and(header("Add-Padding", "true"))
        .and(header("User-Agent", USER_AGENT))
        .respond_with(response)
        .named(name)
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_breached_password_returns_the_exact_count() {
    let server = MockServer::start().await;
    mount_range(
        &server,
        "range 5BAA6 lists the password",
        ResponseTemplate::new(200).set_body_string(format!("{OTHER_LINES}{SUFFIX}:10434004\r\n")),
    )
    .await;

    let seen = client_for(&server).times_seen(&password()).await;

    assert_eq!(seen, Ok(10_434_004));
}

#[tokio::test]
async fn a_clean_password_returns_zero() {
    let server = MockServer::start().await;
    mount_range(
        &server,
        "range 5BAA6 without the password",
        ResponseTemplate::new(200).set_body_string(OTHER_LINES),
    )
    .await;

    let seen = client_for(&server).times_seen(&password()).await;

    assert_eq!(seen, Ok(0));
}

#[tokio::test]
async fn a_zero_count_padding_line_for_the_exact_suffix_is_ignored() {
    let server = MockServer::start().await;
    mount_range(
        &server,
        "range 5BAA6 with the suffix only as padding",
        ResponseTemplate::new(200).set_body_string(format!("{OTHER_LINES}{SUFFIX}:0\r\n")),
    )
    .await;

    let seen = client_for(&server).times_seen(&password()).await;

    assert_eq!(seen, Ok(0));
}

#[tokio::test]
async fn a_server_error_is_an_error() {
    let server = MockServer::start().await;
    mount_range(&server, "range API failing", ResponseTemplate::new(500)).await;

    let seen = client_for(&server).times_seen(&password()).await;

    assert!(
        matches!(
            lookup_error(&seen),
            Some(LookupError::Status(StatusCode::INTERNAL_SERVER_ERROR))
        ),
        "{seen:?}"
    );
}

#[tokio::test]
async fn a_slow_server_is_an_error_once_the_timeout_passes() {
    let server = MockServer::start().await;
    mount_range(
        &server,
        "range API far slower than the timeout",
        ResponseTemplate::new(200)
            .set_body_string(format!("{SUFFIX}:1\r\n"))
            .set_delay(Duration::from_secs(30)),
    )
    .await;
    let timeout = Duration::from_millis(50);
    let client = client(server.uri(), timeout);

    let started = Instant::now();
    let seen = client.times_seen(&password()).await;
    let elapsed = started.elapsed();

    assert!(
        matches!(lookup_error(&seen), Some(LookupError::TimedOut(after)) if *after == timeout),
        "{seen:?}"
    );
    assert!(
        elapsed >= timeout,
        "returned before the timeout: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[tokio::test]
async fn a_refused_connection_is_an_error() {
    // A port that was just free and now has nobody listening on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client(format!("http://127.0.0.1:{port}"), Duration::from_secs(5));

    let seen = client.times_seen(&password()).await;

    let Some(LookupError::Unreachable(cause)) = lookup_error(&seen) else {
        panic!("expected an unreachable service, got {seen:?}");
    };
    assert!(cause.is_connect(), "{cause:?}");
    let logged = ErrorChain(seen.as_ref().unwrap_err()).to_string();
    assert!(
        logged.starts_with(
            "breached-password check unavailable: could not reach Pwned Passwords: error sending request"
        ),
        "the log line carries the whole chain: {logged}"
    );
    assert!(!logged.contains(RANGE_PATH), "{logged}");
}

/// The client's own reason for a failed look-up, under the domain's error.
fn lookup_error(seen: &Result<u64, BreachCheckError>) -> Option<&LookupError> {
    seen.as_ref().err()?.0.get().downcast_ref()
}

#[tokio::test]
async fn only_the_five_character_prefix_leaves_the_process() {
    let server = MockServer::start().await;
    mount_range(
        &server,
        "range 5BAA6, recorded",
        ResponseTemplate::new(200).set_body_string(OTHER_LINES),
    )
    .await;

    client_for(&server).times_seen(&password()).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.url.path(), RANGE_PATH);
    assert_eq!(request.url.query(), None);
    assert!(request.body.is_empty());
    let url = request.url.as_str().to_ascii_uppercase();
    let headers: Vec<String> = request
        .headers
        .iter()
        .map(|(name, value)| {
            format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())).to_ascii_uppercase()
        })
        .collect();
    for secret in [PASSWORD, FULL_HASH, SUFFIX] {
        let secret = secret.to_ascii_uppercase();
        assert!(!url.contains(&secret), "URL {url} reveals {secret}");
        for header in &headers {
            assert!(
                !header.contains(&secret),
                "header {header} reveals {secret}"
            );
        }
    }
}

#[tokio::test]
async fn a_base_url_with_a_trailing_slash_works() {
    let server = MockServer::start().await;
    mount_range(
        &server,
        "range 5BAA6 behind a base URL ending in a slash",
        ResponseTemplate::new(200).set_body_string(format!("{SUFFIX}:3\n")),
    )
    .await;

    let seen = client(format!("{}/", server.uri()), Duration::from_secs(5))
        .times_seen(&password())
        .await;

    assert_eq!(seen, Ok(3));
}

#[tokio::test]
async fn a_base_url_with_a_path_keeps_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/hibp/range/5BAA6"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!("{SUFFIX}:4\n")))
        .named("range 5BAA6 under /hibp")
        .expect(1)
        .mount(&server)
        .await;

    let seen = client(format!("{}/hibp", server.uri()), Duration::from_secs(5))
        .times_seen(&password())
        .await;

    assert_eq!(seen, Ok(4));
}
