//! The browser, pointed at one running application, and what tests do with it there: go to
//! its pages, click and type by `data-test` names, and reach the app's own state through
//! scripts. Finding elements and waiting for them is in `find`.

use std::time::Instant;

use fantoccini::Client;
use fantoccini::elements::Element;
use fantoccini::key::Key;
use serde_json::{Value, json};

use super::find::{WAIT_AT_MOST, poll};
use super::network::Network;

/// The browser, pointed at one running application.
pub struct Browser {
    /// The WebDriver session; `find` searches the page through it too.
    pub(super) client: Client,
    /// The chromedriver serving the session, for what only it can do (`session.rs`).
    pub(super) driver_url: String,
    network: Network,
}

impl Browser {
    pub fn new(client: Client, driver_url: String, network: Network) -> Self {
        Self {
            client,
            driver_url,
            network,
        }
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

    /// Follows an `article-author` link to that author's profile page.
    pub async fn open_author_profile(&self, username: &str) {
        self.click_with_text("article-author", username).await;
        self.wait_for_path(&format!("/profile/{username}")).await;
    }

    pub async fn click(&self, name: &str) {
        self.click_found(name, async || self.element(name).await)
            .await;
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
        self.click_found(name, async || self.element_with_text(name, text).await)
            .await;
    }

    /// Clicks what `find` finds. The page may replace the element between finding and
    /// clicking (a notice re-rendered by its retry timer): then it is found again, until the
    /// deadline.
    async fn click_found(&self, name: &str, find: impl AsyncFn() -> Element) {
        let deadline = Instant::now() + WAIT_AT_MOST;
        loop {
            match find().await.click().await {
                Ok(()) => return,
                Err(error) if error.is_stale_element_reference() && Instant::now() < deadline => {}
                Err(error) => panic!("{name} takes a click: {error}"),
            }
        }
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

    /// Keeps `token` where the UI keeps its session; the next page load signs in with it. Must be
    /// on a page of the application, since localStorage belongs to an origin.
    pub async fn use_token(&self, token: &str) {
        self.execute(
            "localStorage.setItem('jwtToken', arguments[0])",
            vec![json!(token)],
        )
        .await;
    }

    /// The JWT the page keeps (`window.__conduit_debug__.getToken()`).
    pub async fn stored_token(&self) -> Option<String> {
        self.debug("getToken").await.as_str().map(str::to_owned)
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
}
