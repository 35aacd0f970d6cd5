/// Why a [`PwnedPasswordsClient`](crate::PwnedPasswordsClient) could not be built. Failures of
/// a single check are the domain's `BreachCheckError` instead, so the domain can apply its
/// fail-open or fail-closed policy to them.
#[derive(Debug, thiserror::Error)]
pub enum PwnedClientError {
    #[error("invalid Pwned Passwords base URL {url:?}: {reason}")]
    InvalidBaseUrl { url: String, reason: String },
    #[error("the Pwned Passwords User-Agent is not a valid HTTP header value")]
    InvalidUserAgent,
    // The cause is part of the message, not a `source`, because the server prints only the
    // top-level message of a start-up error.
    #[error("could not build the HTTP client: {0}")]
    HttpClient(reqwest::Error),
}
