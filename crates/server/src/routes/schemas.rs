//! The JSON Schema files that request bodies are checked against, and the OpenAPI document that
//! references them, served for clients to use.

use axum::Router;
use axum::extract::Path;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::error::ApiError;
use crate::state::AppState;
use crate::validation::Schemas;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/schemas/{name}", get(schema))
        .route("/api/openapi.json", get(openapi))
}

async fn openapi() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "application/json")],
        include_str!("../../openapi.json"),
    )
}

async fn schema(Path(name): Path<String>) -> Result<impl IntoResponse, ApiError> {
    let source = Schemas::source(&name).ok_or(ApiError::RouteNotFound)?;
    Ok(([(CONTENT_TYPE, "application/schema+json")], source))
}
