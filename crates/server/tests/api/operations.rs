//! What operators see when start-up fails: what to fix, and why. (The access log has a test
//! binary of its own: tests/access_log.rs.)

use std::sync::Arc;
use std::time::{Duration, Instant};

use conduit_domain::ErrorChain;
use conduit_server::{Application, Config, SystemClock};

async fn start_up_error(database_url: &str) -> String {
    let config = Config {
        port: 0,
        database_url: database_url.to_owned(),
        ..Config::default()
    };
    let started = Instant::now();
    let Err(error) = Application::build(config, Arc::new(SystemClock)).await else {
        panic!("{database_url} should not start");
    };
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    ErrorChain(&error).to_string()
}

#[tokio::test]
async fn an_unreachable_postgres_is_named_with_its_host_and_cause_but_not_its_password() {
    // Port 1: nothing listens there, so the connection is refused at once.
    let message = start_up_error("postgres://conduit:s3cret@127.0.0.1:1/conduit").await;
    assert!(
        message.starts_with(
            "DATABASE_URL postgres://conduit@127.0.0.1:1/conduit: could not connect: "
        ),
        "{message}"
    );
    assert!(message.to_lowercase().contains("refused"), "{message}");
    assert!(!message.contains("s3cret"), "{message}");
}

#[tokio::test]
async fn a_sqlite_file_in_a_missing_directory_is_named_with_its_path() {
    let directory = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/missing/conduit.db", directory.path().display());
    let message = start_up_error(&url).await;
    assert!(
        message.starts_with(&format!("DATABASE_URL {url}: could not connect: ")),
        "{message}"
    );
}
