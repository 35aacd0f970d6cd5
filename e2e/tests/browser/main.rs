//! End-to-end tests: user journeys through Conduit's UI in headless Chromium, driven over
//! WebDriver by fantoccini. One binary, so that one chromedriver serves every test in it.
//!
//! Each test gets its own application (conduit-testkit's, as in the HTTP suite: port 0, a fresh
//! database, a wiremock stand-in for the Pwned Passwords API; here with a relay in front that can
//! inject failures) and its own browser session, or two for what one person sees of another
//! live, on browsers kept running between tests and reset after each (`support/browsers.rs`);
//! elements are found by `data-test` names, and every wait is on a condition. Tests that are not
//! about signing in prepare users, articles and comments through the API and hand the browser a
//! token.
//! Run with `make e2e` or `cargo test -p conduit-e2e`.

// The harness fails a test by panicking, which is what `expect` is for here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod articles;
mod browser_reuse;
mod comments;
mod error_states;
mod every_device;
mod light_pages;
mod live;
mod outage;
mod routing;
mod session_rule;
mod social;
mod startup;
mod support;
