//! `HOST`: an IP address, or a name such as `localhost` that resolves to one.

use std::net::{IpAddr, ToSocketAddrs};

/// The address to bind for `raw`. A name may resolve to several addresses; an IPv4 one comes
/// first, as most clients that look the name up try it first too.
pub(super) fn resolve(raw: &str) -> Result<IpAddr, String> {
    if let Ok(address) = raw.parse() {
        return Ok(address);
    }
    let addresses: Vec<IpAddr> = (raw, 0)
        .to_socket_addrs()
        .map_err(|error| format!("not an IP address, nor a name that resolves ({error})"))?
        .map(|address| address.ip())
        .collect();
    addresses
        .iter()
        .find(|address| address.is_ipv4())
        .or(addresses.first())
        .copied()
        .ok_or_else(|| format!("{raw} resolves to no address"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_taken_as_it_is() {
        assert_eq!(resolve("::1"), Ok("::1".parse().unwrap()));
        assert_eq!(resolve("0.0.0.0"), Ok("0.0.0.0".parse().unwrap()));
    }

    #[test]
    fn localhost_resolves_to_the_ipv4_loopback() {
        assert_eq!(resolve("localhost"), Ok("127.0.0.1".parse().unwrap()));
    }

    #[test]
    fn a_name_that_does_not_resolve_says_so() {
        let error = resolve("not a host").unwrap_err();
        assert!(
            error.starts_with("not an IP address, nor a name that resolves ("),
            "{error}"
        );
    }
}
