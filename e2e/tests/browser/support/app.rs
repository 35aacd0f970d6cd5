//! The application under test is conduit-testkit's HTTP `TestApp` (port 0, a fresh database, its
//! own stand-in for the Pwned Passwords API), the same one the HTTP suite uses; the browsers
//! reach it through the relay in `network.rs`.

use std::sync::Arc;

use conduit_testkit::http::{self, TestResponse, slug_of, token_of};
use reqwest::StatusCode;
use serde_json::json;

use super::find::poll;
use super::network::Network;

pub struct TestApp {
    app: Arc<http::TestApp>,
    /// What the browsers go through to reach the app.
    pub network: Network,
}

impl TestApp {
    /// Must run inside the runtime that stays alive for the whole test: the server is a task on it.
    pub async fn spawn() -> Self {
        let app = http::spawn_app().await;
        let address = app
            .address
            .trim_start_matches("http://")
            .parse()
            .expect("the app listens on an IP address");
        let network = Network::start(address).await;
        Self {
            app: Arc::new(app),
            network,
        }
    }

    pub fn api(&self) -> Api {
        Api {
            app: self.app.clone(),
        }
    }
}

/// A user the tests create; the fields are what the sign-up form asks for.
#[derive(Debug, Clone, Copy)]
pub struct Account {
    pub username: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

/// The JSON API, to prepare what a test is not about faster than the UI could.
#[derive(Clone)]
pub struct Api {
    app: Arc<http::TestApp>,
}

impl Api {
    /// Registers `account` and returns its token.
    pub async fn register(&self, account: Account) -> String {
        let response = self
            .app
            .register_raw(account.username, account.email, account.password)
            .await;
        token_of(&created(response, "registering"))
    }

    /// Publishes an article as the user of `token` and returns its slug.
    pub async fn create_article(&self, token: &str, title: &str, body: &str) -> String {
        self.create_tagged_article(token, title, body, &[]).await
    }

    /// Publishes an article with `tags` as the user of `token` and returns its slug.
    pub async fn create_tagged_article(
        &self,
        token: &str,
        title: &str,
        body: &str,
        tags: &[&str],
    ) -> String {
        let response = self
            .app
            .post(
                "/api/articles",
                Some(token),
                json!({"article": {
                    "title": title,
                    "description": format!("What {title} is about"),
                    "body": body,
                    "tagList": tags,
                }}),
            )
            .await;
        slug_of(&created(response, "publishing").body["article"])
    }

    /// Sets the profile image of the user of `token` to `image` (a URL).
    pub async fn set_image(&self, token: &str, image: &str) {
        let response = self
            .app
            .put("/api/user", Some(token), json!({"user": {"image": image}}))
            .await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "setting the image answered {}",
            response.body
        );
    }

    /// The tags in the order `GET /api/tags` gives them.
    pub async fn tags(&self) -> Vec<String> {
        let response = self.app.get("/api/tags", None).await;
        assert_eq!(response.status, StatusCode::OK, "tags: {}", response.body);
        response.body["tags"]
            .as_array()
            .expect("a list of tags")
            .iter()
            .filter_map(|tag| tag.as_str().map(str::to_owned))
            .collect()
    }

    /// Waits until the API refuses `token` (`GET /api/user` answers 401), as it must once the
    /// token's session is signed out of; the UI's sign-out call may still be on its way.
    pub async fn refuses(&self, token: &str) {
        poll(
            "the API to refuse the signed-out token",
            async || self.app.current_user(token).await.status,
            |status| *status == StatusCode::UNAUTHORIZED,
        )
        .await;
    }

    /// Comments on the article `slug` as the user of `token`.
    pub async fn add_comment(&self, token: &str, slug: &str, body: &str) {
        let response = self
            .app
            .post(
                &format!("/api/articles/{slug}/comments"),
                Some(token),
                json!({"comment": {"body": body}}),
            )
            .await;
        created(response, "commenting");
    }
}

fn created(response: TestResponse, what: &str) -> TestResponse {
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "{what} answered {}",
        response.body
    );
    response
}
