use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use conduit_domain::ports::Clock;
use conduit_domain::user::{SessionId, SessionToken, TokenId, TokenVersion, User, UserId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::JwtSecret;

/// The only algorithm we sign with and the only one we accept: pinning it is what defeats
/// `alg: none` and algorithm-confusion attacks.
const ALGORITHM: Algorithm = Algorithm::HS256;

/// Ours are about 300 bytes. Anything over 8 KiB is refused before it is base64-decoded or
/// parsed, so that a huge header cannot make every request pay for decoding it.
const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// How many verified tokens `verify` remembers: a few hundred bytes each, about 2 MiB at most.
const REMEMBERED_TOKENS: usize = 4096;

/// How tokens are signed and checked, and how long they live: the `JWT_*` settings.
#[derive(Debug, Clone)]
pub struct JwtConfig {
    /// `None` in development: a random secret is generated at start-up and tokens die with the
    /// process.
    pub secret: Option<JwtSecret>,
    pub issuer: String,
    pub audience: String,
    pub ttl: Duration,
    /// Tokens whose `exp - iat` is longer than this are refused even when correctly signed.
    pub max_lifetime: Duration,
    /// Clock skew tolerated on `exp` and `nbf`.
    pub leeway: Duration,
    /// How long a session lasts from sign-in, however often its token is renewed.
    pub session_max: Duration,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iat: i64,
    exp: i64,
    iss: String,
    aud: String,
    jti: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nbf: Option<i64>,
    /// The user's token version when the token was issued; see `AccountService::authenticate`.
    ver: i64,
    /// The session (sign-in) the token belongs to, kept by every renewal (OpenID Connect's
    /// name for it).
    sid: String,
    /// When that session began, kept by every renewal: the session ends `session_max` later
    /// (OpenID Connect's name for the time of sign-in).
    auth_time: i64,
}

/// One sign-in, as every token of it names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub began_at: DateTime<Utc>,
}

/// What a valid token tells us. Whether the user still exists and the version is current is
/// the account service's call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    pub user_id: UserId,
    pub session: SessionToken,
    pub session_began_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the token is invalid")]
pub struct InvalidToken;

#[derive(Debug, thiserror::Error)]
#[error("could not sign a token: {0}")]
pub struct SigningError(String);

pub struct TokenService {
    encoding_key: EncodingKey,
    decoding_key: DecodingKey,
    validation: Validation,
    config: JwtConfig,
    clock: Arc<dyn Clock>,
    /// The claims of tokens whose signature, algorithm, header, issuer and audience passed, by
    /// the token's exact text. A client sends the same token with every request, and those
    /// checks give the same answer for the same text under the same key, so they run once per
    /// token instead of once per request. What can change, the time checks here and the
    /// revocation check in `AccountService::authenticate`, still runs every time. Refused
    /// tokens are never kept, so made-up tokens cannot crowd out real ones.
    verified: quick_cache::sync::Cache<String, Arc<Claims>>,
}

impl TokenService {
    pub fn new(secret: &JwtSecret, config: JwtConfig, clock: Arc<dyn Clock>) -> Self {
        let mut validation = Validation::new(ALGORITHM);
        validation.algorithms = vec![ALGORITHM];
        validation.set_issuer(&[config.issuer.as_str()]);
        validation.set_audience(&[config.audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // Time-based checks happen in `verify`, against our `Clock`, so that they are testable
        // and agree with the `iat` we issue; jsonwebtoken would read the system clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Self {
            encoding_key: EncodingKey::from_secret(secret.as_bytes()),
            decoding_key: DecodingKey::from_secret(secret.as_bytes()),
            validation,
            config,
            clock,
            verified: quick_cache::sync::Cache::new(REMEMBERED_TOKENS),
        }
    }

    /// A session beginning now, at sign-in or registration.
    pub fn begin_session(&self) -> Session {
        Session {
            id: SessionId(uuid::Uuid::new_v4().to_string()),
            began_at: self.clock.now(),
        }
    }

    /// A token of `session` for `user`: the first one at sign-in, or a renewal, which keeps
    /// the session's id and start.
    pub fn issue(&self, user: &User, session: &Session) -> Result<String, SigningError> {
        let now = self.clock.now().timestamp();
        let lifetime = i64::try_from(self.config.ttl.as_secs()).unwrap_or(i64::MAX);
        let session_ends = self.session_ends_at(session.began_at).timestamp();
        let claims = Claims {
            sub: user.id.0.to_string(),
            iat: now,
            // A token never outlives its session.
            exp: now.saturating_add(lifetime).min(session_ends),
            iss: self.config.issuer.clone(),
            aud: self.config.audience.clone(),
            jti: uuid::Uuid::new_v4().to_string(),
            nbf: None,
            ver: user.token_version.0,
            sid: session.id.0.clone(),
            auth_time: session.began_at.timestamp(),
        };
        jsonwebtoken::encode(&Header::new(ALGORITHM), &claims, &self.encoding_key)
            .map_err(|error| SigningError(error.to_string()))
    }

    /// Checks size (at most 8 KiB), signature, algorithm, `exp`/`nbf` (with leeway), `iss`, `aud`, the presence of
    /// `sub`, the absence of `crit`, and that the token does not claim a longer life than we
    /// ever issue. Every failure is the same [`InvalidToken`]: the caller learns nothing about
    /// which check failed, and neither does an attacker.
    pub fn verify(&self, token: &str) -> Result<VerifiedToken, InvalidToken> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(InvalidToken);
        }
        let claims = self
            .verified
            .get_or_insert_with(token, || self.decode(token))?;
        let max_lifetime = i64::try_from(self.config.max_lifetime.as_secs()).unwrap_or(i64::MAX);
        let leeway = i64::try_from(self.config.leeway.as_secs()).unwrap_or(0);
        let now = self.clock.now().timestamp();
        let expired = claims.exp < now.saturating_sub(leeway);
        let not_yet_valid = claims
            .nbf
            .is_some_and(|nbf| nbf > now.saturating_add(leeway));
        let issued_in_the_future = claims.iat > now.saturating_add(leeway);
        let lives_too_long = claims.exp.saturating_sub(claims.iat) > max_lifetime;
        let session_began_at = DateTime::from_timestamp(claims.auth_time, 0).ok_or(InvalidToken)?;
        // No leeway: the session's end is ours alone to say, on our own clock.
        let session_over = now >= self.session_ends_at(session_began_at).timestamp();
        if expired || not_yet_valid || issued_in_the_future || lives_too_long || session_over {
            return Err(InvalidToken);
        }
        let user_id = claims.sub.parse().map(UserId).map_err(|_| InvalidToken)?;
        let issued_at = DateTime::from_timestamp(claims.iat, 0).ok_or(InvalidToken)?;
        let expires_at = DateTime::from_timestamp(claims.exp, 0).ok_or(InvalidToken)?;
        Ok(VerifiedToken {
            user_id,
            session: SessionToken {
                version: TokenVersion(claims.ver),
                id: TokenId(claims.jti.clone()),
                session: SessionId(claims.sid.clone()),
            },
            session_began_at,
            issued_at,
            expires_at,
        })
    }

    /// The checks that depend on nothing but the token's text and our key.
    fn decode(&self, token: &str) -> Result<Arc<Claims>, InvalidToken> {
        if has_critical_header(token) {
            return Err(InvalidToken);
        }
        jsonwebtoken::decode::<Claims>(token, &self.decoding_key, &self.validation)
            .map(|decoded| Arc::new(decoded.claims))
            .map_err(|_| InvalidToken)
    }

    /// How many verified tokens are remembered.
    #[cfg(test)]
    fn remembered(&self) -> usize {
        self.verified.len()
    }

    /// When a session that began at `began_at` ends for good.
    pub fn session_ends_at(&self, began_at: DateTime<Utc>) -> DateTime<Utc> {
        chrono::Duration::from_std(self.config.session_max)
            .ok()
            .and_then(|session_max| began_at.checked_add_signed(session_max))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// Whether a token issued at `issued_at` and valid until `expires_at` is past half its
    /// lifetime, when a client in use should get a fresh one; the UI's `renewal.js` asks then.
    pub fn wants_renewal(&self, issued_at: DateTime<Utc>, expires_at: DateTime<Utc>) -> bool {
        // In whole seconds, as the token states its times and as `issue` reads the clock.
        let age = self.clock.now().timestamp() - issued_at.timestamp();
        age > (expires_at.timestamp() - issued_at.timestamp()) / 2
    }
}

/// RFC 7515 §4.1.11: a recipient must reject a token whose `crit` header names extensions it
/// does not understand, and we understand none.
fn has_critical_header(token: &str) -> bool {
    let Some(encoded_header) = token.split('.').next() else {
        return true;
    };
    let Ok(bytes) = URL_SAFE_NO_PAD.decode(encoded_header) else {
        return true;
    };
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(header)) => header.contains_key("crit"),
        _ => true,
    }
}

#[cfg(test)]
mod tests;
