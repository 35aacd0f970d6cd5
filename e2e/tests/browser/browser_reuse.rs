//! The suite hands each browser on to the next test (`support/browsers.rs`) after a reset, and
//! that is only sound if the reset leaves nothing behind: a token, a service worker or a cached
//! page of this test's origin would be found by a later test that happens to get the same port.

use serde_json::json;

use crate::support::{AUTHOR, browser_test, test_name};

#[test]
fn a_reset_browser_keeps_nothing_of_the_test_before() {
    browser_test(test_name!(), |browser, api| async move {
        let window =
            "return [window.outerWidth, window.outerHeight, history.length, location.href];";
        let as_started = browser.execute(window, vec![]).await;
        assert_eq!(as_started, json!([1280, 800, 1, "about:blank"]));
        let token = api.register(AUTHOR).await;
        browser.sign_in(&token).await;
        browser.visit("/").await;
        browser
            .wait_until(
                "the service worker to keep the shell",
                "return navigator.serviceWorker.controller !== null;",
            )
            .await;
        browser.resize(390, 844).await;

        browser
            .forget_everything()
            .await
            .expect("the browser resets");

        assert_eq!(browser.execute(window, vec![]).await, as_started);
        browser.visit("/assets/default-avatar.svg").await;
        let kept = "return Promise.all([
                localStorage.length,
                navigator.serviceWorker.getRegistrations().then((found) => found.length),
                caches.keys().then((found) => found.length),
                document.cookie,
            ]);";
        assert_eq!(browser.execute(kept, vec![]).await, json!([0, 0, 0, ""]));
    });
}
