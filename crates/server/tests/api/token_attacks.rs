//! Every forged, expired or revoked token gets the same 401 and the same body, whatever was
//! wrong with it: an attacker learns nothing from the answer.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{JWT_SECRET, TestApp, TestUser, claims_of, spawn_app, token_of};

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

fn sign(algorithm: Algorithm, claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap()
}

/// Signs arbitrary header text correctly, so that only the header's content can be at fault.
fn sign_with_header(header: &Value, claims: &Value) -> String {
    let message = format!("{}.{}", b64(header), b64(claims));
    let signature = jsonwebtoken::crypto::sign(
        message.as_bytes(),
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
        Algorithm::HS256,
    )
    .unwrap();
    format!("{message}.{signature}")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn assert_refused(app: &TestApp, token: &str) {
    let response = app.current_user(token).await;
    response.assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is invalid"]}));
    assert_eq!(response.headers["www-authenticate"], "Token");
}

async fn jake(app: &TestApp) -> (TestUser, Value) {
    let jake = app.register("jake").await;
    let claims = claims_of(&jake.token);
    (jake, claims)
}

#[tokio::test]
async fn a_correctly_forged_token_is_accepted_so_the_attacks_below_are_real() {
    let app = spawn_app().await;
    let (_, claims) = jake(&app).await;
    assert_eq!(
        app.current_user(&sign(Algorithm::HS256, &claims))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn alg_none_is_refused() {
    let app = spawn_app().await;
    let (_, claims) = jake(&app).await;
    assert_refused(
        &app,
        &format!(
            "{}.{}.",
            b64(&json!({"alg": "none", "typ": "JWT"})),
            b64(&claims)
        ),
    )
    .await;
}

#[tokio::test]
async fn a_tampered_payload_is_refused() {
    let app = spawn_app().await;
    let (jake, mut claims) = jake(&app).await;
    let anna = app.register("anna").await;
    claims["sub"] = claims_of(&anna.token)["sub"].clone();
    let parts: Vec<&str> = jake.token.split('.').collect();
    assert_refused(&app, &format!("{}.{}.{}", parts[0], b64(&claims), parts[2])).await;
}

#[tokio::test]
async fn a_stripped_signature_is_refused() {
    let app = spawn_app().await;
    let (jake, _) = jake(&app).await;
    let unsigned = &jake.token[..=jake.token.rfind('.').unwrap()];
    assert_refused(&app, unsigned).await;
}

#[tokio::test]
async fn hs512_signed_with_the_right_secret_is_refused() {
    let app = spawn_app().await;
    let (_, claims) = jake(&app).await;
    assert_refused(&app, &sign(Algorithm::HS512, &claims)).await;
}

#[tokio::test]
async fn a_token_expired_past_the_leeway_is_refused() {
    let app = spawn_app().await;
    let (_, mut claims) = jake(&app).await;
    claims["iat"] = json!(now() - 3600);
    claims["exp"] = json!(now() - 60);
    assert_refused(&app, &sign(Algorithm::HS256, &claims)).await;
}

#[tokio::test]
async fn a_missing_or_wrong_issuer_or_audience_is_refused() {
    let app = spawn_app().await;
    let (_, claims) = jake(&app).await;
    for (claim, value) in [
        ("iss", None),
        ("iss", Some("evil")),
        ("aud", None),
        ("aud", Some("another-api")),
    ] {
        let mut forged = claims.clone();
        match value {
            Some(value) => forged[claim] = json!(value),
            None => {
                forged.as_object_mut().unwrap().remove(claim);
            }
        }
        assert_refused(&app, &sign(Algorithm::HS256, &forged)).await;
    }
}

#[tokio::test]
async fn a_crit_header_is_refused() {
    let app = spawn_app().await;
    let (_, claims) = jake(&app).await;
    let header = json!({"alg": "HS256", "typ": "JWT", "crit": ["https://example.com/extension"]});
    assert_refused(&app, &sign_with_header(&header, &claims)).await;
}

#[tokio::test]
async fn a_token_for_a_user_that_does_not_exist_is_refused() {
    let app = spawn_app().await;
    let (_, mut claims) = jake(&app).await;
    claims["sub"] = json!("999999");
    assert_refused(&app, &sign(Algorithm::HS256, &claims)).await;
}

#[tokio::test]
async fn garbage_is_refused() {
    let app = spawn_app().await;
    for token in ["abc", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30."] {
        assert_refused(&app, token).await;
    }
}

#[tokio::test]
async fn two_authorization_headers_are_400() {
    let app = spawn_app().await;
    let (jake, _) = jake(&app).await;
    let response = app
        .send(
            app.build(reqwest::Method::GET, "/api/user")
                .header("Authorization", format!("Token {}", jake.token))
                .header("Authorization", format!("Token {}", jake.token)),
        )
        .await;
    response.assert_error(
        StatusCode::BAD_REQUEST,
        json!({"authorization": ["must be sent only once"]}),
    );
}

/// A correctly signed token for `claims` with a `pad` claim of `length` characters.
fn padded(claims: &Value, length: usize) -> String {
    let mut claims = claims.clone();
    claims["pad"] = json!("x".repeat(length));
    sign(Algorithm::HS256, &claims)
}

#[tokio::test]
async fn a_token_over_8_kib_is_refused_even_when_correctly_signed() {
    const LIMIT: usize = 8 * 1024;
    let app = spawn_app().await;
    let (_, claims) = jake(&app).await;
    // Each pad character adds 4/3 of a byte of base64; start a little below the estimate.
    let unpadded = padded(&claims, 0).len();
    let start = (LIMIT - unpadded) * 3 / 4 - 8;
    let largest_allowed = (start..)
        .map(|length| padded(&claims, length))
        .take_while(|token| token.len() <= LIMIT)
        .last()
        .unwrap();
    let smallest_refused = (start..)
        .map(|length| padded(&claims, length))
        .find(|token| token.len() > LIMIT)
        .unwrap();

    assert_eq!(
        app.current_user(&largest_allowed).await.status,
        StatusCode::OK,
        "{} bytes",
        largest_allowed.len()
    );
    assert_refused(&app, &smallest_refused).await;
}

#[tokio::test]
async fn a_default_token_lives_at_most_a_day() {
    let app = spawn_app().await;
    let (_, claims) = jake(&app).await;
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert!((1..=24 * 60 * 60).contains(&lifetime), "{lifetime} s");
}

#[tokio::test]
async fn every_response_that_carries_a_token_is_never_stored() {
    let app = spawn_app().await;
    let registered = app
        .register_raw("jake", "jake@example.com", "jakejakejake")
        .await;
    let token = token_of(&registered);
    let responses = [
        ("POST /api/users", registered),
        (
            "POST /api/users/login",
            app.login_raw("jake@example.com", "jakejakejake").await,
        ),
        ("GET /api/user", app.current_user(&token).await),
        (
            "PUT /api/user",
            app.update_user(&token, json!({"bio": "still me"})).await,
        ),
    ];
    for (request, response) in responses {
        assert!(response.body["user"]["token"].is_string(), "{request}");
        assert_eq!(
            response
                .headers
                .get("cache-control")
                .map(|value| value.to_str().unwrap()),
            Some("no-store"),
            "{request}"
        );
    }
}

/// Renewal keeps when the session began; a token re-signed with a fresh `iat` and `exp` but
/// the old start (what endless renewal would amount to) is still refused past the cap.
#[tokio::test]
async fn a_token_whose_session_began_more_than_the_cap_ago_is_refused_though_unexpired() {
    let app = spawn_app().await;
    let (_, mut claims) = jake(&app).await;
    let thirty_days = 30 * 24 * 60 * 60;
    claims["iat"] = json!(now());
    claims["exp"] = json!(now() + 3600);
    claims["auth_time"] = json!(now() - thirty_days + 60);
    assert_eq!(
        app.current_user(&sign(Algorithm::HS256, &claims))
            .await
            .status,
        StatusCode::OK,
        "a minute before the cap"
    );

    claims["auth_time"] = json!(now() - thirty_days - 1);
    assert_refused(&app, &sign(Algorithm::HS256, &claims)).await;
}
