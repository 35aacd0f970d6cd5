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

/// What lets the UI renew a session silently while the user is active.
#[tokio::test]
async fn the_token_is_fresh_so_asking_renews_the_session() {
    let clock = ManualClock::new();
    let app = spawn_app_at(clock.clone(), |_| {}).await;
    let jake = app.register("jake").await;
    let issued = claims_of(&jake.token);

    clock.advance(Duration::from_secs(60 * 60));
    let renewed = token_of(&app.current_user(&jake.token).await);

    let claims = claims_of(&renewed);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - issued["exp"].as_i64().unwrap(),
        60 * 60
    );
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        issued["exp"].as_i64().unwrap() - issued["iat"].as_i64().unwrap(),
        "the same lifetime, from now"
    );
    assert_eq!(app.current_user(&renewed).await.status, StatusCode::OK);
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
