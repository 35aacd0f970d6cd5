//! The input rules a client may rely on, published from the domain's value types so that the
//! document and the rules cannot disagree: each text field's pattern (its characters, and the
//! length of trimmed text, which `maxLength` would count with the whitespace), `minLength` 1
//! for required text, `maxLength` for text kept as sent, and the ranges of paged lists.

use conduit_domain::values::{
    ArticleBody, ArticleTitle, Bio, CommentBody, Description, Email, ImageUrl, Limit,
    MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, Password, Tag, TagList, Username,
};
use serde_json::{Value, json};

/// `(schema, pointer below the schema, keyword, value)`.
type Rule = (&'static str, &'static str, &'static str, Value);

/// A text field's rules: the domain's pattern, which holds the length of trimmed text, and for
/// untrimmed text the length, which `maxLength` can say.
struct Text {
    pattern: String,
    /// `minLength`: 1 for required text (which the pattern makes a visible character).
    min: Option<usize>,
    /// `maxLength`, for text that is not trimmed.
    max: Option<usize>,
}

impl Text {
    fn trimmed(pattern: String) -> Self {
        Self {
            pattern,
            min: Some(1),
            max: None,
        }
    }

    fn rules(&self, schema: &'static str, pointer: &'static str) -> Vec<Rule> {
        let mut rules = vec![(schema, pointer, "pattern", json!(self.pattern))];
        rules.extend(
            self.min
                .map(|min| (schema, pointer, "minLength", json!(min))),
        );
        rules.extend(
            self.max
                .map(|max| (schema, pointer, "maxLength", json!(max))),
        );
        rules
    }
}

fn rules() -> Vec<Rule> {
    let username = Text::trimmed(Username::pattern());
    let email = Text::trimmed(Email::pattern());
    let new_password = Text {
        pattern: Password::PATTERN.to_owned(),
        min: Some(MIN_PASSWORD_CHARS),
        max: Some(MAX_PASSWORD_CHARS),
    };
    let password = Text {
        pattern: Password::PATTERN.to_owned(),
        min: Some(1),
        max: Some(MAX_PASSWORD_CHARS),
    };
    let title = Text::trimmed(ArticleTitle::pattern());
    let description = Text::trimmed(Description::pattern());
    let body = Text {
        pattern: ArticleBody::pattern(),
        min: Some(1),
        max: Some(ArticleBody::MAX_CHARS),
    };
    let tag = Text::trimmed(Tag::pattern());
    let optional = |pattern| Text {
        pattern,
        min: None,
        max: None,
    };
    let fields: [(&'static str, &'static str, &Text); 19] = [
        ("NewUser", "/properties/username", &username),
        ("NewUser", "/properties/email", &email),
        ("NewUser", "/properties/password", &new_password),
        ("UpdateUser", "/properties/username", &username),
        ("UpdateUser", "/properties/email", &email),
        ("UpdateUser", "/properties/password", &new_password),
        ("UpdateUser", "/properties/bio", &optional(Bio::pattern())),
        (
            "UpdateUser",
            "/properties/image",
            &optional(ImageUrl::pattern()),
        ),
        ("LoginUser", "/properties/email", &email),
        ("LoginUser", "/properties/password", &password),
        (
            "NewComment",
            "/properties/body",
            &Text::trimmed(CommentBody::pattern()),
        ),
        ("NewArticle", "/properties/title", &title),
        ("NewArticle", "/properties/description", &description),
        ("NewArticle", "/properties/body", &body),
        ("NewArticle", "/properties/tagList/items", &tag),
        ("UpdateArticle", "/properties/title", &title),
        ("UpdateArticle", "/properties/description", &description),
        ("UpdateArticle", "/properties/body", &body),
        ("UpdateArticle", "/properties/tagList/items", &tag),
    ];
    let mut rules: Vec<Rule> = fields
        .into_iter()
        .flat_map(|(schema, pointer, text)| text.rules(schema, pointer))
        .collect();
    for schema in ["NewArticle", "UpdateArticle"] {
        rules.push((
            schema,
            "/properties/tagList",
            "maxItems",
            json!(TagList::MAX_TAGS),
        ));
    }
    rules
}

/// The rules of a query parameter that filters a list: blank does not filter.
fn filter(name: &str) -> Option<Value> {
    let pattern = match name {
        "tag" => Tag::filter_pattern(),
        "author" | "favorited" => Username::filter_pattern(),
        _ => return None,
    };
    Some(json!({"pattern": pattern}))
}

/// Writes every limit into the document: request fields, the `limit` and `offset` ranges of
/// every paged list, and the filters of the article list.
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
            Some(name) => match filter(name) {
                Some(rules) => rules,
                None => continue,
            },
            None => continue,
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

    /// No request field goes without its rules: each string has a pattern, and a `maxLength`
    /// unless the pattern counts its length; each array a `maxItems`. A new field cannot be
    /// added without publishing its domain rule.
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
        let bounded = |property: &Value| {
            let pattern = property["pattern"].as_str().unwrap_or_default();
            property.get("maxLength").is_some() || pattern.contains('}')
        };
        for name in requests {
            let properties = schemas[name]["properties"].as_object().unwrap();
            for (field, property) in properties {
                let types = property["type"].to_string();
                if types.contains("string") {
                    assert!(property.get("pattern").is_some(), "{name}.{field}");
                    assert!(bounded(property), "{name}.{field}");
                }
                if types.contains("array") {
                    assert!(property.get("maxItems").is_some(), "{name}.{field}");
                    assert!(bounded(&property["items"]), "{name}.{field}");
                }
            }
        }
    }

    #[test]
    fn the_article_filters_publish_the_domains_patterns() {
        let parameters = document()["paths"]["/api/articles"]["get"]["parameters"]
            .as_array()
            .unwrap();
        let pattern = |name: &str| {
            parameters.iter().find(|p| p["name"] == name).unwrap()["schema"]["pattern"].clone()
        };
        assert_eq!(pattern("tag"), json!(Tag::filter_pattern()));
        assert_eq!(pattern("author"), json!(Username::filter_pattern()));
        assert_eq!(pattern("favorited"), json!(Username::filter_pattern()));
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
