//! Request bodies are checked against their schemas in the generated OpenAPI document before
//! typed deserialisation, so that a client hears about every problem of shape at once, in the
//! RealWorld error shape, and never sees serde's internals. The schemas check shape only (types
//! and required fields); the limits belong to the domain's value types.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{JsonType, Validator};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::error::ApiError;

#[derive(Clone)]
pub struct Schemas {
    validators: Arc<HashMap<String, Validator>>,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("schema {name}: {problem}")]
pub struct SchemaError {
    name: String,
    problem: String,
}

impl Schemas {
    /// Compiles the schema of every request body of an OpenAPI document.
    pub fn compile(document: &Value) -> Result<Self, SchemaError> {
        let components = &document["components"];
        let mut validators = HashMap::new();
        for name in request_bodies(document) {
            // The component's `$ref`s point into the document, so it comes along.
            let schema =
                json!({"$ref": format!("#/components/schemas/{name}"), "components": components});
            let validator = jsonschema::validator_for(&schema).map_err(|e| SchemaError {
                name: name.clone(),
                problem: e.to_string(),
            })?;
            validators.insert(name, validator);
        }
        Ok(Self {
            validators: Arc::new(validators),
        })
    }

    /// The names of the request bodies it checks.
    #[cfg(test)]
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.validators.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }

    pub fn check(&self, schema: &str, instance: &Value) -> Result<(), ApiError> {
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

/// The component names of every operation's JSON request body.
fn request_bodies(document: &Value) -> Vec<String> {
    let operations = document["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values());
    let mut names: Vec<String> = operations
        .filter_map(|operation| {
            operation
                .pointer("/requestBody/content/application~1json/schema/$ref")
                .and_then(Value::as_str)
        })
        .filter_map(|reference| reference.strip_prefix("#/components/schemas/"))
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
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

impl<T, S> FromRequest<S> for ValidJson<T>
where
    T: DeserializeOwned + ToSchema,
    S: Send + Sync,
    Arc<Schemas>: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
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
        let schema = T::name();
        Arc::<Schemas>::from_ref(state).check(&schema, &value)?;
        let body = serde_json::from_value(value).map_err(|error| {
            ApiError::Internal(conduit_domain::Cause::new(format!(
                "{schema} accepted a body that does not deserialise: {error}"
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
