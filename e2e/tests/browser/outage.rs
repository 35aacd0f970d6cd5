//! The server stops and starts again ("When things go wrong" in realworld-ui.md): a reload during
//! the outage still shows the app (its shell kept by the service worker) with the "Connecting"
//! notice, and when the server answers again the page fills in by itself, without a reload.
//! The relay stands in for the stopped server: it refuses every connection, pages and files too.

use crate::support::{AUTHOR, Fault, RECONNECT_WITHIN, Requests, browser_test, test_name};

#[test]
fn a_reload_during_an_outage_shows_the_app_and_the_page_comes_back_by_itself() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(AUTHOR).await;
        api.create_article(&token, "Worth the wait", "Back soon.")
            .await;

        browser.visit("/").await;
        browser
            .element_with_text("article-title", "Worth the wait")
            .await;
        browser
            .wait_until(
                "the service worker to keep the shell",
                "return navigator.serviceWorker.controller !== null;",
            )
            .await;

        // The server stops; the reader reloads: the app, not the browser's error page.
        browser
            .network()
            .fail(Requests::everything(), Fault::Refuse);
        browser.reload().await;
        browser.element_with_text("nav-home", "Home").await;
        browser.connecting_notice().await;
        browser.error_within("home-page", "Unable to connect").await;
        browser.remember_document().await;

        // The server starts again: the feed fills in by itself, on the same document.
        browser.network().heal();
        browser
            .xpath_within(
                "//*[@data-test='article-title' and normalize-space()='Worth the wait']",
                "the article back in the feed",
                RECONNECT_WITHIN,
            )
            .await;
        browser.wait_until_gone("connection-notice").await;
        browser.assert_not_reloaded().await;
    });
}
