//! Request bodies are checked against the JSON Schema files in `schemas/` before they reach
//! typed deserialisation, so that a client hears about every problem at once, in the RealWorld
//! error shape, and never sees serde's internals. The same files are served under
//! `/api/schemas/` for clients to use.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use include_dir::{Dir, include_dir};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, Validator};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::AppState;

static SCHEMA_FILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/schemas");

/// A request body type and the schema file that describes it.
pub trait RequestBody: DeserializeOwned {
    const SCHEMA: &'static str;
}

pub struct Schemas {
    validators: HashMap<&'static str, Validator>,
}

#[derive(Debug, thiserror::Error)]
#[error("schema {file}: {problem}")]
pub struct SchemaError {
    file: String,
    problem: String,
}

impl Schemas {
    /// Compiles every schema file once, at start-up.
    pub fn load() -> Result<Self, SchemaError> {
        let mut validators = HashMap::new();
        for file in SCHEMA_FILES.files() {
            let name = file.path().to_str().unwrap_or_default();
            let problem = |problem: String| SchemaError {
                file: name.to_owned(),
                problem,
            };
            let schema: Value =
                serde_json::from_slice(file.contents()).map_err(|e| problem(e.to_string()))?;
            let validator =
                jsonschema::validator_for(&schema).map_err(|e| problem(e.to_string()))?;
            validators.insert(name, validator);
        }
        Ok(Self { validators })
    }

    /// The raw text of a schema file, for `/api/schemas/{name}`.
    pub fn source(name: &str) -> Option<&'static str> {
        SCHEMA_FILES
            .get_file(name)
            .and_then(|file| file.contents_utf8())
    }

    fn check(&self, schema: &str, instance: &Value) -> Result<(), ApiError> {
        let validator = self.validators.get(schema).ok_or_else(|| {
            ApiError::Internal(conduit_domain::Cause::new(format!(
                "no schema named {schema}"
            )))
        })?;
        let violations: Vec<(String, String)> = validator
            .iter_errors(instance)
            .map(|error| describe(&error))
            .collect();
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Schema(violations))
        }
    }
}

/// Turns one schema violation into a field and a message a person can act on.
fn describe(error: &jsonschema::ValidationError<'_>) -> (String, String) {
    let innermost_property = error
        .instance_path()
        .iter()
        .rev()
        .find_map(|segment| match segment {
            LocationSegment::Property(name) => Some(name.into_owned()),
            LocationSegment::Index(_) => None,
        });
    let field = || {
        innermost_property
            .clone()
            .unwrap_or_else(|| "body".to_owned())
    };
    match error.kind() {
        ValidationErrorKind::Required { property } => (
            property.as_str().map_or_else(field, str::to_owned),
            "can't be blank".to_owned(),
        ),
        // `"email": null` reads as a blank field; `"tagList": null` is named for what it lacks.
        ValidationErrorKind::Type {
            kind: TypeKind::Single(JsonType::String),
        } if error.instance().is_null() => (field(), "can't be blank".to_owned()),
        ValidationErrorKind::Type {
            kind: TypeKind::Single(expected),
        } => (field(), format!("must be {}", with_article(*expected))),
        ValidationErrorKind::MaxLength { limit } => (
            field(),
            format!("is too long (maximum is {limit} characters)"),
        ),
        ValidationErrorKind::MaxItems { limit } => {
            (field(), format!("has too many items (maximum is {limit})"))
        }
        ValidationErrorKind::MinLength { .. } => (field(), "can't be blank".to_owned()),
        _ => (field(), "is invalid".to_owned()),
    }
}

fn with_article(expected: JsonType) -> &'static str {
    match expected {
        JsonType::Array => "an array",
        JsonType::Boolean => "a boolean",
        JsonType::Integer => "an integer",
        JsonType::Null => "null",
        JsonType::Number => "a number",
        JsonType::Object => "an object",
        JsonType::String => "a string",
    }
}

/// A JSON request body that has passed its schema and deserialised into `T`.
pub struct ValidJson<T>(pub T);

impl<T: RequestBody> FromRequest<AppState> for ValidJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        if !is_json(&request) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::MalformedJson
                }
            })?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|_| ApiError::MalformedJson)?;
        state.schemas.check(T::SCHEMA, &value)?;
        let body = serde_json::from_value(value).map_err(|error| {
            ApiError::Internal(conduit_domain::Cause::new(format!(
                "{} accepted a body that does not deserialise: {error}",
                T::SCHEMA
            )))
        })?;
        Ok(ValidJson(body))
    }
}

/// `application/json`, with or without parameters such as `charset=utf-8`, or any `+json`
/// media type.
fn is_json(request: &Request) -> bool {
    let Some(content_type) = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    media_type == "application/json"
        || (media_type.starts_with("application/") && media_type.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn violations(schema: &str, instance: Value) -> Vec<(String, String)> {
        match Schemas::load().unwrap().check(schema, &instance) {
            Err(ApiError::Schema(violations)) => violations,
            other => panic!("expected schema violations, got {other:?}"),
        }
    }

    #[test]
    fn every_schema_file_compiles() {
        let schemas = Schemas::load().unwrap();
        assert_eq!(schemas.validators.len(), SCHEMA_FILES.files().count());
        assert!(schemas.validators.len() >= 3);
    }

    #[test]
    fn every_missing_field_is_reported_at_once() {
        let mut found = violations("new-user.json", json!({"user": {}}));
        found.sort();
        assert_eq!(
            found,
            [
                ("email".to_owned(), "can't be blank".to_owned()),
                ("password".to_owned(), "can't be blank".to_owned()),
                ("username".to_owned(), "can't be blank".to_owned()),
            ]
        );
    }

    #[test]
    fn wrong_types_name_the_expected_type_and_null_reads_as_blank() {
        let mut found = violations(
            "update-user.json",
            json!({"user": {"email": null, "username": 5, "bio": ["x"]}}),
        );
        found.sort();
        assert_eq!(
            found,
            [
                ("bio".to_owned(), "is invalid".to_owned()),
                ("email".to_owned(), "can't be blank".to_owned()),
                ("username".to_owned(), "must be a string".to_owned()),
            ]
        );
    }

    #[test]
    fn a_missing_wrapper_is_reported_by_name() {
        assert_eq!(
            violations("login-user.json", json!({"email": "a@b.c"})),
            [("user".to_owned(), "can't be blank".to_owned())]
        );
        assert_eq!(
            violations("login-user.json", json!([])),
            [("body".to_owned(), "must be an object".to_owned())]
        );
    }

    #[test]
    fn overlong_strings_are_reported_with_the_limit() {
        assert_eq!(
            violations(
                "new-user.json",
                json!({"user": {"username": "u".repeat(41), "email": "a@b.c", "password": "p"}})
            ),
            [(
                "username".to_owned(),
                "is too long (maximum is 40 characters)".to_owned()
            )]
        );
    }
}
