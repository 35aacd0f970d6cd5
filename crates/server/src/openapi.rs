//! The OpenAPI document, generated from the code: each handler's `#[utoipa::path]` describes
//! its route (and builds the router, see [`crate::routes`]), the request and response types
//! derive their schemas, the answers every route shares are added by rule ([`answers`]) and
//! the input limits are taken from the domain's value types ([`limits`]).

mod answers;
mod limits;
#[cfg(test)]
mod pattern_checks;
#[cfg(test)]
mod request_checks;

use std::sync::LazyLock;

use axum::{Json, Router};
use serde_json::Value;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ErrorBody;
use crate::state::AppState;
use crate::validation::{SchemaError, Schemas};
use crate::{live, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Conduit",
        description = "The RealWorld API: accounts, profiles, articles, comments and tags, plus \
            live updates over a WebSocket. Every error answer has the body \
            `{\"errors\": {\"<field>\": [\"<message>\", ...]}}`. Text fields other than \
            passwords and an article's body are trimmed before they are checked: a `pattern` \
            allows the surrounding whitespace and requires the rest, so `minLength: 1` with it \
            means not blank once trimmed, and `maxLength` counts what is left."
    ),
    components(schemas(ErrorBody)),
    modifiers(&TokenScheme)
)]
struct ApiDoc;

/// `Authorization: Token <jwt>`, the RealWorld scheme (not `Bearer`).
struct TokenScheme;

impl Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "`Token <jwt>`, the token from registration, login or `GET /api/user`",
            ))),
        );
    }
}

/// Every documented route: the API, the live socket and this document.
fn router() -> OpenApiRouter<AppState> {
    routes::api().merge(live::routes()).routes(routes!(serve))
}

/// This document: every route, body and answer of the API.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3.1", body = Object)))]
async fn serve() -> Json<&'static Value> {
    Json(document())
}

/// The documented routes and the document as the code describes them, from one build: neither
/// depends on an app's state or settings, so they are built once per process. (Each route is
/// built with its description: 2.3% of the HTTP suite's CPU when each test's app built them.)
static PARTS: LazyLock<(Router<AppState>, Value)> = LazyLock::new(|| {
    let (routes, api) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .merge(router())
        .split_for_parts();
    let mut document = serde_json::to_value(api).unwrap_or_default();
    answers::add_shared(&mut document);
    (routes, document)
});

/// Every documented route, for an app to serve.
pub fn routes() -> Router<AppState> {
    PARTS.0.clone()
}

/// The document as the code describes it, with the shared answers but without the published
/// limits: request bodies are checked against these shapes, while the limits are the value
/// types' business (a padded title is trimmed before it is measured).
fn shapes() -> &'static Value {
    &PARTS.1
}

static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    let mut document = shapes().clone();
    limits::publish(&mut document);
    document
});

/// The schemas come from the code, so they are compiled once per process, not per app.
static REQUEST_SCHEMAS: LazyLock<Result<Schemas, SchemaError>> =
    LazyLock::new(|| Schemas::compile(shapes()));

/// The request-body checks: the shapes without the limits, which are the domain's to enforce.
pub fn request_schemas() -> Result<Schemas, SchemaError> {
    REQUEST_SCHEMAS.clone()
}

/// The published document, served at `/api/openapi.json`.
pub fn document() -> &'static Value {
    &DOCUMENT
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::document;

    #[test]
    fn authenticated_operations_name_the_token_scheme_and_it_is_the_authorization_header() {
        assert_eq!(
            document()["components"]["securitySchemes"],
            json!({"token": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "`Token <jwt>`, the token from registration, login or `GET /api/user`"
            }})
        );
        assert_eq!(
            document()["paths"]["/api/user"]["get"]["security"],
            json!([{"token": []}])
        );
    }
}
