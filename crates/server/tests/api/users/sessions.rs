//! Sessions: every token of a sign-in names it and when it began; the session ends for good
//! `SESSION_MAX_DAYS` after that, however often renewed, or at once when signed out of.

use super::*;

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

fn session_of(token: &str) -> (serde_json::Value, serde_json::Value) {
    let claims = claims_of(token);
    (claims["sid"].clone(), claims["auth_time"].clone())
}

#[tokio::test]
async fn a_renewed_token_keeps_the_session_and_when_it_began() {
    let clock = ManualClock::new();
    let app = spawn_app_at(clock.clone(), |_| {}).await;
    let jake = app.register("jake").await;

    clock.advance(DAY * 2 / 3);
    let renewed = token_of(&app.current_user(&jake.token).await);

    assert_ne!(
        renewed, jake.token,
        "past half its life, the token is renewed"
    );
    assert_eq!(session_of(&renewed), session_of(&jake.token));
    assert!(session_of(&jake.token).0.is_string());
}

#[tokio::test]
async fn the_token_a_profile_update_hands_back_keeps_the_session() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;

    let response = app
        .update_user(&jake.token, json!({"password": "a whole new password"}))
        .await;

    assert_eq!(session_of(&token_of(&response)), session_of(&jake.token));
}

#[tokio::test]
async fn each_sign_in_begins_a_session_of_its_own() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let again = token_of(&app.login_raw(&jake.email, &jake.password).await);
    assert_ne!(session_of(&again).0, session_of(&jake.token).0);
}

#[tokio::test]
async fn a_session_ends_for_good_session_max_days_after_it_began_however_often_renewed() {
    let clock = ManualClock::new();
    let app = spawn_app_at(clock.clone(), |config| config.jwt.session_max = DAY * 2).await;
    let jake = app.register("jake").await;
    let mut token = jake.token;
    // Renewed on every visit, each past half a token's life: at 16 h and at 32 h.
    for _ in 0..2 {
        clock.advance(DAY * 2 / 3);
        token = token_of(&app.current_user(&token).await);
    }

    clock.advance(DAY * 2 / 3 - Duration::from_secs(1));
    assert_eq!(
        app.current_user(&token).await.status,
        StatusCode::OK,
        "its last second"
    );

    clock.advance(Duration::from_secs(1));
    let refused = app.current_user(&token).await;
    refused.assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is invalid"]}));
}
