//! The input limits a client may rely on, published from the domain's value types so that the
//! document and the rules cannot disagree. Text fields the domain trims are measured after
//! trimming, so a client that keeps within these limits is never refused for length.

use conduit_domain::values::{
    ArticleBody, ArticleTitle, Bio, CommentBody, Description, Email, ImageUrl, Limit,
    MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, Tag, TagList, Username,
};
use serde_json::{Value, json};

/// `(schema, pointer below the schema, keyword, value)`.
type Rule = (&'static str, &'static str, &'static str, Value);

fn rules() -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    for schema in ["NewUser", "UpdateUser"] {
        rules.extend([
            (
                schema,
                "/properties/username",
                "maxLength",
                json!(Username::MAX_CHARS),
            ),
            (
                schema,
                "/properties/email",
                "maxLength",
                json!(Email::MAX_CHARS),
            ),
            (
                schema,
                "/properties/password",
                "minLength",
                json!(MIN_PASSWORD_CHARS),
            ),
            (
                schema,
                "/properties/password",
                "maxLength",
                json!(MAX_PASSWORD_CHARS),
            ),
        ]);
    }
    rules.extend([
        (
            "LoginUser",
            "/properties/email",
            "maxLength",
            json!(Email::MAX_CHARS),
        ),
        (
            "LoginUser",
            "/properties/password",
            "maxLength",
            json!(MAX_PASSWORD_CHARS),
        ),
        (
            "UpdateUser",
            "/properties/bio",
            "maxLength",
            json!(Bio::MAX_CHARS),
        ),
        (
            "UpdateUser",
            "/properties/image",
            "maxLength",
            json!(ImageUrl::MAX_CHARS),
        ),
        (
            "NewComment",
            "/properties/body",
            "maxLength",
            json!(CommentBody::MAX_CHARS),
        ),
    ]);
    for schema in ["NewArticle", "UpdateArticle"] {
        rules.extend([
            (
                schema,
                "/properties/title",
                "maxLength",
                json!(ArticleTitle::MAX_CHARS),
            ),
            (
                schema,
                "/properties/description",
                "maxLength",
                json!(Description::MAX_CHARS),
            ),
            (
                schema,
                "/properties/body",
                "maxLength",
                json!(ArticleBody::MAX_CHARS),
            ),
            (
                schema,
                "/properties/tagList",
                "maxItems",
                json!(TagList::MAX_TAGS),
            ),
            (
                schema,
                "/properties/tagList/items",
                "maxLength",
                json!(Tag::MAX_CHARS),
            ),
        ]);
    }
    rules
}

/// Writes every limit into the document: request fields, and the `limit` and `offset` ranges
/// of every paged list.
pub fn publish(document: &mut Value) {
    for (schema, pointer, keyword, value) in rules() {
        let target = format!("/components/schemas/{schema}{pointer}");
        if let Some(Value::Object(property)) = document.pointer_mut(&target) {
            property.insert(keyword.to_owned(), value);
        }
    }
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let parameters = paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter_map(|operation| operation.get_mut("parameters"))
        .filter_map(Value::as_array_mut)
        .flatten();
    for parameter in parameters {
        let range = match parameter["name"].as_str() {
            Some("limit") => {
                json!({"minimum": Limit::MIN, "maximum": Limit::MAX, "default": Limit::DEFAULT.get()})
            }
            Some("offset") => json!({"minimum": 0, "maximum": u32::MAX, "default": 0}),
            _ => continue,
        };
        if let (Some(schema), Value::Object(range)) = (
            parameter.get_mut("schema").and_then(Value::as_object_mut),
            range,
        ) {
            schema.extend(range);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::openapi::document;

    /// Every rule lands on a property that exists, with the domain's value.
    #[test]
    fn every_published_limit_is_the_domains() {
        for (schema, pointer, keyword, value) in rules() {
            let target = format!("/components/schemas/{schema}{pointer}/{keyword}");
            assert_eq!(document().pointer(&target), Some(&value), "{target}");
        }
    }

    /// No request field goes without a limit: each string has a `maxLength`, each array a
    /// `maxItems`, so a new field cannot be added without publishing its domain limit.
    #[test]
    fn every_request_field_has_a_published_limit() {
        let schemas = document()["components"]["schemas"].as_object().unwrap();
        let requests = [
            "NewUser",
            "LoginUser",
            "UpdateUser",
            "NewArticle",
            "UpdateArticle",
            "NewComment",
        ];
        for name in requests {
            let properties = schemas[name]["properties"].as_object().unwrap();
            for (field, property) in properties {
                let types = property["type"].to_string();
                if types.contains("string") {
                    assert!(property.get("maxLength").is_some(), "{name}.{field}");
                }
                if types.contains("array") {
                    assert!(property.get("maxItems").is_some(), "{name}.{field}");
                    assert!(
                        property["items"].get("maxLength").is_some(),
                        "{name}.{field}"
                    );
                }
            }
        }
    }

    #[test]
    fn paged_lists_publish_the_limit_and_offset_ranges() {
        for path in ["/api/articles", "/api/articles/feed"] {
            let parameters = document()["paths"][path]["get"]["parameters"]
                .as_array()
                .unwrap();
            let schema = |name: &str| {
                parameters.iter().find(|p| p["name"] == name).unwrap()["schema"].clone()
            };
            assert_eq!(schema("limit")["minimum"], json!(Limit::MIN), "{path}");
            assert_eq!(schema("limit")["maximum"], json!(Limit::MAX), "{path}");
            assert_eq!(
                schema("limit")["default"],
                json!(Limit::DEFAULT.get()),
                "{path}"
            );
            assert_eq!(schema("offset")["minimum"], json!(0), "{path}");
            assert_eq!(schema("offset")["maximum"], json!(u32::MAX), "{path}");
            assert_eq!(schema("offset")["default"], json!(0), "{path}");
        }
    }
}
