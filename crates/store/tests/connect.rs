//! Choosing the backend from the database URL, the SQLite URL the pool is opened with, and what
//! start-up says when the database cannot be reached. Needs no PostgreSQL server: telling the
//! schemes apart needs none, and a refused connection is one to a port where nothing listens.

use conduit_domain::ErrorChain;
use conduit_store::{Backend, StoreError, open};

#[test]
fn every_scheme_we_document_names_its_backend() {
    for (url, backend) in [
        ("sqlite:conduit.db", Backend::Sqlite),
        ("sqlite://conduit.db", Backend::Sqlite),
        ("sqlite::memory:", Backend::Sqlite),
        (
            "postgres://postgres@127.0.0.1:5432/conduit",
            Backend::Postgres,
        ),
        (
            "postgresql://postgres@127.0.0.1:5432/conduit",
            Backend::Postgres,
        ),
    ] {
        assert_eq!(Backend::of(url).ok(), Some(backend), "{url}");
    }
}

#[test]
fn any_other_scheme_is_refused_by_name() {
    for (url, scheme) in [
        ("mysql://root@localhost/conduit", "mysql"),
        ("postgres:/missing-slash", "postgres"),
        ("conduit.db", "conduit.db"),
        ("", ""),
    ] {
        match Backend::of(url) {
            Err(StoreError::UnsupportedUrl(named)) => assert_eq!(named, scheme, "{url}"),
            other => panic!("{url}: expected UnsupportedUrl, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_sqlite_url_that_brings_its_own_options_is_used_as_given() {
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("own-options.db");
    // Adding our `?mode=rwc` to a URL that already has a query would make `mode=rwc?mode=rwc`.
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let opened = open(&url, Default::default()).await;
    assert!(opened.is_ok(), "{url}: {:?}", opened.err());
    assert!(file.exists(), "the file is created on first use");
}

#[tokio::test]
async fn an_in_memory_sqlite_database_opens_without_a_file() {
    let opened = open("sqlite::memory:", Default::default()).await;
    assert!(opened.is_ok(), "{:?}", opened.err());
}

#[tokio::test]
async fn a_database_server_that_refuses_the_connection_is_reported_as_refused() {
    // A port that was free a moment ago, so that nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port();
    let url = format!("postgres://postgres@127.0.0.1:{port}/conduit");
    let error = open(&url, Default::default())
        .await
        .err()
        .expect("nothing listens on the port");
    // A pool alone would only say that it timed out; the reason is what start-up must show.
    let chain = ErrorChain(&error).to_string().to_lowercase();
    assert!(chain.contains("refused"), "{chain}");
}
