//! One access-log line per request at `info`: method, path without the query string, status,
//! latency and request id.

#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use conduit_server::{Application, Config, SystemClock};
use reqwest::StatusCode;

/// Log lines written on this thread while a test runs.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// The default single-threaded runtime runs the server on this thread, so the thread's
// subscriber sees its log lines. Alone in its binary: tracing caches per call site whether
// anyone listens, and tests on other threads without this subscriber would race that cache.
#[tokio::test]
async fn every_request_gets_one_access_log_line_without_its_query_string() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("info")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let directory = tempfile::tempdir().unwrap();
    let config = Config {
        port: 0,
        database_url: format!("sqlite://{}", directory.path().join("log.db").display()),
        ..Config::default()
    };
    let application = Application::build(config, Arc::new(SystemClock))
        .await
        .unwrap();
    let base = format!("http://{}", application.address());
    tokio::spawn(application.run_until(std::future::pending()));
    let client = reqwest::Client::new();

    let response = client
        .get(format!("{base}/api/articles?author=jake&token=s3cret"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    client
        .get(format!("{base}/api/nowhere"))
        .send()
        .await
        .unwrap();

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let access: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("finished processing request"))
        .collect();
    assert_eq!(access.len(), 2, "{text}");
    for expected in [
        " INFO ",
        "method=GET",
        "path=\"/api/articles\"",
        &format!("request_id=\"{request_id}\""),
        "status=200",
        "latency=",
    ] {
        assert!(
            access[0].contains(expected),
            "{expected} missing: {}",
            access[0]
        );
    }
    assert!(access[1].contains("status=404"), "{}", access[1]);
    assert!(!text.contains("s3cret"), "{text}");
}
