//! The application under test: started in-process on a free port, with its own SQLite file and
//! its own stand-in for the Pwned Passwords API, so that tests share nothing.

use conduit_server::config::{Argon2Config, BreachCheckConfig};
use conduit_server::{Application, Config, SystemClock};
use serde_json::{Value, json};
use tempfile::TempDir;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::network::Network;

pub struct TestApp {
    /// The app's own address, where tests prepare data through the API.
    base_url: String,
    /// What the browsers go through to reach the app.
    pub network: Network,
    // Held for their lifetime only: the database file and the mock server live as long as the app.
    _database_dir: TempDir,
    _pwned_passwords: MockServer,
}

impl TestApp {
    /// Must run inside the runtime that stays alive for the whole test: the server is a task on it.
    pub async fn spawn() -> Self {
        let pwned_passwords = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path_regex("^/range/[0-9A-F]{5}$"))
            .respond_with(ResponseTemplate::new(200).set_body_string(""))
            .named("Pwned Passwords range query: no password is breached")
            .mount(&pwned_passwords)
            .await;

        let database_dir = tempfile::tempdir().expect("a temporary directory for the database");
        let config = Config {
            port: 0,
            database_url: format!("sqlite://{}", database_dir.path().join("e2e.db").display()),
            argon2: Argon2Config::CHEAPEST,
            breach_check: BreachCheckConfig {
                base_url: pwned_passwords.uri(),
                ..Config::default().breach_check
            },
            ..Config::default()
        };
        let app = Application::build(config, std::sync::Arc::new(SystemClock))
            .await
            .expect("the application starts");
        let base_url = format!("http://{}", app.address());
        let network = Network::start(app.address()).await;
        // Not `run_until_stopped`: its Ctrl-C handler would swallow a Ctrl-C meant for the test
        // process. The server stops when the test's runtime is dropped.
        tokio::spawn(app.run_until(std::future::pending()));

        Self {
            base_url,
            network,
            _database_dir: database_dir,
            _pwned_passwords: pwned_passwords,
        }
    }

    pub fn api(&self) -> Api {
        Api {
            http: reqwest::Client::new(),
            base_url: self.base_url.clone(),
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
#[derive(Debug, Clone)]
pub struct Api {
    http: reqwest::Client,
    base_url: String,
}

impl Api {
    /// Registers `account` and returns its token.
    pub async fn register(&self, account: Account) -> String {
        let body = self
            .post(
                "/api/users",
                None,
                json!({"user": {
                    "username": account.username,
                    "email": account.email,
                    "password": account.password,
                }}),
            )
            .await;
        body["user"]["token"]
            .as_str()
            .expect("the user has a token")
            .to_owned()
    }

    /// Publishes an article as the user of `token` and returns its slug.
    pub async fn create_article(&self, token: &str, title: &str, body: &str) -> String {
        let created = self
            .post(
                "/api/articles",
                Some(token),
                json!({"article": {
                    "title": title,
                    "description": format!("What {title} is about"),
                    "body": body,
                    "tagList": [],
                }}),
            )
            .await;
        created["article"]["slug"]
            .as_str()
            .expect("the article has a slug")
            .to_owned()
    }

    /// Comments on the article `slug` as the user of `token`.
    pub async fn add_comment(&self, token: &str, slug: &str, body: &str) {
        self.post(
            &format!("/api/articles/{slug}/comments"),
            Some(token),
            json!({"comment": {"body": body}}),
        )
        .await;
    }

    /// Posts `body` (as the user of `token`, if any), expects 201 Created, returns the answer.
    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Value {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base_url))
            .json(&body);
        if let Some(token) = token {
            request = request.header("Authorization", format!("Token {token}"));
        }
        let response = request.send().await.expect("the API answers");
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        assert_eq!(
            status,
            reqwest::StatusCode::CREATED,
            "POST {path} answered {answer}"
        );
        answer
    }
}
