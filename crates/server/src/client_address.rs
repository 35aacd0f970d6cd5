//! Who is on the other end of a request: the one place that decides which address a client is
//! counted under (by the rate limits, and by anything else that keys on the client).
//!
//! The socket's peer is the client, unless the peer is a configured trusted proxy: then
//! `X-Forwarded-For` is read from the right, past every trusted proxy, and the first address
//! that is not one is the client. Anyone can write `X-Forwarded-For` (or `Forwarded`), so from
//! any other peer those headers are ignored: trusting them would let a client pick the key it
//! is limited under.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use conduit_domain::Cause;

use crate::error::ApiError;

const X_FORWARDED_FOR: &str = "x-forwarded-for";

/// The proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`); none by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpAddr>);

impl TrustedProxies {
    pub fn new(addresses: impl IntoIterator<Item = IpAddr>) -> Self {
        Self(addresses.into_iter().map(|ip| ip.to_canonical()).collect())
    }

    fn contains(&self, address: IpAddr) -> bool {
        self.0.contains(&address.to_canonical())
    }
}

/// The address the request is counted under: see the module's documentation.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let mut client = peer.to_canonical();
    if !trusted.contains(client) {
        return client;
    }
    // Each proxy appends the address it was reached from, so the right-most entries are the
    // ones our own proxies wrote; the first one no trusted proxy could have written is the
    // client. An entry that is not an address ends the walk at the last hop we can vouch for.
    let hops = headers
        .get_all(X_FORWARDED_FOR)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        let Some(address) = parse_hop(hop) else {
            break;
        };
        client = address;
        if !trusted.contains(client) {
            break;
        }
    }
    client
}

/// `203.0.113.7`, `2001:db8::1`, or either with a port (`[2001:db8::1]:443`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|socket| socket.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// The client's address as [`resolve`] decides it, for handlers and other extractors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl<S> FromRequestParts<S> for ClientAddress
where
    S: Send + Sync,
    TrustedProxies: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        // Present whenever the app is served with `into_make_service_with_connect_info`; its
        // absence is a wiring fault, not the client's.
        let ConnectInfo(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .copied()
            .ok_or_else(|| {
                ApiError::Internal(Cause::new("the app is served without ConnectInfo"))
            })?;
        let trusted = TrustedProxies::from_ref(state);
        Ok(ClientAddress(resolve(peer.ip(), &parts.headers, &trusted)))
    }
}

#[cfg(test)]
mod tests;
