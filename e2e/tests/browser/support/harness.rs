//! Runs one browser test: a fresh application, a fresh browser session, the test body, and a
//! clean-up that happens whatever the body did.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Client;
use futures::FutureExt;

use super::app::{Api, TestApp};
use super::browser::{Browser, open_session};
use super::chromedriver;

/// A whole journey should take a few seconds; this only stops a hung one.
const TEST_TIMEOUT: Duration = Duration::from_secs(60);

enum Failure {
    Panicked(Box<dyn Any + Send>),
    TimedOut,
}

/// Runs `body` against a new application in a new browser session. On failure the page is
/// saved as `target/e2e-artifacts/{name}.png` and `.html`; the session is closed in every case
/// (a dropped client would leave its browser running), then the failure is raised again.
pub fn browser_test<Body, Run>(name: &str, body: Body)
where
    Body: FnOnce(Browser, Api) -> Run,
    Run: Future<Output = ()>,
{
    let chromedriver = chromedriver::shared();
    // A runtime per test, owned here, so the session is closed before the runtime goes away.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let failure = runtime.block_on(async {
        let app = TestApp::spawn().await;
        let profile_dir = tempfile::tempdir().expect("a temporary browser profile");
        let client = open_session(&chromedriver, profile_dir.path()).await;
        let browser = Browser::new(client.clone(), app.base_url.clone());

        let run = AssertUnwindSafe(body(browser, app.api())).catch_unwind();
        let failure = match tokio::time::timeout(TEST_TIMEOUT, run).await {
            Ok(Ok(())) => None,
            Ok(Err(panic)) => Some(Failure::Panicked(panic)),
            Err(_elapsed) => Some(Failure::TimedOut),
        };
        if failure.is_some() {
            save_artifacts(&client, name).await;
        }
        if let Err(error) = client.close().await {
            eprintln!("{name}: closing the browser session failed: {error}");
        }
        failure
    });
    drop(runtime);
    drop(chromedriver);

    match failure {
        None => {}
        Some(Failure::Panicked(panic)) => std::panic::resume_unwind(panic),
        Some(Failure::TimedOut) => panic!("{name} did not finish within {TEST_TIMEOUT:?}"),
    }
}

/// Best effort: a failure to save must not hide the failure being explained.
async fn save_artifacts(client: &Client, name: &str) {
    let dir = artifacts_dir();
    if let Err(error) = std::fs::create_dir_all(&dir) {
        eprintln!("{name}: cannot create {}: {error}", dir.display());
        return;
    }
    match client.screenshot().await {
        Ok(png) => write_artifact(&dir.join(format!("{name}.png")), &png),
        Err(error) => eprintln!("{name}: no screenshot: {error}"),
    }
    match client.source().await {
        Ok(html) => write_artifact(&dir.join(format!("{name}.html")), html.as_bytes()),
        Err(error) => eprintln!("{name}: no page source: {error}"),
    }
}

fn write_artifact(path: &Path, contents: &[u8]) {
    match std::fs::write(path, contents) {
        Ok(()) => eprintln!("saved {}", path.display()),
        Err(error) => eprintln!("cannot write {}: {error}", path.display()),
    }
}

/// `target/e2e-artifacts` of the workspace, whose root is this crate's parent directory.
fn artifacts_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ has a parent");
    workspace.join("target/e2e-artifacts")
}
