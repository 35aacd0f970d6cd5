//! The application under test: started in-process on a free port, with its own SQLite file and
//! its own stand-in for the Pwned Passwords API, so that tests share nothing.

use conduit_server::config::{Argon2Config, BreachCheckConfig};
use conduit_server::{Application, Config};
use serde_json::{Value, json};
use tempfile::TempDir;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub struct TestApp {
    pub base_url: String,
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
        let app = Application::build(config)
            .await
            .expect("the application starts");
        let base_url = format!("http://{}", app.address());
        // Not `run_until_stopped`: its Ctrl-C handler would swallow a Ctrl-C meant for the test
        // process. The server stops when the test's runtime is dropped.
        tokio::spawn(app.run_until(std::future::pending()));

        Self {
            base_url,
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
        let response = self
            .http
            .post(format!("{}/api/users", self.base_url))
            .json(&json!({"user": {
                "username": account.username,
                "email": account.email,
                "password": account.password,
            }}))
            .send()
            .await
            .expect("the API answers");
        assert_eq!(
            response.status(),
            reqwest::StatusCode::CREATED,
            "registering {account:?}"
        );
        let body: Value = response.json().await.expect("a JSON user");
        body["user"]["token"]
            .as_str()
            .expect("the user has a token")
            .to_owned()
    }
}
