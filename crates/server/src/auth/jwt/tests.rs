//! Token issue and verification, including every way a token must be refused.

use std::time::Duration;

use chrono::TimeZone;
use conduit_domain::values::{Email, PasswordHash, Username};
use serde_json::{Value, json};

use super::*;

mod properties;
mod remembered;

const SECRET: &str = "an-hs256-secret-that-is-long-enough";
const NOW: i64 = 1_800_000_000;
/// Three days, in seconds.
const SESSION_MAX: u64 = 3 * 86_400;

fn config() -> JwtConfig {
    JwtConfig {
        secret: None,
        issuer: "conduit".into(),
        audience: "conduit-api".into(),
        ttl: Duration::from_secs(3600),
        max_lifetime: Duration::from_secs(7200),
        leeway: Duration::from_secs(5),
        session_max: Duration::from_secs(SESSION_MAX),
    }
}

struct FixedClock(DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

fn clock_at(timestamp: i64) -> Arc<dyn Clock> {
    Arc::new(FixedClock(Utc.timestamp_opt(timestamp, 0).unwrap()))
}

fn service_at(timestamp: i64) -> TokenService {
    service_on(clock_at(timestamp))
}

fn service_on(clock: Arc<dyn Clock>) -> TokenService {
    TokenService::new(&JwtSecret::new(SECRET.into()).unwrap(), config(), clock)
}

fn user() -> User {
    User {
        id: UserId(42),
        username: Username::parse("jake").unwrap(),
        email: Email::parse("jake@example.com").unwrap(),
        bio: None,
        image: None,
        password_hash: PasswordHash::new("$argon2id$x".into()),
        token_version: TokenVersion(3),
        kept_token: None,
        ended_sessions: Vec::new(),
    }
}

/// A session that began a minute before `NOW`.
fn sign_in() -> Session {
    Session {
        id: SessionId("the-sign-in".into()),
        began_at: Utc.timestamp_opt(NOW - 60, 0).unwrap(),
    }
}

fn claims() -> Value {
    json!({
        "sub": "42", "iat": NOW, "exp": NOW + 3600, "iss": "conduit", "aud": "conduit-api",
        "jti": "5f0c", "ver": 3, "sid": "9d1e", "auth_time": NOW - 60
    })
}

fn sign(header: Header, claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &header,
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

/// The payload, decoded with no key: anyone can.
fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn without(claim: &str) -> Value {
    let mut claims = claims();
    claims.as_object_mut().unwrap().remove(claim);
    claims
}

fn with(claim: &str, value: Value) -> Value {
    let mut claims = claims();
    claims[claim] = value;
    claims
}

#[test]
fn an_issued_token_verifies_to_its_user_and_version() {
    let service = service_at(NOW);
    let token = service.issue(&user(), &sign_in()).unwrap();
    let jti = claims_of(&token)["jti"].as_str().unwrap().to_owned();
    assert_eq!(
        service.verify(&token),
        Ok(VerifiedToken {
            user_id: UserId(42),
            session: SessionToken {
                version: TokenVersion(3),
                id: TokenId(jti),
                session: SessionId("the-sign-in".into()),
            },
            session_began_at: Utc.timestamp_opt(NOW - 60, 0).unwrap(),
            issued_at: Utc.timestamp_opt(NOW, 0).unwrap(),
            expires_at: Utc.timestamp_opt(NOW + 3600, 0).unwrap(),
        })
    );
}

#[test]
fn issued_tokens_carry_every_required_claim_and_a_unique_id() {
    let service = service_at(NOW);
    let first = claims_of(&service.issue(&user(), &sign_in()).unwrap());
    let second = claims_of(&service.issue(&user(), &sign_in()).unwrap());
    assert_eq!(first["sub"], "42");
    assert_eq!(first["iat"], NOW);
    assert_eq!(first["exp"], NOW + 3600);
    assert_eq!(first["iss"], "conduit");
    assert_eq!(first["aud"], "conduit-api");
    assert_eq!(first["ver"], 3);
    assert_eq!(first["sid"], "the-sign-in");
    assert_eq!(first["auth_time"], NOW - 60);
    assert_ne!(first["jti"], second["jti"]);
}

#[test]
fn each_sign_in_begins_a_session_of_its_own_now() {
    let service = service_at(NOW);
    let (first, second) = (service.begin_session(), service.begin_session());
    assert_eq!(first.began_at, Utc.timestamp_opt(NOW, 0).unwrap());
    assert_ne!(first.id, second.id);
}

#[test]
fn a_renewed_token_keeps_its_session_and_when_it_began() {
    let signed_in = service_at(NOW).issue(&user(), &sign_in()).unwrap();
    let first = service_at(NOW).verify(&signed_in).unwrap();
    let later = NOW + 2000;
    let session = Session {
        id: first.session.session.clone(),
        began_at: first.session_began_at,
    };
    let renewed = service_at(later).issue(&user(), &session).unwrap();
    let second = service_at(later).verify(&renewed).unwrap();
    assert_eq!(second.session.session, SessionId("the-sign-in".into()));
    assert_eq!(
        second.session_began_at,
        Utc.timestamp_opt(NOW - 60, 0).unwrap()
    );
    assert_eq!(second.issued_at, Utc.timestamp_opt(later, 0).unwrap());
    assert_ne!(second.session.id, first.session.id);
}

#[test]
fn a_hand_signed_token_with_correct_claims_is_accepted() {
    // The baseline for every rejection below: only the one named difference makes them fail.
    let token = sign(Header::new(Algorithm::HS256), &claims(), SECRET);
    assert!(service_at(NOW).verify(&token).is_ok());
}

#[test]
fn a_tampered_payload_is_rejected() {
    let token = service_at(NOW).issue(&user(), &sign_in()).unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        b64(&with("sub", json!("1"))),
        parts[2]
    );
    assert_eq!(service_at(NOW).verify(&forged), Err(InvalidToken));
}

#[test]
fn a_token_signed_with_another_secret_is_rejected() {
    let token = sign(
        Header::new(Algorithm::HS256),
        &claims(),
        "another-secret-that-is-also-long-enough",
    );
    assert_eq!(service_at(NOW).verify(&token), Err(InvalidToken));
}

#[test]
fn alg_none_is_rejected() {
    let token = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims())
    );
    assert_eq!(service_at(NOW).verify(&token), Err(InvalidToken));
}

#[test]
fn a_stripped_signature_is_rejected() {
    let token = service_at(NOW).issue(&user(), &sign_in()).unwrap();
    let unsigned = &token[..=token.rfind('.').unwrap()];
    assert_eq!(service_at(NOW).verify(unsigned), Err(InvalidToken));
}

#[test]
fn hs512_with_the_right_secret_is_rejected() {
    let token = sign(Header::new(Algorithm::HS512), &claims(), SECRET);
    assert_eq!(service_at(NOW).verify(&token), Err(InvalidToken));
}

#[test]
fn an_expired_token_is_rejected_once_past_the_leeway() {
    let expired = with_both(with("exp", json!(NOW - 6)), "iat", json!(NOW - 3000));
    let token = sign(Header::new(Algorithm::HS256), &expired, SECRET);
    assert_eq!(service_at(NOW).verify(&token), Err(InvalidToken));
}

#[test]
fn a_token_expired_within_the_leeway_is_still_accepted() {
    let claims = with_both(with("exp", json!(NOW - 5)), "iat", json!(NOW - 1000));
    let token = sign(Header::new(Algorithm::HS256), &claims, SECRET);
    assert!(service_at(NOW).verify(&token).is_ok());
}

#[test]
fn a_token_expires_with_the_clock() {
    let token = service_at(NOW).issue(&user(), &sign_in()).unwrap();
    assert!(service_at(NOW + 3600 + 5).verify(&token).is_ok());
    assert_eq!(service_at(NOW + 3600 + 6).verify(&token), Err(InvalidToken));
}

#[test]
fn a_token_not_yet_valid_is_rejected() {
    let token = sign(
        Header::new(Algorithm::HS256),
        &with("nbf", json!(NOW + 600)),
        SECRET,
    );
    assert_eq!(service_at(NOW).verify(&token), Err(InvalidToken));
}

#[test]
fn a_token_issued_in_the_future_is_rejected() {
    let claims = with_both(with("iat", json!(NOW + 600)), "exp", json!(NOW + 1200));
    let token = sign(Header::new(Algorithm::HS256), &claims, SECRET);
    assert_eq!(service_at(NOW).verify(&token), Err(InvalidToken));
}

#[test]
fn a_lifetime_above_the_maximum_is_rejected() {
    let token = sign(
        Header::new(Algorithm::HS256),
        &with("exp", json!(NOW + 7201)),
        SECRET,
    );
    assert_eq!(service_at(NOW).verify(&token), Err(InvalidToken));
}

/// Each time check refuses only strictly past its limit: a token exactly on the boundary is
/// accepted, one second beyond it is not.
#[test]
fn each_time_limit_accepts_its_boundary_and_refuses_one_second_past_it() {
    let leeway = 5;
    let cases = [
        (
            "not before",
            with("nbf", json!(NOW + leeway)),
            with("nbf", json!(NOW + leeway + 1)),
        ),
        (
            "issued at",
            with_both(
                with("iat", json!(NOW + leeway)),
                "exp",
                json!(NOW + leeway + 3600),
            ),
            with_both(
                with("iat", json!(NOW + leeway + 1)),
                "exp",
                json!(NOW + leeway + 3601),
            ),
        ),
        (
            "lifetime",
            with("exp", json!(NOW + 7200)),
            with("exp", json!(NOW + 7201)),
        ),
        (
            "expiry",
            with_both(with("exp", json!(NOW - leeway)), "iat", json!(NOW - 3600)),
            with_both(
                with("exp", json!(NOW - leeway - 1)),
                "iat",
                json!(NOW - 3600),
            ),
        ),
    ];
    for (limit, on_the_boundary, past_it) in cases {
        let on_the_boundary = sign(Header::new(Algorithm::HS256), &on_the_boundary, SECRET);
        assert!(service_at(NOW).verify(&on_the_boundary).is_ok(), "{limit}");
        let past_it = sign(Header::new(Algorithm::HS256), &past_it, SECRET);
        assert_eq!(
            service_at(NOW).verify(&past_it),
            Err(InvalidToken),
            "{limit}"
        );
    }
}

#[test]
fn a_wrong_issuer_or_audience_is_rejected() {
    for claims in [
        with("iss", json!("someone-else")),
        with("aud", json!("another-api")),
    ] {
        let token = sign(Header::new(Algorithm::HS256), &claims, SECRET);
        assert_eq!(
            service_at(NOW).verify(&token),
            Err(InvalidToken),
            "{claims}"
        );
    }
}

#[test]
fn each_required_claim_must_be_present() {
    for claim in ["sub", "exp", "iss", "aud", "jti", "ver", "sid", "auth_time"] {
        let token = sign(Header::new(Algorithm::HS256), &without(claim), SECRET);
        assert_eq!(
            service_at(NOW).verify(&token),
            Err(InvalidToken),
            "without {claim}"
        );
    }
}

#[test]
fn a_non_numeric_subject_is_rejected() {
    let token = sign(
        Header::new(Algorithm::HS256),
        &with("sub", json!("jake")),
        SECRET,
    );
    assert_eq!(service_at(NOW).verify(&token), Err(InvalidToken));
}

#[test]
fn a_crit_header_is_rejected() {
    let header = b64(&json!({"alg": "HS256", "typ": "JWT", "crit": ["exp"]}));
    let payload = b64(&claims());
    // Signed correctly over the exact header text, so that only `crit` can make it fail.
    let signature = sign_raw(&format!("{header}.{payload}"));
    let token = format!("{header}.{payload}.{signature}");
    assert_eq!(service_at(NOW).verify(&token), Err(InvalidToken));
}

#[test]
fn garbage_is_rejected() {
    for token in ["", "abc", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9..."] {
        assert_eq!(
            service_at(NOW).verify(token),
            Err(InvalidToken),
            "{token:?}"
        );
    }
}

fn with_both(mut claims: Value, claim: &str, value: Value) -> Value {
    claims[claim] = value;
    claims
}

/// HMAC-SHA256 over arbitrary header text, through jsonwebtoken's own signer.
fn sign_raw(message: &str) -> String {
    jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &EncodingKey::from_secret(SECRET.as_bytes()),
        Algorithm::HS256,
    )
    .unwrap()
}

#[test]
fn a_session_ends_session_max_after_it_began_however_fresh_its_token() {
    let began = NOW - i64::try_from(SESSION_MAX).unwrap();
    let in_its_last_second = sign(
        Header::new(Algorithm::HS256),
        &with("auth_time", json!(began + 1)),
        SECRET,
    );
    let at_its_end = sign(
        Header::new(Algorithm::HS256),
        &with("auth_time", json!(began)),
        SECRET,
    );
    assert!(service_at(NOW).verify(&in_its_last_second).is_ok());
    assert_eq!(service_at(NOW).verify(&at_its_end), Err(InvalidToken));
}

#[test]
fn a_token_never_outlives_its_session() {
    let service = service_at(NOW);
    let session = Session {
        id: SessionId("nearly-over".into()),
        began_at: Utc
            .timestamp_opt(NOW - i64::try_from(SESSION_MAX).unwrap() + 100, 0)
            .unwrap(),
    };
    let token = service.issue(&user(), &session).unwrap();
    assert_eq!(claims_of(&token)["exp"], NOW + 100);
    assert_eq!(
        service.session_ends_at(session.began_at),
        Utc.timestamp_opt(NOW + 100, 0).unwrap()
    );
}
