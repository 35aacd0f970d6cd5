//! The OpenAPI document, generated from the code: each handler's `#[utoipa::path]` describes
//! its route (and builds the router, see [`crate::routes`]), the request and response types
//! derive their schemas, the answers every route shares are added by rule ([`answers`]) and
//! the input limits are taken from the domain's value types ([`limits`]).

mod answers;
mod limits;

use std::sync::LazyLock;

use serde_json::Value;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::error::ErrorBody;
use crate::state::AppState;
use crate::{live, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Conduit",
        description = "The RealWorld API: accounts, profiles, articles, comments and tags, plus \
            live updates over a WebSocket. Every error answer has the body \
            `{\"errors\": {\"<field>\": [\"<message>\", ...]}}`."
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

static SHAPES: LazyLock<Value> = LazyLock::new(|| {
    let (_, api) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .merge(routes::api())
        .merge(live::routes())
        .split_for_parts();
    let mut document = serde_json::to_value(api).unwrap_or_default();
    answers::add_shared(&mut document);
    document
});

/// The document as the code describes it, with the shared answers but without the published
/// limits: request bodies are checked against these shapes, while the limits are the value
/// types' business (a padded title is trimmed before it is measured).
pub(crate) fn shapes() -> &'static Value {
    &SHAPES
}

static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    let mut document = shapes().clone();
    limits::publish(&mut document);
    document
});

/// The published document, served at `/api/openapi.json`.
pub fn document() -> &'static Value {
    &DOCUMENT
}
