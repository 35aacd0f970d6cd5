//! The HTTP harness lives in conduit-testkit (feature `http`), shared with the browser suite.

pub use conduit_testkit::http::*;
