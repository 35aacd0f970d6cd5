//! A headless Chromium session and the few things tests do with it, addressed by `data-test`
//! names. Every wait polls a condition until a deadline; nothing sleeps for a fixed time.

use std::fmt::Debug;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::NewSessionError;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use super::chromedriver::{Chromedriver, chromium_binary};
use super::network::Network;

/// Long enough for a slow CI machine, short enough that a broken page fails fast.
const WAIT_AT_MOST: Duration = Duration::from_secs(5);
const POLL_EVERY: Duration = Duration::from_millis(20);

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

/// The browser, pointed at one running application.
pub struct Browser {
    client: Client,
    network: Network,
}

impl Browser {
    pub fn new(client: Client, network: Network) -> Self {
        Self { client, network }
    }

    /// The network this browser reaches the application through (shared by a test's browsers).
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// Loads `path` (e.g. "/login") of the application under test.
    pub async fn visit(&self, path: &str) {
        let url = format!("{}{path}", self.network.base_url());
        self.client.goto(&url).await.expect("the page loads");
    }

    pub async fn reload(&self) {
        self.client.refresh().await.expect("the page reloads");
    }

    /// The first element `xpath` finds, once there is one within `at_most`; `what` names it in
    /// the failure message. For conditions the other waits cannot say (text that contains).
    pub async fn xpath_within(&self, xpath: &str, what: &str, at_most: Duration) -> Element {
        self.wait_for_within(Locator::XPath(xpath), what, at_most)
            .await
    }

    /// The element named `data-test="{name}"`, once it is on the page.
    pub async fn element(&self, name: &str) -> Element {
        let xpath = named(name);
        self.wait_for(Locator::XPath(&xpath), name).await
    }

    /// The first element matching the CSS `selector`, once there is one; for markup the UI
    /// contract fixes (`img.user-pic`), where no `data-test` name applies.
    pub async fn matching(&self, selector: &str) -> Element {
        self.wait_for(Locator::Css(selector), selector).await
    }

    /// The element named `name` once its visible text (spaces normalised) is exactly `text`.
    pub async fn element_with_text(&self, name: &str, text: &str) -> Element {
        self.element_with_text_within(name, text, WAIT_AT_MOST)
            .await
    }

    /// `element_with_text` with a deadline of its own, for the few waits that are long by
    /// design (a reconnect after back-off).
    pub async fn element_with_text_within(
        &self,
        name: &str,
        text: &str,
        at_most: Duration,
    ) -> Element {
        let xpath = named_with_text(name, text);
        let what = format!("{name} reading {text:?}");
        self.wait_for_within(Locator::XPath(&xpath), &what, at_most)
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

    /// Types `text` after what the field named `name` holds, then presses Enter.
    pub async fn enter(&self, name: &str, text: &str) {
        let keys = format!("{text}{}", char::from(Key::Enter));
        self.element(name)
            .await
            .send_keys(&keys)
            .await
            .expect("the field takes keys");
    }

    /// Clicks the element named `name` once its text is `text` ("Post Comment").
    pub async fn click_with_text(&self, name: &str, text: &str) {
        self.element_with_text(name, text)
            .await
            .click()
            .await
            .expect("the element takes a click");
    }

    /// Follows an `article-author` link to that author's profile page.
    pub async fn open_author_profile(&self, username: &str) {
        self.click_with_text("article-author", username).await;
        self.wait_for_path(&format!("/profile/{username}")).await;
    }

    /// Waits until an element matching the CSS `selector` reads `text` (spaces normalised); for
    /// markup the UI contract fixes (`.page-item.active`).
    pub async fn wait_for_matching_text(&self, selector: &str, text: &str) {
        let what = format!("{selector} reading {text:?}");
        poll(
            &what,
            async || self.texts_of(Locator::Css(selector)).await,
            |texts| texts.iter().any(|shown| shown == text),
        )
        .await;
    }

    /// How many elements named `name` the page holds now: call it once a wait has shown the
    /// page is complete.
    pub async fn count(&self, name: &str) -> usize {
        let xpath = named(name);
        self.find_all(Locator::XPath(&xpath)).await.len()
    }

    /// The first element matching the CSS `selector` now, if there is one.
    pub async fn first_matching(&self, selector: &str) -> Option<Element> {
        self.find_all(Locator::Css(selector))
            .await
            .into_iter()
            .next()
    }

    /// The texts of the elements matching the CSS `selector` now, in page order.
    pub async fn matching_texts(&self, selector: &str) -> Vec<String> {
        self.texts_of(Locator::Css(selector)).await
    }

    /// Waits until `script`, run in the page, returns `true`; `what` names the condition.
    pub async fn wait_until(&self, what: &str, script: &str) {
        poll(
            what,
            async || self.execute(script, vec![]).await,
            |result| *result == Value::Bool(true),
        )
        .await;
    }

    /// Waits until no element named `name` is on the page.
    pub async fn wait_until_gone(&self, name: &str) {
        let xpath = named(name);
        self.wait_until_none(&xpath, name).await;
    }

    /// Waits until no element named `name` reads `text`.
    pub async fn wait_until_gone_with_text(&self, name: &str, text: &str) {
        let xpath = named_with_text(name, text);
        self.wait_until_none(&xpath, &format!("{name} reading {text:?}"))
            .await;
    }

    /// The texts (spaces normalised) of the elements named `name`, in page order, as they are
    /// now: call it once a wait has shown the page is complete.
    pub async fn texts(&self, name: &str) -> Vec<String> {
        let xpath = named(name);
        self.texts_of(Locator::XPath(&xpath)).await
    }

    /// Runs `script` in the page (`arguments[i]` are `args`) and returns what it returns.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .expect("the page runs the script")
    }

    /// Signs in as the holder of `token` without the sign-in form, the way tests that are not
    /// about signing in save time: the token goes where the UI keeps it, from a small document
    /// of the application's origin (the avatar image, so the app does not start twice), and
    /// the next page visited starts signed in.
    pub async fn sign_in(&self, token: &str) {
        self.visit("/assets/default-avatar.svg").await;
        self.use_token(token).await;
    }

    /// Tags the document on show now, so that `assert_not_reloaded` can tell it is the same.
    pub async fn remember_document(&self) {
        self.execute("window.__e2e_remembered = true;", vec![])
            .await;
    }

    /// Fails if the document tagged by `remember_document` was reloaded or left since.
    pub async fn assert_not_reloaded(&self) {
        let same = self
            .execute("return window.__e2e_remembered === true;", vec![])
            .await;
        assert_eq!(same, Value::Bool(true), "the page was reloaded");
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
        self.execute(
            "localStorage.setItem('jwtToken', arguments[0])",
            vec![json!(token)],
        )
        .await;
    }

    /// Calls a getter of `window.__conduit_debug__`; null while the app has not loaded yet.
    async fn debug(&self, getter: &str) -> Value {
        let script = format!(
            "const debug = window.__conduit_debug__; return debug ? debug.{getter}() : null;"
        );
        self.execute(&script, vec![]).await
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

    async fn find_all(&self, locator: Locator<'_>) -> Vec<Element> {
        self.client
            .find_all(locator)
            .await
            .expect("the page can be searched")
    }

    async fn texts_of(&self, locator: Locator<'_>) -> Vec<String> {
        let elements = self.find_all(locator).await;
        let mut texts = Vec::with_capacity(elements.len());
        for element in elements {
            // An element replaced since it was found has no text any more; it is not shown.
            if let Ok(text) = element.text().await {
                texts.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
            }
        }
        texts
    }

    async fn wait_until_none(&self, xpath: &str, what: &str) {
        let what = format!("no more {what}");
        poll(
            &what,
            async || self.find_all(Locator::XPath(xpath)).await.len(),
            |count| *count == 0,
        )
        .await;
    }

    async fn wait_for(&self, locator: Locator<'_>, what: &str) -> Element {
        self.wait_for_within(locator, what, WAIT_AT_MOST).await
    }

    async fn wait_for_within(
        &self,
        locator: Locator<'_>,
        what: &str,
        at_most: Duration,
    ) -> Element {
        self.client
            .wait()
            .at_most(at_most)
            .every(POLL_EVERY)
            .for_element(locator)
            .await
            .unwrap_or_else(|error| panic!("waited {at_most:?} for {what}: {error}"))
    }
}

/// Reads `current()` until `wanted` holds, failing after `WAIT_AT_MOST` with the last reading.
async fn poll<T: Debug>(
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
            "waited {WAIT_AT_MOST:?} for {what}; last saw {reading:?}"
        );
        tokio::time::sleep(POLL_EVERY).await; // wait-ok: the pause between checks, under a deadline
    }
}

/// The elements named `name` (`data-test="{name}"`).
fn named(name: &str) -> String {
    format!("//*[@data-test={}]", xpath_string(name))
}

/// The elements named `name` whose text (spaces normalised) is exactly `text`.
fn named_with_text(name: &str, text: &str) -> String {
    format!(
        "//*[@data-test={} and normalize-space()={}]",
        xpath_string(name),
        xpath_string(text)
    )
}

/// `text` as an XPath string literal. XPath 1.0 has no escapes, so text holding both kinds of
/// quote ("can't be \"blank\"") is glued together with concat().
pub(super) fn xpath_string(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let pieces: Vec<String> = text.split('\'').map(|piece| format!("'{piece}'")).collect();
        format!("concat({})", pieces.join(", \"'\", "))
    }
}
