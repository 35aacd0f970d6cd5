//! How the UI's files travel ("Light pages" in realworld-ui.md): compressed for browsers that
//! accept it, with a validator (ETag) and `Cache-Control: no-cache`, so that a repeat visit
//! costs a bodiless 304 per unchanged file; the service worker at the root of the site.

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};

use crate::helpers::spawn_app;

/// A client that neither asks for compression nor undoes it: what was sent is what is seen.
async fn fetch(
    address: &str,
    path: &str,
    headers: &[(reqwest::header::HeaderName, &str)],
) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(format!("{address}{path}"));
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn text_files_go_out_compressed_to_browsers_that_accept_it() {
    let app = spawn_app().await;
    for path in ["/", "/assets/style.css", "/assets/app.js", "/sw.js"] {
        let plain = fetch(&app.address, path, &[]).await;
        assert_eq!(plain.status(), StatusCode::OK, "{path}");
        assert!(plain.headers().get(CONTENT_ENCODING).is_none(), "{path}");
        let plain_length = plain.bytes().await.unwrap().len();

        for encoding in ["gzip", "br"] {
            let packed = fetch(&app.address, path, &[(ACCEPT_ENCODING, encoding)]).await;
            assert_eq!(packed.status(), StatusCode::OK, "{path} {encoding}");
            assert_eq!(packed.headers()[CONTENT_ENCODING], encoding, "{path}");
            let vary = packed.headers()[VARY].to_str().unwrap().to_lowercase();
            assert!(vary.contains("accept-encoding"), "{path}: vary {vary}");
            let packed_length = packed.bytes().await.unwrap().len();
            assert!(
                packed_length * 4 < plain_length * 3,
                "{path} {encoding}: {packed_length} bytes against {plain_length}"
            );
        }
    }
}

#[tokio::test]
async fn an_unchanged_file_costs_a_bodiless_304_and_a_changed_one_comes_whole() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/login",
        "/assets/app.js",
        "/assets/default-avatar.svg",
        "/sw.js",
    ] {
        let first = fetch(&app.address, path, &[]).await;
        assert_eq!(first.status(), StatusCode::OK, "{path}");
        assert_eq!(first.headers()[CACHE_CONTROL], "no-cache", "{path}");
        let etag = first.headers()[ETAG].to_str().unwrap().to_owned();
        assert!(
            etag.starts_with("W/\"") && etag.ends_with('"'),
            "{path}: {etag}"
        );

        let again = fetch(&app.address, path, &[(IF_NONE_MATCH, &etag)]).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.headers()[ETAG], etag.as_str(), "{path}");
        assert_eq!(again.headers()[CACHE_CONTROL], "no-cache", "{path}");
        assert!(again.bytes().await.unwrap().is_empty(), "{path}");

        let stale = fetch(
            &app.address,
            path,
            &[(IF_NONE_MATCH, "W/\"0000000000000000\"")],
        )
        .await;
        assert_eq!(stale.status(), StatusCode::OK, "{path}");
        assert!(!stale.bytes().await.unwrap().is_empty(), "{path}");
    }
    let shell = fetch(&app.address, "/", &[]).await.headers()[ETAG].clone();
    let script = fetch(&app.address, "/assets/app.js", &[]).await.headers()[ETAG].clone();
    assert_ne!(shell, script, "each file has its own validator");
}

#[tokio::test]
async fn the_service_worker_is_a_script_at_the_root_under_the_shells_policy() {
    let app = spawn_app().await;
    let worker = fetch(&app.address, "/sw.js", &[]).await;
    assert_eq!(worker.status(), StatusCode::OK);
    assert_eq!(
        worker.headers()[CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    let policy = worker.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    // Scripts and styles run under their page's policy: none is sent with them.
    let script = fetch(&app.address, "/assets/app.js", &[]).await;
    assert!(script.headers().get("content-security-policy").is_none());
}
