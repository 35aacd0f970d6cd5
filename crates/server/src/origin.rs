//! Whether a browser request comes from the page the server itself served.

use axum::http::{HeaderMap, HeaderValue, header};

/// `origin` is `http(s)://<Host header>`: the UI's own origin.
pub fn is_same_origin(origin: &HeaderValue, headers: &HeaderMap) -> bool {
    let Some(host) = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
    else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|rest| rest.eq_ignore_ascii_case(host))
}

/// Same origin, or one of `allowed`.
pub fn is_allowed(origin: &HeaderValue, headers: &HeaderMap, allowed: &[String]) -> bool {
    is_same_origin(origin, headers)
        || origin
            .to_str()
            .is_ok_and(|origin| allowed.iter().any(|allowed| allowed == origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_servers_own_origin_is_same_origin_on_either_scheme() {
        for origin in ["http://127.0.0.1:3000", "https://127.0.0.1:3000"] {
            assert!(
                is_same_origin(&HeaderValue::from_static(origin), &host("127.0.0.1:3000")),
                "{origin}"
            );
        }
    }

    #[test]
    fn another_host_port_or_scheme_is_not() {
        for origin in [
            "http://127.0.0.1:3001",
            "http://127.0.0.1:3000.evil.example",
            "http://evil.example",
            "ftp://127.0.0.1:3000",
            "null",
        ] {
            assert!(
                !is_same_origin(&HeaderValue::from_static(origin), &host("127.0.0.1:3000")),
                "{origin}"
            );
        }
        assert!(!is_same_origin(
            &HeaderValue::from_static("http://a"),
            &HeaderMap::new()
        ));
    }

    #[test]
    fn configured_origins_are_allowed_exactly() {
        let allowed = vec!["https://client.example".to_owned()];
        let headers = host("127.0.0.1:3000");
        assert!(is_allowed(
            &HeaderValue::from_static("https://client.example"),
            &headers,
            &allowed
        ));
        assert!(!is_allowed(
            &HeaderValue::from_static("https://client.example.evil"),
            &headers,
            &allowed
        ));
    }
}
