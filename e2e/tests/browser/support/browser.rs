//! A headless Chromium session and the few things tests do with it, addressed by `data-test`
//! names. Every wait polls a condition until a deadline; nothing sleeps for a fixed time.

use std::fmt::Display;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use super::chromedriver::{Chromedriver, chromium_binary};

/// Long enough for a slow CI machine, short enough that a broken page fails fast.
const WAIT_AT_MOST: Duration = Duration::from_secs(5);
const POLL_EVERY: Duration = Duration::from_millis(20);

/// Opens a browser whose profile lives in `profile_dir` (a fresh one per session: two browsers
/// cannot share a profile, and a default one would be left behind in /tmp).
pub async fn open_session(driver: &Chromedriver, profile_dir: &Path) -> Client {
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
        .expect("chromedriver opens a browser session")
}

/// The browser, pointed at one running application.
pub struct Browser {
    client: Client,
    base_url: String,
}

impl Browser {
    pub fn new(client: Client, base_url: String) -> Self {
        Self { client, base_url }
    }

    /// Loads `path` (e.g. "/login") of the application under test.
    pub async fn visit(&self, path: &str) {
        let url = format!("{}{path}", self.base_url);
        self.client.goto(&url).await.expect("the page loads");
    }

    pub async fn reload(&self) {
        self.client.refresh().await.expect("the page reloads");
    }

    /// The element named `data-test="{name}"`, once it is on the page.
    pub async fn element(&self, name: &str) -> Element {
        let xpath = format!("//*[@data-test={}]", xpath_string(name));
        self.wait_for(Locator::XPath(&xpath), name).await
    }

    /// The first element matching the CSS `selector`, once there is one; for markup the UI
    /// contract fixes (`img.user-pic`), where no `data-test` name applies.
    pub async fn matching(&self, selector: &str) -> Element {
        self.wait_for(Locator::Css(selector), selector).await
    }

    /// The element named `name` once its visible text (spaces normalised) is exactly `text`.
    pub async fn element_with_text(&self, name: &str, text: &str) -> Element {
        let xpath = format!(
            "//*[@data-test={} and normalize-space()={}]",
            xpath_string(name),
            xpath_string(text)
        );
        self.wait_for(Locator::XPath(&xpath), &format!("{name} reading {text:?}"))
            .await
    }

    /// The element named `name` once it is not `hidden`.
    pub async fn shown(&self, name: &str) -> Element {
        let xpath = format!("//*[@data-test={} and not(@hidden)]", xpath_string(name));
        self.wait_for(Locator::XPath(&xpath), &format!("{name} shown"))
            .await
    }

    /// Waits until the page lists the API error `message` ("credentials invalid").
    pub async fn error_message(&self, message: &str) {
        let xpath = format!(
            "//ul[@data-test='error-messages']/li[normalize-space()={}]",
            xpath_string(message)
        );
        self.wait_for(
            Locator::XPath(&xpath),
            &format!("error message {message:?}"),
        )
        .await;
    }

    pub async fn click(&self, name: &str) {
        self.element(name)
            .await
            .click()
            .await
            .expect("the element takes a click");
    }

    /// Replaces the text of the input or textarea named `name`.
    pub async fn fill(&self, name: &str, text: &str) {
        let field = self.element(name).await;
        field.clear().await.expect("the field clears");
        field.send_keys(text).await.expect("the field takes keys");
    }

    /// What the input or textarea named `name` holds now.
    pub async fn value_of(&self, name: &str) -> String {
        let field = self.element(name).await;
        field
            .prop("value")
            .await
            .expect("the field has a value")
            .unwrap_or_default()
    }

    /// Waits until the address bar shows `path` (with its query, if any) of the application.
    pub async fn wait_for_path(&self, path: &str) {
        let what = format!("the address {path}");
        poll(
            &what,
            async || self.current_path().await,
            |current| current == path,
        )
        .await;
    }

    /// Waits until `window.__conduit_debug__.getAuthState()` is `expected`.
    pub async fn wait_for_auth_state(&self, expected: &str) {
        let what = format!("the auth state {expected:?}");
        poll(
            &what,
            async || self.debug("getAuthState").await,
            |state| state == expected,
        )
        .await;
    }

    /// The JWT the page keeps (`window.__conduit_debug__.getToken()`).
    pub async fn stored_token(&self) -> Option<String> {
        self.debug("getToken").await.as_str().map(str::to_owned)
    }

    /// Keeps `token` where the UI keeps its session; the next page load signs in with it. Must be
    /// on a page of the application, since localStorage belongs to an origin.
    pub async fn use_token(&self, token: &str) {
        self.client
            .execute(
                "localStorage.setItem('jwtToken', arguments[0])",
                vec![json!(token)],
            )
            .await
            .expect("localStorage takes the token");
    }

    /// Calls a getter of `window.__conduit_debug__`; null while the app has not loaded yet.
    async fn debug(&self, getter: &str) -> Value {
        let script = format!(
            "const debug = window.__conduit_debug__; return debug ? debug.{getter}() : null;"
        );
        self.client
            .execute(&script, vec![])
            .await
            .expect("the page runs the script")
    }

    async fn current_path(&self) -> String {
        let url = self
            .client
            .current_url()
            .await
            .expect("the browser has a URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    async fn wait_for(&self, locator: Locator<'_>, what: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT_AT_MOST)
            .every(POLL_EVERY)
            .for_element(locator)
            .await
            .unwrap_or_else(|error| panic!("waited {WAIT_AT_MOST:?} for {what}: {error}"))
    }
}

/// Reads `current()` until `wanted` holds, failing after `WAIT_AT_MOST` with the last reading.
async fn poll<T: Display>(
    what: &str,
    mut current: impl AsyncFnMut() -> T,
    wanted: impl Fn(&T) -> bool,
) {
    let deadline = Instant::now() + WAIT_AT_MOST;
    loop {
        let reading = current().await;
        if wanted(&reading) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "waited {WAIT_AT_MOST:?} for {what}; last saw {reading}"
        );
        tokio::time::sleep(POLL_EVERY).await;
    }
}

/// `text` as an XPath string literal. XPath 1.0 has no escapes, so text holding both kinds of
/// quote ("can't be \"blank\"") is glued together with concat().
fn xpath_string(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let pieces: Vec<String> = text.split('\'').map(|piece| format!("'{piece}'")).collect();
        format!("concat({})", pieces.join(", \"'\", "))
    }
}
