//! Allowed origins as browsers send them in `Origin`: `scheme://host[:port]`, nothing more.

use axum::http::Uri;

/// One configured origin, lower-cased as browsers send it; blank (a trailing comma) is empty.
pub(super) fn parse(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(String::new());
    }
    let shape = "an origin is http(s)://HOST[:PORT], with no path";
    let uri: Uri = raw.parse().map_err(|_| shape.to_owned())?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(shape.to_owned());
    };
    let whole = format!("{scheme}://{authority}");
    if !matches!(scheme, "http" | "https")
        || authority.as_str().contains('@')
        || raw.len() != whole.len()
    {
        return Err(shape.to_owned());
    }
    Ok(whole.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert_eq!(
            parse(" https://A.example:8443 ").unwrap(),
            "https://a.example:8443"
        );
        assert_eq!(parse("http://localhost").unwrap(), "http://localhost");
        assert_eq!(parse("").unwrap(), "");
        for bad in [
            "not a url",
            "a.example",
            "ftp://a.example",
            "https://a.example/",
            "https://a.example/app",
            "https://a.example?x=1",
            "https://user@a.example",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
