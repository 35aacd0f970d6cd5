use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::{Value, json};

/// A response read in full: status, headers, the text, and the JSON body (`Value::Null` when
/// the answer is empty or not JSON).
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl TestResponse {
    pub(super) async fn read(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let is_json = headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("json"));
        let body = if is_json {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
        } else {
            Value::Null
        };
        Self {
            status,
            headers,
            body,
            text,
        }
    }

    /// Asserts a RealWorld error: exact status and exact body.
    pub fn assert_error(&self, status: StatusCode, errors: Value) {
        assert_eq!(
            (self.status, &self.body),
            (status, &json!({ "errors": errors }))
        );
    }
}
