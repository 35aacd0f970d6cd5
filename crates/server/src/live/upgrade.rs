//! The handshake: room for another socket, origin, subprotocol and token are checked before the
//! connection is upgraded, so a refused client gets an ordinary HTTP error it can read.

use axum::extract::ws::{WebSocketUpgrade, rejection::WebSocketUpgradeRejection};
use axum::extract::{FromRef, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{LiveState, session};
use crate::client_address::{ClientAddress, TrustedProxies};
use crate::error::{ApiError, ErrorBody};
use crate::origin;

/// The subprotocol the server speaks; the only one it ever echoes back.
pub const PROTOCOL: &str = "conduit.v1";
/// Browsers cannot set `Authorization` on a WebSocket, so the token rides as a second offered
/// subprotocol, `bearer.<jwt>`, which is never echoed.
const TOKEN_PREFIX: &str = "bearer.";
/// Messages are small JSON objects; anything larger is refused with close code 1009.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// tungstenite starts every connection with 128 KiB read and write buffers; measured here that
/// made an idle socket cost ~133 KiB. Small messages need small buffers, which grow on demand.
const BUFFER_BYTES: usize = 4 * 1024;

pub fn routes<S>() -> OpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
    LiveState: FromRef<S>,
    TrustedProxies: FromRef<S>,
{
    OpenApiRouter::new().routes(routes!(upgrade))
}

/// Live updates. Offer the subprotocol `conduit.v1`, and `bearer.<jwt>` to be signed in.
#[utoipa::path(get, path = "/api/ws", tag = "live", security((), ("token" = [])),
    responses(
        (status = 101, description = "Switched to the WebSocket protocol `conduit.v1`"),
        (status = 400, description = "Not a WebSocket upgrade, or `conduit.v1` not offered", body = ErrorBody),
        (status = 403, description = "The page's origin may not open a socket here", body = ErrorBody),
        (status = 429, description = "Too many sockets open from this client address (`WS_MAX_SOCKETS_PER_ADDRESS`)", body = ErrorBody),
        (status = 503, description = "As many sockets open as the server allows (`WS_MAX_SOCKETS`)", body = ErrorBody),
    ))]
async fn upgrade(
    State(state): State<LiveState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let upgrade = upgrade.map_err(|_| ApiError::NotAWebSocket)?;
    // Taken first, so that a client over its share costs nothing more; held by the session, or
    // given back when anything below refuses the handshake.
    let slot = state.slots.take(client)?;
    // Browsers always send Origin; a client without one is not a page that could be hijacked.
    if let Some(page_origin) = headers.get(header::ORIGIN)
        && !origin::is_allowed(page_origin, &headers, &state.config.allowed_origins)
    {
        return Err(ApiError::OriginNotAllowed);
    }
    let offered: Vec<&str> = upgrade
        .requested_protocols()
        .filter_map(|protocol| protocol.to_str().ok())
        .map(str::trim)
        .collect();
    if !offered.contains(&PROTOCOL) {
        return Err(ApiError::MissingSubprotocol);
    }
    let viewer = match offered
        .iter()
        .find_map(|protocol| protocol.strip_prefix(TOKEN_PREFIX))
    {
        Some(token) => Some(state.authenticator.authenticate(token).await?),
        None => None,
    };
    Ok(upgrade
        .protocols([PROTOCOL])
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .read_buffer_size(BUFFER_BYTES)
        .write_buffer_size(BUFFER_BYTES)
        .on_upgrade(move |socket| session::run(socket, state, viewer, slot)))
}
