//! "Light pages" (realworld-ui.md): the UI's files go out compressed and with validators, and the
//! service worker keeps the shell, so a repeat visit transfers under 10 KB besides the API's JSON.
//! Bytes are counted by the relay between the browser and the app, as they crossed the wire.

use crate::support::{AUTHOR, Browser, browser_test, test_name};

/// The contract's ceiling for a repeat visit, API aside.
const REPEAT_VISIT_LIMIT: u64 = 10 * 1024;

/// Bytes received for everything but the API since the last count, and how many requests.
fn page_bytes(browser: &Browser) -> (u64, usize) {
    let transfers = browser.network().take_transfers();
    let pages: Vec<u64> = transfers
        .iter()
        .filter(|(target, _)| !target.starts_with("/api/"))
        .map(|(_, bytes)| *bytes)
        .collect();
    (pages.iter().sum(), pages.len())
}

#[test]
fn a_repeat_visit_transfers_under_10_kb_besides_the_api() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(AUTHOR).await;
        api.create_article(&token, "Light as a feather", "Cached.")
            .await;

        // First visit: the shell, every file, and the service worker keeping them.
        browser.visit("/").await;
        browser
            .element_with_text("article-title", "Light as a feather")
            .await;
        browser
            .wait_until(
                "the service worker to control the page",
                "return navigator.serviceWorker.controller !== null;",
            )
            .await;
        let (first, first_requests) = page_bytes(&browser);

        // Repeat visit: validators answer 304 for every unchanged file.
        browser.reload().await;
        browser
            .element_with_text("article-title", "Light as a feather")
            .await;
        browser
            .wait_until(
                "every file of the page to have loaded",
                "return document.readyState === 'complete';",
            )
            .await;
        let (repeat, repeat_requests) = page_bytes(&browser);
        eprintln!(
            "bytes besides the API: first visit {first} in {first_requests} requests, \
             repeat visit {repeat} in {repeat_requests} requests"
        );
        assert!(
            repeat < REPEAT_VISIT_LIMIT,
            "a repeat visit transferred {repeat} bytes besides the API"
        );
    });
}
