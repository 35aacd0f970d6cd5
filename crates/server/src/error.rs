//! The HTTP layer's one error type, and the one place where every failure becomes a status code
//! and a RealWorld error body: `{"errors": {"<field>": ["<message>", ...]}}`.

use std::collections::BTreeMap;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use conduit_domain::{Cause, DomainError, ErrorChain, ValidationError};
use serde::Serialize;

use crate::auth::{AuthError, AuthRejection};
use crate::socket_slots::NoSlot;
use crate::throttle::{Attempt, ThrottleError, Throttled};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The body broke the request's JSON Schema; every violation at once.
    #[error("the request body does not match its schema")]
    Schema(Vec<(String, String)>),
    #[error("the request body is not valid JSON")]
    MalformedJson,
    #[error("the request body is not JSON")]
    UnsupportedMediaType,
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("the request took longer than the configured timeout")]
    RequestTimeout,
    #[error("no such route")]
    RouteNotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("the page's origin may not open a WebSocket here")]
    OriginNotAllowed,
    #[error("not a WebSocket upgrade")]
    NotAWebSocket,
    #[error("the WebSocket did not offer our subprotocol")]
    MissingSubprotocol,
    #[error(transparent)]
    NoSocketSlot(#[from] NoSlot),
    #[error(transparent)]
    Throttled(#[from] Throttled),
    #[error("internal failure")]
    Internal(#[source] Cause),
}

/// Every error answer: each offending field (or `body`, `token`, `route`...) with its messages.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    errors: BTreeMap<String, Vec<String>>,
}

fn body(pairs: impl IntoIterator<Item = (String, String)>) -> ErrorBody {
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (field, message) in pairs {
        errors.entry(field).or_default().push(message);
    }
    ErrorBody { errors }
}

fn one(field: &str, message: &str) -> ErrorBody {
    body([(field.to_owned(), message.to_owned())])
}

fn fields(errors: Vec<ValidationError>) -> ErrorBody {
    body(
        errors
            .into_iter()
            .map(|error| (error.field.to_owned(), error.message.into_owned())),
    )
}

impl ApiError {
    fn status_and_body(self) -> (StatusCode, ErrorBody) {
        match self {
            ApiError::Auth(AuthError::Missing) => {
                (StatusCode::UNAUTHORIZED, one("token", "is missing"))
            }
            ApiError::Auth(AuthError::Invalid) => {
                (StatusCode::UNAUTHORIZED, one("token", "is invalid"))
            }
            ApiError::Auth(AuthError::DuplicateHeader) => (
                StatusCode::BAD_REQUEST,
                one("authorization", "must be sent only once"),
            ),
            ApiError::Domain(error) => domain(error),
            ApiError::Schema(errors) => (StatusCode::UNPROCESSABLE_ENTITY, body(errors)),
            ApiError::MalformedJson => (StatusCode::BAD_REQUEST, one("body", "is not valid JSON")),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                one("content-type", "must be application/json"),
            ),
            ApiError::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, one("body", "is too large"))
            }
            ApiError::RequestTimeout => (
                StatusCode::REQUEST_TIMEOUT,
                one("request", "took too long; try again"),
            ),
            ApiError::RouteNotFound => (StatusCode::NOT_FOUND, one("route", "not found")),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                one("method", "is not allowed on this route"),
            ),
            ApiError::OriginNotAllowed => (StatusCode::FORBIDDEN, one("origin", "is not allowed")),
            ApiError::NotAWebSocket => (
                StatusCode::BAD_REQUEST,
                one("connection", "must be a WebSocket upgrade"),
            ),
            ApiError::MissingSubprotocol => (
                StatusCode::BAD_REQUEST,
                one("protocol", "must offer conduit.v1"),
            ),
            ApiError::NoSocketSlot(NoSlot::ForAddress) => (
                StatusCode::TOO_MANY_REQUESTS,
                one("connection", "too many sockets open from this address"),
            ),
            ApiError::NoSocketSlot(NoSlot::OnServer) => (
                StatusCode::SERVICE_UNAVAILABLE,
                one(
                    "connection",
                    "the server has no room for another socket; try again later",
                ),
            ),
            ApiError::Throttled(throttled) => (
                StatusCode::TOO_MANY_REQUESTS,
                one(
                    match throttled.attempt {
                        Attempt::Login => "login",
                        Attempt::Registration => "registration",
                    },
                    &format!(
                        "too many {}; try again in {}",
                        match throttled.attempt {
                            Attempt::Login => "failed attempts",
                            Attempt::Registration => "from this address",
                        },
                        seconds(retry_after_secs(&throttled))
                    ),
                ),
            ),
            ApiError::Internal(cause) => internal(&cause),
        }
    }
}

/// `Retry-After` counts whole seconds: the wait rounded up, and never 0, which would invite an
/// immediate retry that is refused again.
fn retry_after_secs(throttled: &Throttled) -> u64 {
    let wait = throttled.retry_after;
    let whole = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    whole.max(1)
}

fn seconds(count: u64) -> String {
    match count {
        1 => "1 second".to_owned(),
        _ => format!("{count} seconds"),
    }
}

fn domain(error: DomainError) -> (StatusCode, ErrorBody) {
    match error {
        DomainError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, fields(errors)),
        DomainError::Taken(field) => (
            StatusCode::CONFLICT,
            one(field.as_str(), "has already been taken"),
        ),
        DomainError::InvalidCredentials => {
            (StatusCode::UNAUTHORIZED, one("credentials", "invalid"))
        }
        DomainError::Unauthenticated => (StatusCode::UNAUTHORIZED, one("token", "is invalid")),
        DomainError::BreachedPassword => (
            StatusCode::UNPROCESSABLE_ENTITY,
            one("password", "has appeared in a data breach; choose another"),
        ),
        DomainError::BreachCheckUnavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            one(
                "password",
                "could not be checked against known breaches; try again later",
            ),
        ),
        DomainError::NotFound(entity) => (StatusCode::NOT_FOUND, one(entity.as_str(), "not found")),
        DomainError::Forbidden(entity) => {
            (StatusCode::FORBIDDEN, one(entity.as_str(), "forbidden"))
        }
        DomainError::Internal(cause) => internal(&cause),
    }
}

/// Real faults: the one place they are logged, with every cause under them; the client learns
/// nothing of them.
fn internal(cause: &Cause) -> (StatusCode, ErrorBody) {
    let error = ErrorChain(cause);
    tracing::error!(%error, "internal error");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        one("server", "internal error"),
    )
}

impl From<ThrottleError> for ApiError {
    fn from(error: ThrottleError) -> Self {
        match error {
            ThrottleError::Throttled(throttled) => ApiError::Throttled(throttled),
            ThrottleError::Unavailable(error) => ApiError::Domain(error.into()),
        }
    }
}

impl From<AuthRejection> for ApiError {
    fn from(rejection: AuthRejection) -> Self {
        match rejection {
            AuthRejection::Unauthenticated(error) => ApiError::Auth(error),
            AuthRejection::Domain(error) => ApiError::Domain(error),
        }
    }
}

/// The extractors' rejection answers exactly as the `ApiError` it stands for.
impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        ApiError::from(self).into_response()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = match &self {
            ApiError::Throttled(throttled) => Some(retry_after_secs(throttled)),
            _ => None,
        };
        let (status, body) = self.status_and_body();
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
        }
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use conduit_domain::{Entity, RepositoryError};
    use serde_json::{Value, json};

    use super::*;
    use crate::config::Config;
    use crate::logging::captured;

    fn answer(error: DomainError) -> (StatusCode, Value) {
        let (status, body) = domain(error);
        (status, serde_json::to_value(body).unwrap())
    }

    #[test]
    fn a_fault_is_logged_once_with_its_whole_chain_and_the_client_sees_none_of_it() {
        let disk_full = std::io::Error::other("disk full");
        let error = ApiError::from(DomainError::from(RepositoryError::Unavailable(Cause::new(
            disk_full,
        ))));

        let log = Config::default().log;
        let ((status, body), logged) = captured(&log, || error.status_and_body());

        assert_eq!(
            (status, serde_json::to_value(body).unwrap()),
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"errors": {"server": ["internal error"]}})
            )
        );
        assert_eq!(logged.lines().count(), 1, "{logged}");
        assert!(
            logged.contains("error=storage failure: disk full"),
            "{logged}"
        );
    }

    #[test]
    fn budgets_out_of_reach_are_a_fault_not_a_pass_nor_a_429() {
        let lost = RepositoryError::Unavailable(Cause::new("connection reset"));
        let error = ApiError::from(ThrottleError::Unavailable(lost));

        let log = Config::default().log;
        let ((status, body), _) = captured(&log, || error.status_and_body());

        assert_eq!(
            (status, serde_json::to_value(body).unwrap()),
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"errors": {"server": ["internal error"]}})
            )
        );
    }

    fn throttled_login(retry_after: Duration) -> ApiError {
        ApiError::Throttled(Throttled {
            attempt: Attempt::Login,
            retry_after,
        })
    }

    #[test]
    fn retry_after_is_the_wait_rounded_up_to_whole_seconds_and_never_0() {
        for (wait, whole) in [
            (Duration::ZERO, "1"),
            (Duration::from_millis(400), "1"),
            (Duration::from_secs(1), "1"),
            (Duration::new(1, 1), "2"),
            (Duration::from_millis(2_500), "3"),
            (Duration::from_secs(3), "3"),
        ] {
            let response = throttled_login(wait).into_response();
            assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
            assert_eq!(response.headers()[header::RETRY_AFTER], whole, "{wait:?}");
            let (_, body) = throttled_login(wait).status_and_body();
            let second = if whole == "1" { "second" } else { "seconds" };
            assert_eq!(
                serde_json::to_value(body).unwrap(),
                json!({"errors": {"login": [
                    format!("too many failed attempts; try again in {whole} {second}")
                ]}}),
                "{wait:?}"
            );
        }
    }

    #[test]
    fn a_missing_entity_is_404_under_its_own_key() {
        for (entity, key) in [
            (Entity::Article, "article"),
            (Entity::Profile, "profile"),
            (Entity::Comment, "comment"),
        ] {
            assert_eq!(
                answer(DomainError::NotFound(entity)),
                (
                    StatusCode::NOT_FOUND,
                    json!({"errors": {key: ["not found"]}})
                )
            );
        }
    }

    #[test]
    fn someone_elses_entity_is_403_under_its_own_key() {
        for (entity, key) in [(Entity::Article, "article"), (Entity::Comment, "comment")] {
            assert_eq!(
                answer(DomainError::Forbidden(entity)),
                (
                    StatusCode::FORBIDDEN,
                    json!({"errors": {key: ["forbidden"]}})
                )
            );
        }
    }
}
