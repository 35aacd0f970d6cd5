//! Starting a headless Chromium session: a profile of its own, and nothing reachable but the
//! application under test.

use std::path::Path;

use fantoccini::error::NewSessionError;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use super::chromedriver::{Chromedriver, chromium_binary};

/// Opens a browser whose profile lives in `profile_dir` (a fresh one per session: two browsers
/// cannot share a profile, and a default one would be left behind in /tmp).
pub async fn open_session(
    driver: &Chromedriver,
    profile_dir: &Path,
) -> Result<Client, NewSessionError> {
    let chrome_options = json!({
        "binary": chromium_binary(),
        "args": [
            "--headless",
            // Chromium refuses to start as root with its sandbox on.
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1280,800",
            format!("--user-data-dir={}", profile_dir.display()),
            // Only the app under test is reachable: no calls home, no flakiness from the network.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
        // Start on about:blank; otherwise the first `goto` waits for a new-tab page to load.
        "prefs": {
            "session.restore_on_startup": 4,
            "session.startup_urls": ["about:blank"],
        },
    });
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert("goog:chromeOptions".into(), chrome_options);
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
}
