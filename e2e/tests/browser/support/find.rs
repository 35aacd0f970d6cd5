//! Finding elements and text on the page, addressed by `data-test` names (or CSS where the UI
//! contract fixes the markup). Every wait polls a condition until a deadline; nothing sleeps for
//! a fixed time. What is read without a wait is read as the page is now.

use std::fmt::Debug;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::elements::Element;
use serde_json::Value;

use super::browser::Browser;

/// Long enough for a slow CI machine, short enough that a broken page fails fast.
pub(super) const WAIT_AT_MOST: Duration = Duration::from_secs(5);
const POLL_EVERY: Duration = Duration::from_millis(20);

impl Browser {
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

    /// The first element `xpath` finds, once there is one within `at_most`; `what` names it in
    /// the failure message. For conditions the other waits cannot say (text that contains).
    pub async fn xpath_within(&self, xpath: &str, what: &str, at_most: Duration) -> Element {
        self.wait_for_within(Locator::XPath(xpath), what, at_most)
            .await
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

    /// Clicks the element named `name` if the page shows it now; for a control the page may
    /// take away by itself at any moment (the connection notice, when the automatic retry
    /// reaches the server first).
    pub async fn click_if_shown(&self, name: &str) {
        let xpath = named(name);
        for element in self.find_all(Locator::XPath(&xpath)).await {
            match element.click().await {
                Ok(()) => return,
                Err(error) if error.is_stale_element_reference() => {}
                Err(error) => panic!("{name} takes a click: {error}"),
            }
        }
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

    /// The texts (spaces normalised) of the elements named `name`, in page order, as they are
    /// now: call it once a wait has shown the page is complete.
    pub async fn texts(&self, name: &str) -> Vec<String> {
        let xpath = named(name);
        self.texts_of(Locator::XPath(&xpath)).await
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
pub(super) async fn poll<T: Debug>(
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
