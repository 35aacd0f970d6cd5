//! The throttling settings' shapes: `COUNT` per `WINDOW` seconds, and lists of addresses.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use super::RateLimit;

/// The parsers keep both at 1 or more.
pub(super) fn rate_limit(count: u32, window_secs: u64) -> RateLimit {
    RateLimit {
        count: NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN),
        window: Duration::from_secs(window_secs.max(1)),
    }
}

/// One entry of a comma-separated list of addresses; blank (an empty list, a trailing comma)
/// is none.
pub(super) fn ip_or_blank(raw: &str) -> Result<Option<IpAddr>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse()
        .map(Some)
        .map_err(|_| format!("{raw:?} is not an IP address"))
}
