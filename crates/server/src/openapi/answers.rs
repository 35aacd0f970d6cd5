//! The answers a route can give because of what it reads, not what it does: a route with a body
//! can meet bad JSON, a route that reads a token can meet a bad one, and so on. Added here by
//! rule, once, instead of on every handler.

use serde_json::{Map, Value, json};

const METHODS: [&str; 4] = ["get", "post", "put", "delete"];

/// Adds the shared error answers to every operation; an answer a handler describes itself wins.
pub fn add_shared(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            for (status, description) in shared_answers(path, operation) {
                let responses = operation
                    .entry("responses")
                    .or_insert_with(|| json!({}))
                    .as_object_mut();
                if let Some(responses) = responses {
                    responses
                        .entry(status)
                        .or_insert_with(|| error(description));
                }
            }
        }
    }
}

fn shared_answers(path: &str, operation: &Map<String, Value>) -> Vec<(&'static str, &'static str)> {
    let has_body = operation.contains_key("requestBody");
    let reads_token = operation.contains_key("security");
    let has_query = operation
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|parameters| parameters.iter().any(|p| p["in"] == "query"));
    let mut answers = Vec::new();
    if has_body || reads_token {
        answers.push((
            "400",
            "The body is not valid JSON, or `Authorization` was sent more than once",
        ));
    }
    if reads_token {
        answers.push(("401", "The token is missing, invalid, expired or revoked"));
    }
    if path.contains('{') {
        answers.push(("404", "Nothing by that name"));
    }
    if has_body {
        answers.push(("413", "The body is larger than the configured limit"));
        answers.push(("415", "The body is not `application/json`"));
    }
    if has_body || has_query {
        answers.push((
            "422",
            "The input breaks a rule; every violation is listed under its field",
        ));
    }
    answers.push(("408", "The request took longer than the configured timeout"));
    answers.push((
        "500",
        "An internal failure; the details are logged, never sent",
    ));
    answers
}

fn error(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    })
}
