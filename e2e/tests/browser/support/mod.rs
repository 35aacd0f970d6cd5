//! What every browser test needs: the app, the browser, and the harness tying them together.

mod app;
mod audit;
mod browser;
mod browsers;
mod chromedriver;
mod expect;
mod faults;
mod find;
mod harness;
mod naming;
mod network;
mod people;
mod session;

pub use app::{Account, Api};
pub use browser::Browser;
pub use expect::RECONNECT_WITHIN;
pub use faults::{Fault, Requests};
pub use harness::{browser_test, two_browser_test};
pub(crate) use naming::test_name;
pub use people::{AUTHOR, READER};
