//! The API's routes, one module per resource, and the request-field checks they share.

mod articles;
mod comments;
mod fields;
mod health;
mod profiles;
mod schemas;
mod tags;
mod users;
pub mod views;

use axum::Router;

use crate::state::AppState;

pub fn api() -> Router<AppState> {
    Router::new()
        .merge(users::routes())
        .merge(profiles::routes())
        .merge(articles::routes())
        .merge(comments::routes())
        .merge(tags::routes())
        .merge(schemas::routes())
        .merge(health::routes())
}
