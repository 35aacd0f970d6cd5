//! What "Every device, every user" in realworld-ui.md asks of each page, checked in the browser:
//! it fits a phone's width, it names itself in `document.title`, and axe-core finds no serious
//! or critical accessibility issue on it.
//!
//! axe-core is vendored from its npm package (`npm pack axe-core@4.14.1`; the file's SRI hash,
//! sha256-KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw=, is the one the package lists for it in
//! sri-history.json), unmodified, with its MPL-2.0 licence header. Nothing is fetched at run time.

use fantoccini::key::Key;
use serde_json::{Value, json};

use super::browser::Browser;
use super::find::poll;

const AXE: &str = include_str!("../../../vendor/axe-core/axe.min.js");

/// The impacts that fail a page; "moderate" and "minor" findings are reported, not failed.
const FAILING_IMPACTS: [&str; 2] = ["serious", "critical"];

impl Browser {
    /// Makes the viewport `width`×`height` CSS pixels (a phone: 390×844).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .expect("the window resizes");
        let inner = self.execute("return window.innerWidth;", vec![]).await;
        assert_eq!(inner, json!(width), "the viewport is {width} wide");
    }

    /// Switches to `path` the way a link of the app does (History API, no reload), so that
    /// what was loaded into the page (axe-core) stays.
    pub async fn go_in_app(&self, path: &str) {
        self.execute(
            "history.pushState(null, '', arguments[0]);
             dispatchEvent(new PopStateEvent('popstate'));",
            vec![json!(path)],
        )
        .await;
        self.wait_for_path(path).await;
    }

    /// How far the page scrolls sideways (0 or less when it fits its viewport; a vertical
    /// scrollbar makes it negative), and the elements that
    /// stick out past its right edge (tag, class and data-test), to say what to fix.
    pub async fn sideways_overflow(&self) -> (i64, Value) {
        let report = self
            .execute(
                "const edge = document.documentElement.clientWidth;
                 const over = [...document.querySelectorAll('body *')]
                   .filter((el) => el.getBoundingClientRect().right > edge + 0.5)
                   .slice(0, 5)
                   .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.dataset.test ?? ''}`);
                 return [document.documentElement.scrollWidth - window.innerWidth, over];",
                vec![],
            )
            .await;
        (
            report[0].as_i64().expect("a number of pixels"),
            report[1].clone(),
        )
    }

    /// axe-core's findings on the page as it is now: `{ impact: count }` over every finding,
    /// and a line for each serious or critical one (rule, and the first elements it names).
    pub async fn accessibility_findings(&self) -> (Value, Vec<String>) {
        let loaded = self
            .execute("return typeof window.axe === 'object';", vec![])
            .await;
        if loaded != Value::Bool(true) {
            self.execute(&format!("{AXE}\n;return true;"), vec![]).await;
        }
        let report = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then((result) => done(result.violations.map((v) => ({
                     id: v.id,
                     impact: v.impact,
                     nodes: v.nodes.length,
                     targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
                   }))))
                   .catch((error) => done({ error: String(error) }));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        let violations = report
            .as_array()
            .unwrap_or_else(|| panic!("axe-core failed: {report}"));
        let mut counts = serde_json::Map::new();
        let mut failing = Vec::new();
        for violation in violations {
            let impact = violation["impact"].as_str().unwrap_or("unknown");
            let nodes = violation["nodes"].as_u64().unwrap_or(0);
            let count = counts.entry(impact).or_insert(json!(0));
            *count = json!(count.as_u64().unwrap_or(0) + nodes);
            if FAILING_IMPACTS.contains(&impact) {
                failing.push(format!(
                    "{impact} {}: {}",
                    violation["id"], violation["targets"]
                ));
            }
        }
        (Value::Object(counts), failing)
    }

    /// Waits until `document.title` is `expected`.
    pub async fn wait_for_title(&self, expected: &str) {
        let what = format!("the title {expected:?}");
        poll(
            &what,
            async || self.client.title().await.expect("the page has a title"),
            |title| title == expected,
        )
        .await;
    }

    /// Presses Enter on the element named `name`, as a keyboard user would.
    pub async fn press_enter_on(&self, name: &str) {
        self.element(name)
            .await
            .send_keys(&char::from(Key::Enter).to_string())
            .await
            .expect("the element takes keys");
    }

    /// Presses Tab in the element named `name`: focus moves to the next control.
    pub async fn press_tab_in(&self, name: &str) {
        self.element(name)
            .await
            .send_keys(&char::from(Key::Tab).to_string())
            .await
            .expect("the element takes keys");
    }

    /// Presses Space on whatever has the focus.
    pub async fn press_space_on_focused(&self) {
        self.client
            .active_element()
            .await
            .expect("something has the focus")
            .send_keys(" ")
            .await
            .expect("the focused element takes keys");
    }
}
