/// Why a [`PwnedPasswordsClient`](crate::PwnedPasswordsClient) could not be built. Failures of
/// a single check are the domain's `BreachCheckError` instead, so the domain can apply its
/// fail-open or fail-closed policy to them.
#[derive(Debug, thiserror::Error)]
pub enum PwnedClientError {
    #[error("invalid Pwned Passwords base URL {url:?}: {reason}")]
    InvalidBaseUrl { url: String, reason: String },
    #[error("the Pwned Passwords User-Agent is not a valid HTTP header value")]
    InvalidUserAgent,
    #[error("could not build the HTTP client")]
    HttpClient(#[source] reqwest::Error),
}

/// Why one look-up failed; the cause of the domain's `BreachCheckError`.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("Pwned Passwords answered {0}")]
    Status(reqwest::StatusCode),
    #[error("Pwned Passwords did not answer within {0:?}")]
    TimedOut(std::time::Duration),
    /// The request failed on the way (connection refused, TLS, a broken body). The URL is
    /// stripped: it holds the hash prefix, which belongs in debug logs only.
    #[error("could not reach Pwned Passwords")]
    Unreachable(#[source] reqwest::Error),
    #[error("could not build the range URL")]
    RangeUrl(#[source] Box<dyn std::error::Error + Send + Sync>),
}
