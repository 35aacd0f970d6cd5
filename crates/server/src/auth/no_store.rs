use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::response::Response;

/// For routes whose answers carry a token: no cache, shared or private, may keep a copy
/// (RFC 9111 §5.2.2.5; RFC 6749 §5.1 asks the same of OAuth token responses). Errors included,
/// so that the rule needs no exceptions.
pub async fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
