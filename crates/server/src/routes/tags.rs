//! Every tag in use.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(tags))
}

/// Every tag in use, each once.
#[derive(Serialize, ToSchema)]
#[schema(as = TagsResponse)]
struct TagsBody {
    tags: Vec<String>,
}

#[utoipa::path(get, path = "/api/tags", tag = "tags",
    responses((status = 200, description = "The tags", body = TagsBody)))]
async fn tags(State(state): State<AppState>) -> Result<Json<TagsBody>, ApiError> {
    let tags = state.articles.tags().await?;
    Ok(Json(TagsBody {
        tags: tags.iter().map(|tag| tag.as_str().to_owned()).collect(),
    }))
}
