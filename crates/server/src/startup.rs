//! Wiring: configuration in, a listening application out.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Method, header};
use axum::response::{IntoResponse, Response};
use conduit_domain::Cause;
use conduit_domain::ports::{Clock, RandomSlugSuffix};
use conduit_domain::services::AccountService;
use conduit_domain::services::CommentService;
use conduit_domain::services::ProfileService;
use conduit_domain::services::{ArticlePorts, ArticleService};
use conduit_pwned::{PwnedPasswordsClient, PwnedPasswordsConfig};
use conduit_store::CacheSettings;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::auth::{JwtSecret, TokenService};
use crate::config::{Config, ConnectionsConfig, HttpConfig};
use crate::error::ApiError;
use crate::live::{Hub, SocketSlots};
use crate::password::Argon2Hasher;
use crate::state::AppState;
use crate::throttle::{self, Throttle};
use crate::{live, openapi, origin, serve, ui};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Store(#[from] conduit_store::StoreError),
    #[error(transparent)]
    Hasher(#[from] conduit_domain::ports::HashError),
    #[error("breached-password client")]
    Pwned(#[from] conduit_pwned::PwnedClientError),
    #[error(transparent)]
    Schema(#[from] crate::validation::SchemaError),
    #[error("could not listen on {address} (HOST, PORT)")]
    Bind {
        address: SocketAddr,
        source: std::io::Error,
    },
}

/// A built application: bound to its port, database migrated, ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
    connections: ConnectionsConfig,
}

impl Application {
    /// Everything but time comes from `config`; time comes from `clock` (`SystemClock` in
    /// production, a controllable one under test), so that token lifetimes and timestamps
    /// follow it everywhere.
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> Result<Self, StartupError> {
        let secret = config.jwt.secret.clone().unwrap_or_else(|| {
            tracing::warn!(
                "JWT_SECRET is not set: using a random secret; tokens die with this process"
            );
            JwtSecret::random()
        });
        let cache = CacheSettings {
            ttl: config.cache_ttl,
            clock: clock.clone(),
        };
        let repositories = conduit_store::open(&config.database_url, cache).await?;
        let throttle = match &repositories.shared_budgets {
            Some(shared) => Throttle::new(&config.throttle, |name, limit| {
                Arc::new(shared.budget(name, limit, clock.clone()))
            }),
            None => Throttle::in_process(&config.throttle, clock.clone()),
        };
        let hasher = Argon2Hasher::new(&config.argon2)?;
        let breaches = PwnedPasswordsClient::new(PwnedPasswordsConfig {
            base_url: config.breach_check.base_url.clone(),
            timeout: config.breach_check.timeout,
            user_agent: format!(
                "conduit/{} (breached-password check)",
                env!("CARGO_PKG_VERSION")
            ),
        })?;
        let hub = Arc::new(Hub::new(config.live.queue_capacity));
        // Services publish to the store; what it hears from every instance goes to our hub.
        let events = repositories.events.publisher;
        tokio::spawn(live::relay(repositories.events.stream, hub.clone()));
        let accounts = AccountService::new(
            repositories.users,
            Arc::new(hasher),
            Arc::new(breaches),
            config.breach_check.policy,
        );
        let state = AppState {
            accounts: Arc::new(accounts),
            profiles: Arc::new(ProfileService::new(repositories.profiles.clone())),
            articles: Arc::new(ArticleService::new(ArticlePorts {
                articles: repositories.articles.clone(),
                profiles: repositories.profiles,
                suffixes: Arc::new(RandomSlugSuffix),
                clock: clock.clone(),
                events: events.clone(),
            })),
            comments: Arc::new(CommentService::new(
                repositories.articles,
                repositories.comments,
                clock.clone(),
                events,
            )),
            tokens: Arc::new(TokenService::new(
                &secret,
                config.jwt.clone(),
                clock.clone(),
            )),
            throttle: Arc::new(throttle),
            trusted_proxies: config.trusted_proxies.clone(),
            clock,
            schemas: Arc::new(openapi::request_schemas()?),
            hub,
            sockets: Arc::new(SocketSlots::new(config.live.sockets)),
            live: config.live.clone(),
        };
        tokio::spawn(throttle::forget_idle_periodically(Arc::downgrade(
            &state.throttle,
        )));
        let requested = SocketAddr::new(config.host, config.port);
        let listener = TcpListener::bind(requested)
            .await
            .map_err(|source| StartupError::Bind {
                address: requested,
                source,
            })?;
        let address = listener.local_addr().map_err(|source| StartupError::Bind {
            address: requested,
            source,
        })?;
        Ok(Self {
            listener,
            router: app(state, &config.http),
            address,
            connections: config.connections,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight. It listens for them
    /// from this call on, not from the first poll: announce the address after calling it.
    pub fn run_until_stopped(self) -> impl Future<Output = std::io::Result<()>> {
        self.run_until(shutdown_signal())
    }

    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        serve::serve(self.listener, self.router, self.connections, shutdown).await
    }
}

/// A request still unanswered after `timeout` is dropped, and answered 408 in the RealWorld
/// shape.
async fn within_the_timeout(
    axum::extract::State(timeout): axum::extract::State<Duration>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    tokio::time::timeout(timeout, next.run(request))
        .await
        .unwrap_or_else(|_| ApiError::RequestTimeout.into_response())
}

/// The whole HTTP application: routes, UI and the middleware every request passes through.
///
/// The middleware wraps the router once, as the router's only (fallback) service, instead of
/// through `Router::layer`, which wraps every route on its own: a route's boxed service is
/// cloned for each request it serves, and with each layer boxed again per route that was some
/// 28 clones and 36 allocations per request, an eighth of the work of `GET /api/user`.
pub fn app(state: AppState, http: &HttpConfig) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let routes = Router::new()
        .merge(openapi::routes())
        .merge(ui::routes())
        .fallback(ui::fallback)
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .with_state(state);
    let middleware = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
        // The access log: one `info` line per request when its response starts, in the
        // request's span (method, path, id). Failures are not logged again here: a 500 was
        // logged with its causes where it arose.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(
                    DefaultOnResponse::new()
                        .level(tracing::Level::INFO)
                        .latency_unit(LatencyUnit::Millis),
                )
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::new(request_id))
        .layer(CatchPanicLayer::custom(|_panic| -> Response {
            ApiError::Internal(Cause::new("a handler panicked")).into_response()
        }))
        .layer(axum::middleware::from_fn_with_state(
            http.request_timeout,
            within_the_timeout,
        ))
        .layer(cors(http))
        // Text goes out as brotli or gzip, whichever the browser prefers (the UI's files, JSON).
        .layer(CompressionLayer::new())
        .layer(DefaultBodyLimit::max(http.body_limit_bytes));
    Router::new().fallback_service(middleware.service(routes))
}

/// One span per request, named by its id so that every log line of a request can be found.
/// The path only: query strings and headers stay out of the logs (tokens never appear there).
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|id| id.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!("request", method = %request.method(), path = request.uri().path(), request_id)
}

/// Browsers let pages of the UI's own origin and of the configured ones read API responses.
fn cors(http: &HttpConfig) -> CorsLayer {
    let allowed = http.cors_allowed_origins.clone();
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, request| {
            origin::is_allowed(origin, &request.headers, &allowed)
        }))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .max_age(Duration::from_secs(600))
}

/// Completes on Ctrl-C or SIGTERM. The handlers are installed when this is called, not on the
/// first poll: a signal that arrives before the server first awaits it still stops the server
/// cleanly instead of killing it.
fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let (interrupt, terminate) = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            received(signal(SignalKind::interrupt()), "Ctrl-C"),
            received(signal(SignalKind::terminate()), "SIGTERM"),
        )
    };
    #[cfg(not(unix))]
    let (interrupt, terminate) = (
        async {
            if let Err(error) = tokio::signal::ctrl_c().await {
                tracing::error!(%error, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        },
        std::future::pending::<()>(),
    );
    async move {
        tokio::select! {
            () = interrupt => {},
            () = terminate => {},
        }
        tracing::info!("shutting down");
    }
}

#[cfg(unix)]
async fn received(listener: std::io::Result<tokio::signal::unix::Signal>, name: &str) {
    match listener {
        Ok(mut signal) => {
            signal.recv().await;
        }
        Err(error) => {
            tracing::error!(%error, "cannot listen for {name}");
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The SIGTERM goes to this test process: were no handler in place yet, its default action
    /// would end the whole test binary.
    #[tokio::test]
    async fn a_sigterm_sent_before_the_shutdown_signal_is_first_awaited_is_heard() {
        let stop = shutdown_signal();
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &std::process::id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        tokio::time::timeout(Duration::from_secs(30), stop)
            .await
            .expect("the SIGTERM was not heard");
    }
}
