//! Every answer the suites read is held to the published OpenAPI document: the route and
//! method must be documented, the status listed for that operation, and the body valid against
//! the schema the document gives for that status. A route the document lacks fails the test that
//! reaches it, and so does a body or a status that drifted.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use jsonschema::Validator;
use serde_json::{Value, json};

static DOCUMENT: LazyLock<&'static Value> = LazyLock::new(conduit_server::openapi_document);
/// Validators are compiled on first use and shared: each test meets only a few schemas.
static VALIDATORS: LazyLock<Mutex<HashMap<String, Arc<Validator>>>> =
    LazyLock::new(Default::default);

/// Checks one answer of `method path`. Paths outside `/api` (the UI) and CORS preflights
/// (answered before routing) are not part of the API and pass.
pub fn check_against_document(
    method: &str,
    path: &str,
    status: u16,
    body: &Value,
) -> Result<(), String> {
    if !(path == "/api" || path.starts_with("/api/")) || method == "OPTIONS" {
        return Ok(());
    }
    // Only a failure shows it: formatting every body, some of tens of kilobytes, was most of
    // the check's cost.
    let answer = || format!("{method} {path} answered {status} {body}");
    let Some((template, operation)) = operation(method, path) else {
        // No route: the router's own JSON 404, or 405 for a known path and another method.
        let routed_nowhere = status == 404 && *body == json!({"errors": {"route": ["not found"]}});
        let other_method = status == 405 && path_is_documented(path);
        return if routed_nowhere || other_method {
            validate(
                &json!({"$ref": "#/components/schemas/ErrorBody"}),
                body,
                answer,
            )
        } else {
            Err(format!(
                "{}, but the OpenAPI document has no {method} {path}",
                answer()
            ))
        };
    };
    let Some(response) = operation["responses"].get(status.to_string()) else {
        return Err(format!(
            "{}, but the document lists no {status} for {method} {template}",
            answer()
        ));
    };
    match response.pointer("/content/application~1json/schema") {
        Some(schema) => validate(schema, body, answer),
        None if body.is_null() => Ok(()),
        None => Err(format!(
            "{}, but the document says {status} has no body",
            answer()
        )),
    }
}

fn validate(schema: &Value, body: &Value, answer: impl Fn() -> String) -> Result<(), String> {
    let validator = validator(schema)?;
    let problems: Vec<String> = validator
        .iter_errors(body)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}, which breaks the document's schema {schema}: {}",
            answer(),
            problems.join("; ")
        ))
    }
}

fn validator(schema: &Value) -> Result<Arc<Validator>, String> {
    let key = schema.to_string();
    let mut cache = VALIDATORS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(validator) = cache.get(&key) {
        return Ok(validator.clone());
    }
    // The schema's `$ref`s point into the document's components, so they come along.
    let mut root = schema.clone();
    if let Some(object) = root.as_object_mut() {
        object.insert("components".to_owned(), DOCUMENT["components"].clone());
    }
    let validator = Arc::new(
        jsonschema::validator_for(&root).map_err(|error| format!("schema {schema}: {error}"))?,
    );
    cache.insert(key, validator.clone());
    Ok(validator)
}

/// The operation documented for `method path`, and its path template. A literal segment beats
/// a parameter, as in the router (`/api/articles/feed` is not the article `feed`).
fn operation(method: &str, path: &str) -> Option<(&'static str, &'static Value)> {
    let method = method.to_ascii_lowercase();
    templates_matching(path)
        .into_iter()
        .filter_map(|(template, item)| item.get(&method).map(|operation| (template, operation)))
        .max_by_key(|(template, _)| template.split('/').filter(|s| !s.starts_with('{')).count())
}

fn path_is_documented(path: &str) -> bool {
    !templates_matching(path).is_empty()
}

fn templates_matching(path: &str) -> Vec<(&'static str, &'static Value)> {
    let segments: Vec<&str> = path.split('/').collect();
    DOCUMENT["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(template, _)| {
            let parts: Vec<&str> = template.split('/').collect();
            parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(part, segment)| part.starts_with('{') || part == segment)
        })
        .map(|(template, item)| (template.as_str(), item))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn not_found(key: &str) -> Value {
        json!({"errors": {key: ["not found"]}})
    }

    #[test]
    fn a_documented_answer_passes() {
        assert_eq!(
            check_against_document("GET", "/api/tags", 200, &json!({"tags": ["rust"]})),
            Ok(())
        );
        assert_eq!(
            check_against_document(
                "DELETE",
                "/api/articles/x/favorite",
                404,
                &not_found("article")
            ),
            Ok(())
        );
    }

    #[test]
    fn a_body_that_breaks_the_schema_fails() {
        let problem =
            check_against_document("GET", "/api/tags", 200, &json!({"tags": "rust"})).unwrap_err();
        assert!(
            problem.contains("breaks the document's schema"),
            "{problem}"
        );
    }

    #[test]
    fn a_status_the_operation_does_not_list_fails() {
        let problem =
            check_against_document("GET", "/api/tags", 409, &not_found("tag")).unwrap_err();
        assert!(
            problem.contains("lists no 409 for GET /api/tags"),
            "{problem}"
        );
    }

    #[test]
    fn an_undocumented_route_fails_whatever_it_answers() {
        let problem = check_against_document("GET", "/api/secret", 200, &json!({})).unwrap_err();
        assert!(problem.contains("has no GET /api/secret"), "{problem}");
        assert_eq!(
            check_against_document("GET", "/api/secret", 404, &not_found("route")),
            Ok(())
        );
    }

    #[test]
    fn the_feed_is_not_an_article() {
        let (template, _) = operation("GET", "/api/articles/feed").unwrap();
        assert_eq!(template, "/api/articles/feed");
        let (template, _) = operation("GET", "/api/articles/some-slug").unwrap();
        assert_eq!(template, "/api/articles/{slug}");
    }
}
