//! Every forged, expired or revoked token gets the same 401 and the same body, whatever was
//! wrong with it: an attacker learns nothing from the answer.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{JWT_SECRET, TestApp, TestUser, spawn_app, token_of};

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

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
async fn a_password_change_revokes_every_older_token() {
    let app = spawn_app().await;
    let (jake, _) = jake(&app).await;
    let second_session = token_of(&app.login_raw(&jake.email, &jake.password).await);

    let response = app
        .update_user(&jake.token, json!({"password": "a brand new password"}))
        .await;

    assert_eq!(response.status, StatusCode::OK);
    assert_refused(&app, &jake.token).await;
    assert_refused(&app, &second_session).await;
    assert_eq!(
        app.current_user(&token_of(&response)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_profile_change_without_a_password_revokes_nothing() {
    let app = spawn_app().await;
    let (jake, _) = jake(&app).await;
    app.update_user(&jake.token, json!({"bio": "still me"}))
        .await;
    assert_eq!(app.current_user(&jake.token).await.status, StatusCode::OK);
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
