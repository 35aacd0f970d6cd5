//! Waits for what the UI contract's "When things go wrong" section promises, in its own words
//! (classes and texts any Conduit front-end test looks for), built on the browser's waits.

use std::time::Duration;

use serde_json::Value;

use super::browser::Browser;
use super::find::xpath_string;

/// A wait for the reconnect after a server comes back: the session's back-off may have grown to
/// a few seconds by then (session-machine.js: 0.5–1 s, then 1–2 s, then 2–4 s).
pub const RECONNECT_WITHIN: Duration = Duration::from_secs(10);
const WITHIN: Duration = Duration::from_secs(5);

/// XPath for elements whose `class` holds `name` (XPath 1.0 has no class selector).
fn with_class(name: &str) -> String {
    format!("contains(concat(' ', normalize-space(@class), ' '), ' {name} ')")
}

impl Browser {
    /// Waits until an `ul.error-messages` entry inside the element of class `frame` (e.g.
    /// `article-page`) has text containing `text`.
    pub async fn error_within(&self, frame: &str, text: &str) {
        let xpath = format!(
            "//*[{}]//ul[{}]/li[contains(normalize-space(), {})]",
            with_class(frame),
            with_class("error-messages"),
            xpath_string(text)
        );
        let what = format!("an error containing {text:?} inside .{frame}");
        self.xpath_within(&xpath, &what, WITHIN).await;
    }

    /// Waits until an `ul.error-messages` entry anywhere on the page contains `text`.
    pub async fn error_containing(&self, text: &str) {
        let xpath = format!(
            "//ul[{}]/li[contains(normalize-space(), {})]",
            with_class("error-messages"),
            xpath_string(text)
        );
        let what = format!("an error containing {text:?}");
        self.xpath_within(&xpath, &what, WITHIN).await;
    }

    /// Waits until the element of class `class` is on the page (and returns nothing: for
    /// markup the contract fixes, `.feed-toggle`).
    pub async fn has_class(&self, class: &str) {
        let xpath = format!("//*[{}]", with_class(class));
        self.xpath_within(&xpath, &format!(".{class}"), WITHIN)
            .await;
    }

    /// Waits for the notice of a server that does not answer: it starts with "Connecting" and
    /// offers to retry.
    pub async fn connecting_notice(&self) {
        let xpath =
            "//*[@data-test='connection-notice' and starts-with(normalize-space(), 'Connecting')]";
        self.xpath_within(xpath, "the Connecting notice", WITHIN)
            .await;
        self.element("connection-retry").await;
    }

    /// Waits for the state of a session whose server does not answer: auth state
    /// `unavailable`, `token` kept, and a notice starting with "Connecting", with a retry.
    pub async fn waiting_for_the_server_with(&self, token: &str) {
        self.connecting_notice().await;
        self.wait_for_auth_state("unavailable").await;
        assert_eq!(self.stored_token().await.as_deref(), Some(token));
    }

    /// Waits until the user `username` is signed in (navbar and auth state) and the notice is
    /// gone, after a server came back by itself.
    pub async fn signed_in_again_as(&self, username: &str) {
        let xpath = format!(
            "//*[@data-test='nav-user' and normalize-space()={}]",
            xpath_string(username)
        );
        self.xpath_within(&xpath, "the user back in the navbar", RECONNECT_WITHIN)
            .await;
        self.wait_for_auth_state("authenticated").await;
        self.wait_until_gone("connection-notice").await;
    }

    /// Waits for the signed-out navbar: links to sign in and to sign up, and no user.
    pub async fn signed_out_navbar(&self) {
        self.element_with_text("nav-login", "Sign in").await;
        self.element_with_text("nav-register", "Sign up").await;
        self.wait_for_auth_state("unauthenticated").await;
        assert_eq!(self.count("nav-user").await, 0);
    }

    /// The links and hidden elements that break "one visible target per role": any element not
    /// rendered whose text or `href` is that of a visible link. Empty when the page is right.
    pub async fn hidden_duplicates_of_visible_links(&self) -> Value {
        self.execute(
            "const shown = (element) => element.getClientRects().length > 0;
             const links = [...document.querySelectorAll('a[href]')].filter(shown);
             const texts = new Set(links.map((a) => a.textContent.trim()).filter(Boolean));
             const hrefs = new Set(links.map((a) => a.getAttribute('href')));
             return [...document.querySelectorAll('body *')]
               .filter((element) => !shown(element) && element.tagName !== 'NOSCRIPT')
               .filter((element) => texts.has(element.textContent.trim())
                 || (element.hasAttribute('href') && hrefs.has(element.getAttribute('href'))))
               .map((element) => element.outerHTML);",
            vec![],
        )
        .await
    }
}
