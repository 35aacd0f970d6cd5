//! The steps most tests start with: registering, publishing, following, as one call each.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{TestApp, TestResponse};

pub const PASSWORD: &str = "correct horse battery";

/// A user registered through the API, with what it takes to act as them.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub username: String,
    pub email: String,
    pub password: String,
    pub token: String,
}

impl TestApp {
    pub async fn register_raw(&self, username: &str, email: &str, password: &str) -> TestResponse {
        self.post(
            "/api/users",
            None,
            json!({"user": {"username": username, "email": email, "password": password}}),
        )
        .await
    }

    pub async fn login_raw(&self, email: &str, password: &str) -> TestResponse {
        self.post(
            "/api/users/login",
            None,
            json!({"user": {"email": email, "password": password}}),
        )
        .await
    }

    /// Registers `username` with the email `<username>@example.com` and [`PASSWORD`].
    pub async fn register(&self, username: &str) -> TestUser {
        let email = format!("{username}@example.com");
        let response = self.register_raw(username, &email, PASSWORD).await;
        assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
        TestUser {
            username: username.to_owned(),
            email,
            password: PASSWORD.to_owned(),
            token: token_of(&response),
        }
    }

    /// `PUT /api/user` with `fields` as the `user` object.
    pub async fn update_user(&self, token: &str, fields: Value) -> TestResponse {
        self.put("/api/user", Some(token), json!({ "user": fields }))
            .await
    }

    pub async fn current_user(&self, token: &str) -> TestResponse {
        self.get("/api/user", Some(token)).await
    }

    /// `POST /api/users/logout`: ends the session `token` belongs to.
    pub async fn log_out(&self, token: Option<&str>) -> TestResponse {
        self.request(Method::POST, "/api/users/logout", token, None)
            .await
    }

    /// Publishes an article as `author` and returns it as the API answered.
    pub async fn create_article(&self, author: &TestUser, title: &str, tags: &[&str]) -> Value {
        let response = self
            .post(
                "/api/articles",
                Some(&author.token),
                json!({"article": {
                    "title": title,
                    "description": format!("About {title}"),
                    "body": format!("The body of *{title}*."),
                    "tagList": tags,
                }}),
            )
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
        response.body["article"].clone()
    }

    pub async fn follow(&self, follower: &TestUser, username: &str) -> TestResponse {
        self.request(
            Method::POST,
            &format!("/api/profiles/{username}/follow"),
            Some(&follower.token),
            None,
        )
        .await
    }

    pub async fn favorite(&self, user: &TestUser, slug: &str) -> TestResponse {
        self.request(
            Method::POST,
            &format!("/api/articles/{slug}/favorite"),
            Some(&user.token),
            None,
        )
        .await
    }

    pub async fn comment(&self, user: &TestUser, slug: &str, body: &str) -> TestResponse {
        self.post(
            &format!("/api/articles/{slug}/comments"),
            Some(&user.token),
            json!({"comment": {"body": body}}),
        )
        .await
    }
}
/// The slugs of a list response, in order.
pub fn slugs(response: &TestResponse) -> Vec<String> {
    response.body["articles"]
        .as_array()
        .unwrap_or_else(|| panic!("no articles in {:?}", response.body))
        .iter()
        .map(|article| article["slug"].as_str().unwrap().to_owned())
        .collect()
}

pub fn slug_of(article: &Value) -> String {
    article["slug"].as_str().unwrap().to_owned()
}

pub fn token_of(response: &TestResponse) -> String {
    response.body["user"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token in {:?}", response.body))
        .to_owned()
}
