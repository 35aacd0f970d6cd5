//! The API's routes, one module per resource. Each handler carries its own OpenAPI description,
//! and the router is built from those descriptions, so a route cannot exist undocumented.

mod articles;
mod comments;
mod fields;
mod health;
mod profiles;
mod tags;
mod users;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(users::routes())
        .merge(profiles::routes())
        .merge(articles::routes())
        .merge(comments::routes())
        .merge(tags::routes())
        .merge(health::routes())
}
