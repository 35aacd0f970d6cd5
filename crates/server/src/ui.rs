//! The browser UI, embedded in the binary: `/assets/*` are its files, and every other non-API
//! path gets the app shell, whose client-side router picks the page (`/login`, `/article/x`).

use axum::Router;
use axum::extract::Path;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use conduit_domain::Cause;
use include_dir::{Dir, include_dir};

use crate::error::ApiError;
use crate::state::AppState;

static UI: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/ui");

/// No inline script, style or event handler can run, and only our own scripts load: a second
/// wall behind the server-side sanitising of article HTML.
const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' http: https: data:; connect-src 'self' ws: wss:; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub fn routes() -> Router<AppState> {
    Router::new().route("/assets/{*path}", get(asset))
}

async fn asset(Path(path): Path<String>) -> Response {
    match UI.get_file(format!("assets/{path}")) {
        Some(file) => with_headers(file.contents(), content_type(&path)),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// Everything no route matched: JSON 404/405 under `/api`, the app shell for page loads.
pub async fn fallback(method: Method, uri: Uri) -> Response {
    let is_api = uri.path() == "/api" || uri.path().starts_with("/api/");
    if is_api {
        return ApiError::RouteNotFound.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return ApiError::MethodNotAllowed.into_response();
    }
    match UI.get_file("index.html") {
        Some(shell) => with_headers(shell.contents(), "text/html; charset=utf-8"),
        None => {
            ApiError::Internal(Cause::new("the UI shell is missing from the build")).into_response()
        }
    }
}

fn with_headers(body: &'static [u8], content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Files are not fingerprinted, so browsers must revalidate rather than keep a stale app.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
    );
    response
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, extension)| extension) {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use include_dir::DirEntry;

    use super::*;

    /// With `nosniff`, a browser will not run or show a file sent as octet-stream: a new kind
    /// of asset needs its type here first.
    #[test]
    fn every_embedded_asset_has_a_type_of_its_own() {
        fn files<'a>(dir: &'a Dir<'a>, found: &mut Vec<&'a str>) {
            for entry in dir.entries() {
                match entry {
                    DirEntry::Dir(dir) => files(dir, found),
                    DirEntry::File(file) => found.extend(file.path().to_str()),
                }
            }
        }
        let mut assets = Vec::new();
        files(UI.get_dir("assets").unwrap(), &mut assets);
        assert!(assets.len() > 10, "{assets:?}");
        for asset in assets {
            assert_ne!(content_type(asset), "application/octet-stream", "{asset}");
        }
        assert_eq!(content_type("assets/notes.txt"), "application/octet-stream");
    }
}
