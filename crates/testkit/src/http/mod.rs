//! The application under test, started in-process on a free port with a fresh database and a
//! fresh wiremock `MockServer` standing in for Pwned Passwords, and the typed helpers that let
//! tests read as specifications. Every response the helpers read is checked against the
//! published OpenAPI document ([`contract`]), so the document cannot drift from the server.

// A fixture that cannot do its job is a failed test: panicking with the reason is the report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod clock;
mod contract;
mod fixtures;
mod response;

use conduit_server::config::{Argon2Config, JwtSecret};
use std::sync::Arc;

use conduit_server::{Application, Clock, Config, SystemClock};
use reqwest::{Method, RequestBuilder};
use serde_json::Value;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub use clock::ManualClock;
pub use contract::check_against_document;
pub use fixtures::{PASSWORD, TestUser, slug_of, slugs, token_of};
pub use response::TestResponse;

use crate::{HeldWrites, TestDatabase};

pub const JWT_SECRET: &str = "integration-tests-secret-of-at-least-32-bytes";

pub struct TestApp {
    pub address: String,
    client: reqwest::Client,
    /// Stands in for the Pwned Passwords range API. Answers "never breached" unless a test
    /// mounts something more specific.
    pub pwned: MockServer,
    database_url: String,
    _database: Option<TestDatabase>,
    /// Sending stops the server; dropping it unsent leaves the server running.
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app with the test defaults (cheap argon2, a known JWT secret, a fresh database:
/// SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set; a fresh MockServer) after
/// `customise` has had its say. Must run inside a runtime that lives as long as the test: the
/// server is a task on it.
pub async fn spawn_app_with(customise: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_at(Arc::new(SystemClock), customise).await
}

/// [`spawn_app_with`], telling the time by `clock`.
pub async fn spawn_app_at(clock: Arc<dyn Clock>, customise: impl FnOnce(&mut Config)) -> TestApp {
    let database = TestDatabase::from_env().await;
    spawn_on(database.url().to_owned(), Some(database), clock, customise).await
}

/// Two instances on one fresh PostgreSQL database, as behind a load balancer. `None` when
/// `TEST_DATABASE_URL` is not set.
pub async fn spawn_two_instances() -> Option<(TestApp, TestApp)> {
    spawn_two_instances_at(Arc::new(SystemClock), |_| {}).await
}

/// [`spawn_two_instances`], both telling the time by `clock`, after `customise` has had its
/// say in the configuration of each.
pub async fn spawn_two_instances_at(
    clock: Arc<dyn Clock>,
    customise: impl Fn(&mut Config),
) -> Option<(TestApp, TestApp)> {
    let database = TestDatabase::postgres().await?;
    let url = database.url().to_owned();
    let first = spawn_on(url.clone(), Some(database), clock.clone(), &customise).await;
    let second = spawn_on(url, None, clock, &customise).await;
    Some((first, second))
}

async fn spawn_on(
    database_url: String,
    owned_database: Option<TestDatabase>,
    clock: Arc<dyn Clock>,
    customise: impl FnOnce(&mut Config),
) -> TestApp {
    let pwned = MockServer::start().await;
    // Lowest priority, so that any mock a test mounts wins over it.
    Mock::given(method("GET"))
        .and(path_regex("^/range/[0-9A-F]{5}$"))
        .respond_with(ResponseTemplate::new(200).set_body_string(""))
        .with_priority(u8::MAX)
        .named("pwned passwords: nothing breached")
        .mount(&pwned)
        .await;
    let mut config = Config {
        port: 0,
        database_url: database_url.clone(),
        argon2: Argon2Config::CHEAPEST,
        ..Config::default()
    };
    config.jwt.secret = Some(JwtSecret::new(JWT_SECRET.into()).unwrap());
    config.breach_check.base_url = pwned.uri();
    customise(&mut config);
    let application = Application::build(config, clock)
        .await
        .expect("the app starts");
    let address = format!("http://{}", application.address());
    let (stop, stopped) = tokio::sync::oneshot::channel();
    // Not `run_until_stopped`: its Ctrl-C handler would swallow a Ctrl-C meant for the tests.
    let server = tokio::spawn(application.run_until(async {
        if stopped.await.is_err() {
            std::future::pending::<()>().await;
        }
    }));
    TestApp {
        address,
        client: reqwest::Client::new(),
        pwned,
        database_url,
        _database: owned_database,
        stop,
        server,
    }
}

impl TestApp {
    /// Holds back every change to users, as a long transaction of another client would: the
    /// app's writes to users wait until the hold is released (or their statement times out),
    /// its reads go on.
    pub async fn hold_user_writes(&self) -> HeldWrites {
        HeldWrites::on(&self.database_url).await
    }

    /// Stops this instance, as a deployment does, and starts a new one on the same database
    /// with the test defaults, telling the time by `clock`: all the new process knows, it read
    /// from the database.
    pub async fn restart(self, clock: Arc<dyn Clock>) -> TestApp {
        let TestApp {
            database_url,
            _database: database,
            stop,
            server,
            ..
        } = self;
        stop.send(()).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(10), server)
            .await
            .expect("the instance stops within 10 s")
            .unwrap()
            .unwrap();
        spawn_on(database_url, database, clock, |_| {}).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A request to `path` to adorn (headers, raw bodies) and pass to [`TestApp::send`].
    pub fn build(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// Sends the request, reads the whole answer and checks it against the OpenAPI document.
    pub async fn send(&self, request: RequestBuilder) -> TestResponse {
        let request = request.build().expect("a well-formed request");
        let (method, path) = (request.method().clone(), request.url().path().to_owned());
        let response = TestResponse::read(self.client.execute(request).await.unwrap()).await;
        if let Err(problem) = check_against_document(
            method.as_str(),
            &path,
            response.status.as_u16(),
            &response.body,
        ) {
            panic!("{problem}");
        }
        response
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> TestResponse {
        let mut request = self.build(method, path);
        if let Some(token) = token {
            request = request.header("Authorization", format!("Token {token}"));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.send(request).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> TestResponse {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> TestResponse {
        self.request(Method::PUT, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.request(Method::DELETE, path, token, None).await
    }
}
