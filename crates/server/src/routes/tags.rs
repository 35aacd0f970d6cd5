//! Every tag in use.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/tags", get(tags))
}

#[derive(Serialize)]
struct TagsBody {
    tags: Vec<String>,
}

async fn tags(State(state): State<AppState>) -> Result<Json<TagsBody>, ApiError> {
    let tags = state.articles.tags().await?;
    Ok(Json(TagsBody {
        tags: tags.iter().map(|tag| tag.as_str().to_owned()).collect(),
    }))
}
