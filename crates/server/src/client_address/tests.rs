use axum::http::HeaderValue;
use proptest::prelude::*;

use super::*;

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn forwarded_for(values: &[&str]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for value in values {
        headers.append(X_FORWARDED_FOR, HeaderValue::from_str(value).unwrap());
    }
    headers
}

const PROXY: &str = "10.0.0.1";

fn trusting_the_proxy() -> TrustedProxies {
    TrustedProxies::new([ip(PROXY), ip("10.0.0.2")])
}

#[test]
fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
    let headers = forwarded_for(&["198.51.100.1, 10.0.0.1"]);
    assert_eq!(
        resolve(ip("203.0.113.9"), &headers, &trusting_the_proxy()),
        ip("203.0.113.9")
    );
    assert_eq!(
        resolve(ip(PROXY), &headers, &TrustedProxies::default()),
        ip(PROXY)
    );
}

#[test]
fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
    // The client wrote the first entry itself; the proxies appended the rest.
    let headers = forwarded_for(&["192.0.2.66, 198.51.100.7", "10.0.0.2"]);
    assert_eq!(
        resolve(ip(PROXY), &headers, &trusting_the_proxy()),
        ip("198.51.100.7")
    );
}

#[test]
fn a_trusted_proxy_without_the_header_is_the_client() {
    assert_eq!(
        resolve(ip(PROXY), &HeaderMap::new(), &trusting_the_proxy()),
        ip(PROXY)
    );
}

#[test]
fn when_every_hop_is_trusted_the_left_most_is_the_client() {
    let headers = forwarded_for(&["10.0.0.2"]);
    assert_eq!(
        resolve(ip(PROXY), &headers, &trusting_the_proxy()),
        ip("10.0.0.2")
    );
}

#[test]
fn a_hop_that_is_not_an_address_ends_the_walk_at_the_last_trusted_one() {
    let headers = forwarded_for(&["198.51.100.7, unknown, 10.0.0.2"]);
    assert_eq!(
        resolve(ip(PROXY), &headers, &trusting_the_proxy()),
        ip("10.0.0.2")
    );
}

#[test]
fn hops_with_ports_and_mapped_addresses_are_the_plain_address() {
    let trusted = TrustedProxies::new([ip("::ffff:10.0.0.1")]);
    for (hop, client) in [
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("198.51.100.7:5000", "198.51.100.7"),
        (" ::ffff:198.51.100.7 ", "198.51.100.7"),
    ] {
        assert_eq!(
            resolve(ip(PROXY), &forwarded_for(&[hop]), &trusted),
            ip(client),
            "{hop}"
        );
    }
}

fn any_ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(IpAddr::from),
        any::<[u16; 8]>().prop_map(IpAddr::from),
    ]
}

proptest! {
    /// A client that is not a trusted proxy cannot choose the key it is counted under.
    #[test]
    fn an_untrusted_peer_cannot_choose_its_address(
        peer in any_ip(),
        forwarded in proptest::collection::vec(any_ip(), 0..5),
    ) {
        let trusted = trusting_the_proxy();
        prop_assume!(!trusted.contains(peer));
        let listed = forwarded.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        let headers = forwarded_for(&[&listed]);
        prop_assert_eq!(resolve(peer, &headers, &trusted), peer.to_canonical());
    }

    /// Behind trusted proxies the client is never one of them while an untrusted hop exists,
    /// and nothing left of it (which the client could have written) is ever taken.
    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_taken(
        written_by_client in proptest::collection::vec(any_ip(), 0..3),
        client in any_ip(),
        proxies in proptest::collection::vec(prop_oneof![Just(ip(PROXY)), Just(ip("10.0.0.2"))], 0..3),
    ) {
        let trusted = trusting_the_proxy();
        prop_assume!(!trusted.contains(client));
        let hops = written_by_client.iter().chain([&client]).chain(&proxies);
        let listed = hops.map(ToString::to_string).collect::<Vec<_>>().join(",");
        let headers = forwarded_for(&[&listed]);
        prop_assert_eq!(resolve(ip(PROXY), &headers, &trusted), client.to_canonical());
    }
}
