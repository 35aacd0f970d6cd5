//! The request checks as the generated document makes them: shape only, every violation named.

use serde_json::{Value, json};

use crate::error::ApiError;
use crate::openapi::request_schemas;

fn violations(schema: &str, instance: Value) -> Vec<(String, String)> {
    match request_schemas().unwrap().check(schema, &instance) {
        Err(ApiError::Schema(violations)) => violations,
        other => panic!("expected schema violations, got {other:?}"),
    }
}

#[test]
fn every_request_body_has_a_schema() {
    assert_eq!(
        request_schemas().unwrap().names(),
        [
            "LoginUserRequest",
            "NewArticleRequest",
            "NewCommentRequest",
            "NewUserRequest",
            "UpdateArticleRequest",
            "UpdateUserRequest"
        ]
    );
}

#[test]
fn every_missing_field_is_reported_at_once() {
    let mut found = violations("NewUserRequest", json!({"user": {}}));
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
        "UpdateUserRequest",
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
        violations("LoginUserRequest", json!({"email": "a@b.c"})),
        [("user".to_owned(), "can't be blank".to_owned())]
    );
    assert_eq!(
        violations("LoginUserRequest", json!([])),
        [("body".to_owned(), "must be an object".to_owned())]
    );
}

#[test]
fn lengths_are_left_to_the_domain() {
    let padded = format!("  {}  ", "t".repeat(200));
    let body = json!({"article": {"title": padded, "description": "d", "body": "b"}});
    assert!(
        request_schemas()
            .unwrap()
            .check("NewArticleRequest", &body)
            .is_ok()
    );
}
