use std::time::Duration;

use async_trait::async_trait;
use conduit_domain::ports::{BreachCheckError, BreachedPasswords};
use conduit_domain::values::NewPassword;
use reqwest::header::HeaderValue;
use reqwest::{Client, Url};

use conduit_domain::Cause;

use crate::error::{LookupError, PwnedClientError};
use crate::hash::SplitHash;
use crate::range;

/// Where and how to reach the range API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PwnedPasswordsConfig {
    /// Root of the API, such as `https://api.pwnedpasswords.com`; a trailing slash is optional.
    pub base_url: String,
    /// Limit on a whole look-up, connecting through reading the body: registration waits on it.
    pub timeout: Duration,
    /// The API asks every client to identify itself.
    pub user_agent: String,
}

/// Asks the Pwned Passwords range API how often a password has been seen in breaches.
#[derive(Debug, Clone)]
pub struct PwnedPasswordsClient {
    http: Client,
    /// `{base_url}/range/`, to which only the hash prefix is appended.
    range_url: Url,
    timeout: Duration,
}

impl PwnedPasswordsClient {
    pub fn new(config: PwnedPasswordsConfig) -> Result<Self, PwnedClientError> {
        let range_url = range_url(&config.base_url)?;
        let user_agent = HeaderValue::from_str(&config.user_agent)
            .map_err(|_| PwnedClientError::InvalidUserAgent)?;
        let http = Client::builder()
            .user_agent(user_agent)
            .timeout(config.timeout)
            .build()
            .map_err(PwnedClientError::HttpClient)?;
        Ok(Self {
            http,
            range_url,
            timeout: config.timeout,
        })
    }

    async fn fetch_range(&self, prefix: &str) -> Result<String, LookupError> {
        let url = self
            .range_url
            .join(prefix)
            .map_err(|error| LookupError::RangeUrl(error.into()))?;
        let response = self
            .http
            .get(url)
            // Pads every response to a similar size, so the response length does not hint
            // at which prefix was asked for.
            .header("Add-Padding", "true")
            .send()
            .await
            .map_err(|error| self.failure(error))?;
        let status = response.status();
        if !status.is_success() {
            return Err(LookupError::Status(status));
        }
        response.text().await.map_err(|error| self.failure(error))
    }

    fn failure(&self, error: reqwest::Error) -> LookupError {
        if error.is_timeout() {
            return LookupError::TimedOut(self.timeout);
        }
        LookupError::Unreachable(error.without_url())
    }
}

#[async_trait]
impl BreachedPasswords for PwnedPasswordsClient {
    async fn times_seen(&self, password: &NewPassword) -> Result<u64, BreachCheckError> {
        let hash = SplitHash::of(password.as_password().expose());
        tracing::debug!(
            prefix = hash.prefix(),
            "querying the Pwned Passwords range API"
        );
        let body = self
            .fetch_range(hash.prefix())
            .await
            .map_err(|error| BreachCheckError(Cause::new(error)))?;
        Ok(range::times_seen(&body, hash.suffix()))
    }
}

/// Parses the configured base URL once, at start-up, so a typo stops the server instead of
/// failing every registration.
fn range_url(base_url: &str) -> Result<Url, PwnedClientError> {
    let invalid = |reason: String| PwnedClientError::InvalidBaseUrl {
        url: base_url.to_owned(),
        reason,
    };
    let mut url = Url::parse(base_url).map_err(|error| invalid(error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https".to_owned()));
    }
    // Without a trailing slash, joining would replace the last path segment of the base.
    if !url.path().ends_with('/') {
        url.set_path(&format!("{}/", url.path()));
    }
    url.join("range/")
        .map_err(|error| invalid(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str, user_agent: &str) -> PwnedPasswordsConfig {
        PwnedPasswordsConfig {
            base_url: base_url.to_owned(),
            timeout: Duration::from_secs(2),
            user_agent: user_agent.to_owned(),
        }
    }

    #[test]
    fn the_range_url_is_the_same_with_or_without_a_trailing_slash() {
        for base in ["http://localhost:8080", "http://localhost:8080/"] {
            assert_eq!(
                range_url(base).unwrap().as_str(),
                "http://localhost:8080/range/"
            );
        }
    }

    #[test]
    fn the_range_url_keeps_a_path_in_the_base_url() {
        for base in ["https://example.com/hibp", "https://example.com/hibp/"] {
            assert_eq!(
                range_url(base).unwrap().as_str(),
                "https://example.com/hibp/range/"
            );
        }
    }

    #[test]
    fn an_unparseable_base_url_is_rejected() {
        let error = PwnedPasswordsClient::new(config("not a url", "conduit-tests")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid Pwned Passwords base URL \"not a url\": relative URL without a base"
        );
    }

    #[test]
    fn a_base_url_that_is_not_http_is_rejected() {
        let error =
            PwnedPasswordsClient::new(config("ftp://example.com", "conduit-tests")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid Pwned Passwords base URL \"ftp://example.com\": the scheme must be http or https"
        );
    }

    #[test]
    fn a_user_agent_that_cannot_be_a_header_is_rejected() {
        let error =
            PwnedPasswordsClient::new(config("https://example.com", "conduit\ntests")).unwrap_err();
        assert!(matches!(error, PwnedClientError::InvalidUserAgent));
    }
}
