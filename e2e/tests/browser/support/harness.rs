//! Runs one browser test: a fresh application, fresh browser sessions (one, or two for tests
//! about what one person sees of another) on browsers of the pool, the test body, and a clean-up
//! that happens whatever the body did.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Client;
use futures::FutureExt;
use futures::future::join_all;

use super::app::{Api, TestApp};
use super::browser::Browser;
use super::browsers::{self, Slot};
use super::chromedriver;
use super::session::open_session;

/// A whole journey should take a few seconds; this only stops a hung one.
const TEST_TIMEOUT: Duration = Duration::from_secs(60);

enum Failure {
    NoSession(String),
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
    run(name, 1, |mut browsers, api| {
        body(browsers.pop().expect("one browser"), api)
    });
}

/// Like `browser_test`, with two browsers on the same application: two people, or one person
/// on two devices. The second one's artefacts are `{name}.2.png` and `.html`.
pub fn two_browser_test<Body, Run>(name: &str, body: Body)
where
    Body: FnOnce(Browser, Browser, Api) -> Run,
    Run: Future<Output = ()>,
{
    run(name, 2, |mut browsers, api| {
        let second = browsers.pop().expect("two browsers");
        let first = browsers.pop().expect("two browsers");
        body(first, second, api)
    });
}

fn run<Body, Run>(name: &str, sessions: usize, body: Body)
where
    Body: FnOnce(Vec<Browser>, Api) -> Run,
    Run: Future<Output = ()>,
{
    let chromedriver = chromedriver::shared();
    let pool = browsers::pool();
    let slots: Vec<Slot> = (0..sessions).map(|_| pool.take()).collect();
    // A runtime per test, owned here, so the sessions are closed before the runtime goes away.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let (failure, clean) = runtime.block_on(async {
        let app = TestApp::spawn().await;
        let browser =
            |client: &Client| Browser::new(client.clone(), chromedriver.url(), app.network.clone());
        let opened = join_all(
            slots
                .iter()
                .map(|slot| open_session(&chromedriver, &slot.debugger_address)),
        )
        .await;
        let mut clients = Vec::with_capacity(sessions);
        let mut refused = None;
        for session in opened {
            match session {
                Ok(client) => clients.push(client),
                Err(error) => refused = Some(error),
            }
        }
        let failure = match refused {
            Some(error) => Some(Failure::NoSession(error.to_string())),
            None => {
                let run = AssertUnwindSafe(body(clients.iter().map(browser).collect(), app.api()))
                    .catch_unwind();
                match tokio::time::timeout(TEST_TIMEOUT, run).await {
                    Ok(Ok(())) => None,
                    Ok(Err(panic)) => Some(Failure::Panicked(panic)),
                    Err(_elapsed) => Some(Failure::TimedOut),
                }
            }
        };
        let mut clean = Vec::with_capacity(sessions);
        for (index, client) in clients.into_iter().enumerate() {
            let label = match index {
                0 => name.to_owned(),
                _ => format!("{name}.{}", index + 1),
            };
            // A session that did not open leaves nothing worth a picture in the others.
            if matches!(failure, Some(Failure::Panicked(_) | Failure::TimedOut)) {
                save_artifacts(&client, &label).await;
            }
            // A browser is handed on only after a passing test, reset and closed without error.
            let reset = match failure {
                None => browser(&client).forget_everything().await,
                Some(_) => Err("the test failed".to_owned()),
            };
            if let Err(error) = &reset
                && failure.is_none()
            {
                eprintln!("{label}: the browser could not be reset, so it is not reused: {error}");
            }
            match client.close().await {
                Ok(()) => clean.push(reset.is_ok()),
                Err(error) => {
                    eprintln!("{label}: closing the browser session failed: {error}");
                    clean.push(false);
                }
            }
        }
        (failure, clean)
    });
    for (slot, clean) in slots.into_iter().zip(clean) {
        if clean {
            slot.release_clean();
        }
    }
    drop(runtime);
    drop(chromedriver);
    drop(pool);

    match failure {
        None => {}
        Some(Failure::Panicked(panic)) => std::panic::resume_unwind(panic),
        Some(Failure::TimedOut) => panic!("{name} did not finish within {TEST_TIMEOUT:?}"),
        Some(Failure::NoSession(error)) => {
            panic!("{name}: chromedriver opened no session: {error}")
        }
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
