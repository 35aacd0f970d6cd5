//! A WebDriver session on a browser of the pool (`browsers.rs`), and the reset that lets the next
//! test have that browser as if it were new.

use fantoccini::error::{CmdError, NewSessionError};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use super::browser::Browser;
use super::chromedriver::Chromedriver;

/// The window every test starts with (Chromium's own default is 780×437).
pub const WINDOW_WIDTH: u32 = 1280;
pub const WINDOW_HEIGHT: u32 = 800;

/// Attaches chromedriver to the running browser at `debugger_address`.
pub async fn open_session(
    driver: &Chromedriver,
    debugger_address: &str,
) -> Result<Client, NewSessionError> {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({ "debuggerAddress": debugger_address }),
    );
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
}

impl Browser {
    /// Forgets everything the test left in the browser: what the application's origin stored
    /// (local storage, service workers, caches, cookies), the HTTP cache, the tab with its
    /// history, and the window's size. An error means the browser cannot be handed on.
    pub async fn forget_everything(&self) -> Result<(), String> {
        let origin = self.network().base_url();
        self.devtools(
            "Storage.clearDataForOrigin",
            json!({ "origin": origin, "storageTypes": "all" }),
        )
        .await?;
        self.devtools("Network.clearBrowserCache", json!({}))
            .await?;
        self.devtools("Network.clearBrowserCookies", json!({}))
            .await?;
        fresh_tab(&self.client)
            .await
            .map_err(|error| error.to_string())
    }

    /// Sends a DevTools command through chromedriver, which WebDriver itself has no word for.
    async fn devtools(&self, command: &str, params: Value) -> Result<(), String> {
        let session = self
            .client
            .session_id()
            .await
            .map_err(|error| error.to_string())?
            .ok_or("no session id")?;
        let url = format!("{}/session/{session}/goog/cdp/execute", self.driver_url);
        let answer = reqwest::Client::new()
            .post(url)
            .json(&json!({ "cmd": command, "params": params }))
            .send()
            .await
            .map_err(|error| format!("{command}: {error}"))?;
        match answer.status().is_success() {
            true => Ok(()),
            false => Err(format!("{command}: {}", answer.status())),
        }
    }
}

/// Replaces every tab with one new blank tab at the suite's window size.
async fn fresh_tab(client: &Client) -> Result<(), CmdError> {
    let old_tabs = client.windows().await?;
    let fresh = client.new_window(true).await?;
    for tab in old_tabs {
        client.switch_to_window(tab).await?;
        client.close_window().await?;
    }
    client.switch_to_window(fresh.handle).await?;
    client.set_window_size(WINDOW_WIDTH, WINDOW_HEIGHT).await
}
