use super::*;

#[tokio::test]
async fn the_right_password_answers_200_with_the_user_and_a_token() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;

    let response = app.login_raw(&jake.email, PASSWORD).await;

    assert_eq!(response.status, StatusCode::OK);
    let token = token_of(&response);
    assert_eq!(
        response.body,
        json!({"user": {"email": "jake@example.com", "token": token, "username": "jake", "bio": null, "image": null}})
    );
    assert_eq!(app.current_user(&token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_email_is_matched_case_insensitively() {
    let app = spawn_app().await;
    app.register("jake").await;
    assert_eq!(
        app.login_raw("JAKE@example.com", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_email_fail_identically() {
    let app = spawn_app().await;
    app.register("jake").await;

    let wrong_password = app.login_raw("jake@example.com", "not the password").await;
    let unknown_email = app.login_raw("nobody@example.com", PASSWORD).await;

    wrong_password.assert_error(
        StatusCode::UNAUTHORIZED,
        json!({"credentials": ["invalid"]}),
    );
    unknown_email.assert_error(
        StatusCode::UNAUTHORIZED,
        json!({"credentials": ["invalid"]}),
    );
}

#[tokio::test]
async fn blank_fields_are_cant_be_blank() {
    let app = spawn_app().await;
    app.login_raw("", "").await.assert_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"email": ["can't be blank"], "password": ["can't be blank"]}),
    );
}
