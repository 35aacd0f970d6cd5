use super::*;

#[tokio::test]
async fn answers_201_with_the_new_user_and_a_working_token() {
    let app = spawn_app().await;

    let response = app.register_raw("jake", "jake@jake.jake", "jakejake").await;

    assert_eq!(response.status, StatusCode::CREATED);
    let token = token_of(&response);
    assert_eq!(
        response.body,
        json!({"user": {"email": "jake@jake.jake", "token": token, "username": "jake", "bio": null, "image": null}})
    );
    assert_eq!(app.current_user(&token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn each_blank_field_is_cant_be_blank() {
    let app = spawn_app().await;
    for (username, email, password, field) in [
        ("", "a@example.com", PASSWORD, "username"),
        ("   ", "a@example.com", PASSWORD, "username"),
        ("a", "", PASSWORD, "email"),
        ("a", "a@example.com", "", "password"),
    ] {
        app.register_raw(username, email, password)
            .await
            .assert_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ field: ["can't be blank"] }),
            );
    }
}

#[tokio::test]
async fn every_bad_field_is_reported_at_once() {
    let app = spawn_app().await;
    app.register_raw("", "not-an-email", "short")
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({
                "username": ["can't be blank"],
                "email": ["is invalid"],
                "password": ["is too short (minimum is 8 characters)"],
            }),
        );
}

#[tokio::test]
async fn missing_and_mistyped_fields_are_reported_by_the_schema() {
    let app = spawn_app().await;
    app.post("/api/users", None, json!({"user": {"username": 42}}))
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({
                "username": ["must be a string"],
                "email": ["can't be blank"],
                "password": ["can't be blank"],
            }),
        );
}

#[tokio::test]
async fn a_taken_username_is_409_whatever_its_case() {
    let app = spawn_app().await;
    app.register("jake").await;
    for username in ["jake", "JAKE"] {
        app.register_raw(username, "other@example.com", PASSWORD)
            .await
            .assert_error(
                StatusCode::CONFLICT,
                json!({"username": ["has already been taken"]}),
            );
    }
}

#[tokio::test]
async fn a_taken_email_is_409_whatever_its_case() {
    let app = spawn_app().await;
    app.register("jake").await;
    for email in ["jake@example.com", "Jake@Example.COM"] {
        app.register_raw("other", email, PASSWORD)
            .await
            .assert_error(
                StatusCode::CONFLICT,
                json!({"email": ["has already been taken"]}),
            );
    }
}

#[tokio::test]
async fn concurrent_duplicate_registrations_create_exactly_one_account() {
    let app = spawn_app().await;
    let attempts = (0..10).map(|i| {
        let app = &app;
        async move {
            let email = format!("racer{i}@example.com");
            (
                app.register_raw("racer", &email, PASSWORD).await.status,
                email,
            )
        }
    });
    let outcomes = futures::future::join_all(attempts).await;

    let created: Vec<_> = outcomes
        .iter()
        .filter(|(status, _)| *status == StatusCode::CREATED)
        .collect();
    let conflicts = outcomes
        .iter()
        .filter(|(status, _)| *status == StatusCode::CONFLICT)
        .count();
    assert_eq!((created.len(), conflicts), (1, 9), "{outcomes:?}");
    // Exactly one of the ten emails owns an account.
    let mut logins = 0;
    for (_, email) in &outcomes {
        if app.login_raw(email, PASSWORD).await.status == StatusCode::OK {
            logins += 1;
        }
    }
    assert_eq!(logins, 1);
}
