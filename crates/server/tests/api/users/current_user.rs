use super::*;

#[tokio::test]
async fn answers_the_user_with_a_working_token() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;

    let response = app.current_user(&jake.token).await;

    assert_eq!(response.status, StatusCode::OK);
    let token = token_of(&response);
    assert_eq!(
        response.body,
        json!({"user": {"email": "jake@example.com", "token": token, "username": "jake", "bio": null, "image": null}})
    );
    assert_eq!(app.current_user(&token).await.status, StatusCode::OK);
}

fn lifetime_of(claims: &serde_json::Value) -> u64 {
    (claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap())
        .try_into()
        .unwrap()
}

/// What lets the UI renew a session silently while the user is active.
#[tokio::test]
async fn past_half_its_life_the_token_is_renewed() {
    let clock = ManualClock::new();
    let app = spawn_app_at(clock.clone(), |_| {}).await;
    let jake = app.register("jake").await;
    let issued = claims_of(&jake.token);
    let half_life = lifetime_of(&issued) / 2;

    clock.advance(Duration::from_secs(half_life + 1));
    let renewed = token_of(&app.current_user(&jake.token).await);

    let claims = claims_of(&renewed);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - issued["exp"].as_i64().unwrap(),
        i64::try_from(half_life + 1).unwrap()
    );
    assert_eq!(
        lifetime_of(&claims),
        lifetime_of(&issued),
        "the same lifetime, from now"
    );
    assert_eq!(app.current_user(&renewed).await.status, StatusCode::OK);
}

/// Signing on every call would cost an HMAC and a JSON encoding per request for nothing: the
/// presented token already carries the account's current version (it was just checked).
#[tokio::test]
async fn until_half_its_life_the_token_comes_back_as_it_was() {
    let clock = ManualClock::new();
    let app = spawn_app_at(clock.clone(), |_| {}).await;
    let jake = app.register("jake").await;

    clock.advance(Duration::from_secs(
        lifetime_of(&claims_of(&jake.token)) / 2,
    ));
    let response = app.current_user(&jake.token).await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(token_of(&response), jake.token);
}

#[tokio::test]
async fn without_a_token_is_401_token_is_missing() {
    let app = spawn_app().await;
    let response = app.get("/api/user", None).await;
    response.assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
    assert_eq!(response.headers["www-authenticate"], "Token");
}

#[tokio::test]
async fn the_bearer_scheme_is_accepted_too() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let response = app
        .send(
            app.build(reqwest::Method::GET, "/api/user")
                .header("Authorization", format!("bearer {}", jake.token)),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK);
}
