//! The API's routes, one module per resource, and the request-field checks they share.

mod fields;
mod schemas;
mod users;

use axum::Router;

use crate::state::AppState;

pub fn api() -> Router<AppState> {
    Router::new()
        .merge(users::routes())
        .merge(schemas::routes())
}
