//! What every browser test needs: the app, the browser, and the harness tying them together.

mod app;
mod browser;
mod chromedriver;
mod harness;

pub use app::Account;
pub use harness::browser_test;
