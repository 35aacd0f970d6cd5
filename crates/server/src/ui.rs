//! The browser UI, embedded in the binary: `/assets/*` are its files, `/sw.js` the service worker
//! that keeps them for outages, and every other non-API path gets the app shell, whose
//! client-side router picks the page (`/login`, `/article/x`).
//!
//! The files are not fingerprinted, so browsers revalidate them on every visit (`no-cache`):
//! each carries an ETag, and an unchanged file costs a bodiless 304. Compression is the
//! middleware's (startup.rs).

use axum::Router;
use axum::extract::Path;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use conduit_domain::Cause;
use std::sync::OnceLock;

use include_dir::{Dir, DirEntry, File, include_dir};

use crate::error::ApiError;
use crate::state::AppState;

static UI: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/ui");

/// No inline script, style or event handler can run, and only our own scripts load: a second
/// wall behind the server-side sanitising of article HTML.
const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' http: https: data:; connect-src 'self' ws: wss:; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/assets/{*path}", get(asset))
        .route("/sw.js", get(service_worker))
}

async fn asset(Path(path): Path<String>, request: HeaderMap) -> Response {
    match UI.get_file(format!("assets/{path}")) {
        Some(file) => serve(
            &request,
            file.contents(),
            content_type(&path),
            Kind::Subresource,
        ),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// At the root, so that its scope is the whole app.
async fn service_worker(request: HeaderMap) -> Response {
    match versioned_service_worker() {
        Some(worker) => serve(
            &request,
            worker.as_bytes(),
            content_type("sw.js"),
            Kind::Document,
        ),
        None => ApiError::Internal(Cause::new("the service worker is missing from the build"))
            .into_response(),
    }
}

/// sw.js with the version of the UI embedded in this build written in: browsers install a new
/// worker (which fetches the shell afresh) exactly when a byte of the UI has changed.
fn versioned_service_worker() -> Option<&'static str> {
    static WORKER: OnceLock<Option<String>> = OnceLock::new();
    WORKER
        .get_or_init(|| {
            let template = UI.get_file("sw.js")?.contents_utf8()?;
            let mut files = Vec::new();
            every_file(&UI, &mut files);
            let version = files.iter().fold(FNV_OFFSET, |hash, file| {
                fnv(
                    fnv(hash, file.path().as_os_str().as_encoded_bytes()),
                    file.contents(),
                )
            });
            Some(template.replace("__SHELL_VERSION__", &format!("{version:016x}")))
        })
        .as_deref()
}

fn every_file<'a>(dir: &'a Dir<'a>, found: &mut Vec<&'a File<'a>>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(dir) => every_file(dir, found),
            DirEntry::File(file) => found.push(file),
        }
    }
}

/// Everything no route matched: JSON 404/405 under `/api`, the app shell for page loads.
pub async fn fallback(method: Method, uri: Uri, request: HeaderMap) -> Response {
    let is_api = uri.path() == "/api" || uri.path().starts_with("/api/");
    if is_api {
        return ApiError::RouteNotFound.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return ApiError::MethodNotAllowed.into_response();
    }
    match UI.get_file("index.html") {
        Some(shell) => serve(
            &request,
            shell.contents(),
            "text/html; charset=utf-8",
            Kind::Document,
        ),
        None => {
            ApiError::Internal(Cause::new("the UI shell is missing from the build")).into_response()
        }
    }
}

/// Whether a file runs with a policy of its own (the shell, the service worker) or under the
/// policy of the page that loads it (scripts, styles, images).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Subresource,
}

/// `body` with its type and validators, or a bodiless 304 when the browser's copy (named by
/// `If-None-Match`) is this one.
fn serve(
    request: &HeaderMap,
    body: &'static [u8],
    content_type: &'static str,
    kind: Kind,
) -> Response {
    let etag = entity_tag(body);
    let mut response = if is_fresh(request, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut full = body.into_response();
        full.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        full
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(ETAG, value);
    }
    // Files are not fingerprinted, so browsers must revalidate rather than keep a stale app.
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // A policy governs documents and workers only; on a script or a style it would be ignored,
    // so it is not sent there (every byte of a 304 counts on a repeat visit).
    if kind == Kind::Document {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
        );
    }
    response
}

/// A weak validator (`W/"…"`): the same for every encoding the middleware compresses the body
/// into, which is what weak means. FNV-1a: the files are a few kilobytes, and a validator only
/// has to change when they do.
fn entity_tag(body: &[u8]) -> String {
    format!("W/\"{:016x}\"", fnv(FNV_OFFSET, body))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes`, going on from `hash`.
fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether `If-None-Match` names `etag` (weak comparison: `W/` aside) or is `*`.
fn is_fresh(request: &HeaderMap, etag: &str) -> bool {
    let ours = etag.trim_start_matches("W/");
    request
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == ours)
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
    use super::*;

    /// With `nosniff`, a browser will not run or show a file sent as octet-stream: a new kind
    /// of asset needs its type here first.
    #[test]
    fn every_embedded_asset_has_a_type_of_its_own() {
        let mut files = Vec::new();
        every_file(UI.get_dir("assets").unwrap(), &mut files);
        let mut assets: Vec<&str> = files
            .iter()
            .filter_map(|file| file.path().to_str())
            .collect();
        assets.push("sw.js");
        assert!(assets.len() > 10, "{assets:?}");
        for asset in assets {
            assert_ne!(content_type(asset), "application/octet-stream", "{asset}");
        }
        assert_eq!(content_type("assets/notes.txt"), "application/octet-stream");
    }

    #[test]
    fn the_service_worker_carries_the_version_of_the_ui_it_keeps() {
        let worker = versioned_service_worker().unwrap();
        assert!(!worker.contains("__SHELL_VERSION__"));
        let version = worker
            .split("const VERSION = '")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap();
        assert_eq!(version.len(), 16, "{version}");
        assert!(
            version.bytes().all(|byte| byte.is_ascii_hexdigit()),
            "{version}"
        );
    }

    #[test]
    fn the_validator_changes_with_the_file_and_only_with_it() {
        assert_eq!(entity_tag(b"body { }"), entity_tag(b"body { }"));
        assert_ne!(entity_tag(b"body { }"), entity_tag(b"body {}"));
        assert!(entity_tag(b"").starts_with("W/\""));
    }

    #[test]
    fn if_none_match_is_compared_weakly_and_may_list_several_tags() {
        let etag = entity_tag(b"x");
        let strong = etag.trim_start_matches("W/").to_owned();
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(IF_NONE_MATCH, HeaderValue::from_str(value).unwrap());
            headers
        };
        assert!(is_fresh(&with(&etag), &etag));
        assert!(is_fresh(&with(&strong), &etag));
        assert!(is_fresh(&with(&format!("\"other\", {etag}")), &etag));
        assert!(is_fresh(&with("*"), &etag));
        assert!(!is_fresh(&with("\"other\""), &etag));
        assert!(!is_fresh(&HeaderMap::new(), &etag));
    }
}
