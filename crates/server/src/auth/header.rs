use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

/// Why a request is not authenticated. Each maps to exactly one response in `ApiError`; the
/// `Invalid` body is identical whatever check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error("no token was sent")]
    Missing,
    #[error("the token is invalid")]
    Invalid,
    #[error("more than one Authorization header was sent")]
    DuplicateHeader,
}

/// The token from `Authorization: Token <jwt>` or `Bearer <jwt>` (scheme case-insensitive).
/// No header, another scheme or an empty token is "missing"; two headers are refused outright,
/// because proxies and frameworks disagree on which one wins.
pub(super) fn token_from(headers: &HeaderMap) -> Result<Option<&str>, AuthError> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(AuthError::DuplicateHeader);
    }
    let value = value.to_str().map_err(|_| AuthError::Invalid)?;
    let Some((scheme, token)) = value.trim().split_once(' ') else {
        return Ok(None);
    };
    let known_scheme =
        scheme.eq_ignore_ascii_case("token") || scheme.eq_ignore_ascii_case("bearer");
    let token = token.trim();
    Ok((known_scheme && !token.is_empty()).then_some(token))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn both_schemes_in_any_case_carry_the_token() {
        for value in [
            "Token abc.def.ghi",
            "token abc.def.ghi",
            "Bearer abc.def.ghi",
            "BEARER  abc.def.ghi ",
        ] {
            assert_eq!(
                token_from(&headers(&[value])),
                Ok(Some("abc.def.ghi")),
                "{value}"
            );
        }
    }

    #[test]
    fn no_header_other_schemes_and_empty_tokens_are_missing() {
        for value in ["Basic dXNlcjpwYXNz", "Token", "Token   ", "abc.def.ghi"] {
            assert_eq!(token_from(&headers(&[value])), Ok(None), "{value}");
        }
        assert_eq!(token_from(&HeaderMap::new()), Ok(None));
    }

    #[test]
    fn two_headers_are_refused() {
        assert_eq!(
            token_from(&headers(&["Token a.b.c", "Token a.b.c"])),
            Err(AuthError::DuplicateHeader)
        );
    }

    #[test]
    fn a_header_that_is_not_text_is_invalid() {
        let mut map = HeaderMap::new();
        map.insert(
            AUTHORIZATION,
            HeaderValue::from_bytes(b"Token \xff\xfe").unwrap(),
        );
        assert_eq!(token_from(&map), Err(AuthError::Invalid));
    }
}
