//! One access-log line per request at `info`: method, path without the query string, status,
//! latency and request id.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Seek};
use std::sync::{Arc, Mutex};

use conduit_server::{Application, Config, SystemClock, logging};
use reqwest::StatusCode;

// The default single-threaded runtime runs the server on this thread, so the thread's
// subscriber sees its log lines. Alone in its binary: tracing caches per call site whether
// anyone listens, and tests on other threads without this subscriber would race that cache.
#[tokio::test]
async fn every_request_gets_one_access_log_line_without_its_query_string() {
    let file = tempfile::tempfile().unwrap();
    let mut reader = file.try_clone().unwrap();
    let log = Config::default().log;
    let subscriber = logging::subscriber(&log, Mutex::new(file), false);
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

    let mut text = String::new();
    reader.rewind().unwrap();
    reader.read_to_string(&mut text).unwrap();
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
