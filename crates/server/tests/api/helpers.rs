//! `spawn_app()` and the typed helpers that let tests read as specifications.

use conduit_server::config::{Argon2Config, JwtSecret};
use std::sync::Arc;

use conduit_server::{Application, Clock, Config, SystemClock};
use conduit_testkit::TestDatabase;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const JWT_SECRET: &str = "integration-tests-secret-of-at-least-32-bytes";
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// Stands in for the Pwned Passwords range API. Answers "never breached" unless a test
    /// mounts something more specific.
    pub pwned: MockServer,
    _database: Option<TestDatabase>,
}

/// A user registered through the API, with what it takes to act as them.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub username: String,
    pub email: String,
    pub password: String,
    pub token: String,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the app with the test defaults (cheap argon2, a known JWT secret, a fresh database:
/// SQLite, or PostgreSQL when `TEST_DATABASE_URL` is set; a fresh MockServer) after `customise` has had its say.
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
    let database = TestDatabase::postgres().await?;
    let url = database.url().to_owned();
    let first = spawn_on(url.clone(), Some(database), Arc::new(SystemClock), |_| {}).await;
    let second = spawn_on(url, None, Arc::new(SystemClock), |_| {}).await;
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
        database_url,
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
    // Not `run_until_stopped`: its Ctrl-C handler would swallow a Ctrl-C meant for the tests.
    tokio::spawn(application.run_until(std::future::pending()));
    TestApp {
        address,
        client: reqwest::Client::new(),
        pwned,
        _database: owned_database,
    }
}

/// A response read in full: status, headers and JSON body (`Value::Null` when empty).
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl TestResponse {
    pub async fn read(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        Self {
            status,
            headers,
            body,
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

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> TestResponse {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.header("Authorization", format!("Token {token}"));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        TestResponse::read(request.send().await.unwrap()).await
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

    pub async fn delete(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.request(Method::DELETE, path, token, None).await
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
