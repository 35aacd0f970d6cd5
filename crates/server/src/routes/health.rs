//! A liveness probe for load balancers, with the one number worth watching live: open sockets.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct Health {
    status: &'static str,
    live_connections: usize,
}

#[utoipa::path(get, path = "/api/health", tag = "operations",
    responses((status = 200, description = "The process serves requests", body = Health)))]
async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        live_connections: state.hub.connection_count(),
    })
}
