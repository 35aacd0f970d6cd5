//! What every browser test needs: the app, the browser, and the harness tying them together.

mod app;
mod browser;
mod chromedriver;
mod harness;
mod network;
mod people;

pub use app::Account;
pub use harness::{browser_test, two_browser_test};
pub use people::{AUTHOR, READER};
