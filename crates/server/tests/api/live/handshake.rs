use super::*;

#[tokio::test]
async fn every_bad_token_is_refused_with_401_before_the_upgrade() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let tampered = format!("{}x", jake.token);
    let stale = jake.token.clone();
    let other_session = token_of(&app.login_raw(&jake.email, &jake.password).await);
    app.update_user(&other_session, json!({"password": "a whole new password"}))
        .await;
    for token in [tampered.as_str(), stale.as_str(), "garbage", "a.b.c"] {
        let result = connect_with(&app, &format!("conduit.v1, bearer.{token}"), None).await;
        assert_eq!(refused_status(result), 401, "{token}");
    }
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let clock = ManualClock::new();
    let app = spawn_app_on(&clock).await;
    let jake = app.register("jake").await;
    let protocols = format!("conduit.v1, bearer.{}", jake.token);
    connect_with(&app, &protocols, None).await.unwrap();

    clock.advance(TOKEN_TTL + Duration::from_secs(1));

    assert_eq!(
        refused_status(connect_with(&app, &protocols, None).await),
        401
    );
}

#[tokio::test]
async fn a_foreign_origin_is_refused_with_403_and_the_own_or_configured_ones_pass() {
    let app = spawn_app_with(|config| {
        config.live.allowed_origins = vec!["https://client.example".into()]
    })
    .await;
    assert_eq!(
        refused_status(connect_with(&app, "conduit.v1", Some("https://evil.example")).await),
        403
    );
    connect_with(&app, "conduit.v1", Some(&app.address))
        .await
        .unwrap();
    connect_with(&app, "conduit.v1", Some("https://client.example"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_client_that_does_not_offer_conduit_v1_is_refused() {
    let app = spawn_app().await;
    assert_eq!(refused_status(connect_with(&app, "chat", None).await), 400);
}

#[tokio::test]
async fn a_plain_get_is_a_json_400() {
    let app = spawn_app().await;
    app.get("/api/ws", None).await.assert_error(
        StatusCode::BAD_REQUEST,
        json!({"connection": ["must be a WebSocket upgrade"]}),
    );
}
