use super::*;

#[tokio::test]
async fn without_a_token_is_401_before_the_body_is_looked_at() {
    let app = spawn_app().await;
    app.put("/api/user", None, json!({"nonsense": true}))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
}

#[tokio::test]
async fn bio_and_image_are_stored_and_omitted_fields_are_kept() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;

    let response = app
        .update_user(
            &jake.token,
            json!({"bio": "I like to skateboard", "image": "https://i.stack.imgur.com/xHWG8.jpg"}),
        )
        .await;

    assert_eq!(response.status, StatusCode::OK);
    let expected = |token: String| {
        json!({"user": {
            "email": "jake@example.com", "token": token, "username": "jake",
            "bio": "I like to skateboard", "image": "https://i.stack.imgur.com/xHWG8.jpg"
        }})
    };
    assert_eq!(response.body, expected(token_of(&response)));
    let reread = app.current_user(&token_of(&response)).await;
    assert_eq!(reread.body, expected(token_of(&reread)));
}

#[tokio::test]
async fn empty_or_null_bio_and_image_become_null() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    for clear in ["", "null"] {
        let value = if clear == "null" {
            json!(null)
        } else {
            json!("")
        };
        app.update_user(
            &jake.token,
            json!({"bio": "something", "image": "https://example.com/a.png"}),
        )
        .await;

        let response = app
            .update_user(&jake.token, json!({"bio": value, "image": value}))
            .await;

        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(
            (
                &response.body["user"]["bio"],
                &response.body["user"]["image"]
            ),
            (&json!(null), &json!(null))
        );
    }
}

#[tokio::test]
async fn blank_or_null_email_and_username_are_422() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    for (field, value) in [
        ("email", json!("")),
        ("email", json!(null)),
        ("username", json!("")),
        ("username", json!(null)),
    ] {
        app.update_user(&jake.token, json!({ field: value }))
            .await
            .assert_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ field: ["can't be blank"] }),
            );
    }
}

#[tokio::test]
async fn passwords_need_eight_characters() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    for (value, message) in [
        (json!(""), "can't be blank"),
        (json!(null), "can't be blank"),
        (json!("short7c"), "is too short (minimum is 8 characters)"),
    ] {
        app.update_user(&jake.token, json!({"password": value}))
            .await
            .assert_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"password": [message]}),
            );
    }
}

#[tokio::test]
async fn eight_and_sixty_four_character_passwords_are_accepted_and_work() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    let mut token = jake.token.clone();
    for password in ["bonjour1".to_owned(), "p".repeat(64)] {
        let response = app.update_user(&token, json!({"password": password})).await;
        assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
        token = token_of(&response);
        assert_eq!(
            app.login_raw(&jake.email, &password).await.status,
            StatusCode::OK
        );
    }
    app.login_raw(&jake.email, PASSWORD).await.assert_error(
        StatusCode::UNAUTHORIZED,
        json!({"credentials": ["invalid"]}),
    );
}

#[tokio::test]
async fn a_new_username_and_email_come_back_with_a_token_that_keeps_working() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;

    let response = app
        .update_user(
            &jake.token,
            json!({"username": "jacob", "email": "jacob@example.com"}),
        )
        .await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        (
            &response.body["user"]["username"],
            &response.body["user"]["email"]
        ),
        (&json!("jacob"), &json!("jacob@example.com"))
    );
    let me = app.current_user(&token_of(&response)).await;
    assert_eq!(me.body["user"]["username"], "jacob");
    // Tokens are keyed on the user id, so the one from registration still works too.
    assert_eq!(
        app.current_user(&jake.token).await.body["user"]["username"],
        "jacob"
    );
    assert_eq!(
        app.login_raw("jacob@example.com", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn taking_another_users_username_or_email_is_409() {
    let app = spawn_app().await;
    app.register("jake").await;
    let anna = app.register("anna").await;
    for (field, value) in [("username", "jake"), ("email", "jake@example.com")] {
        app.update_user(&anna.token, json!({ field: value }))
            .await
            .assert_error(
                StatusCode::CONFLICT,
                json!({ field: ["has already been taken"] }),
            );
    }
}

#[tokio::test]
async fn an_image_must_be_a_web_address() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    app.update_user(&jake.token, json!({"image": "javascript:alert(1)"}))
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"image": ["must be an http(s) URL"]}),
        );
}

#[tokio::test]
async fn a_nul_character_is_422_on_every_backend() {
    let app = spawn_app().await;
    let jake = app.register("jake").await;
    app.update_user(&jake.token, json!({"bio": "before\0after"}))
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"bio": ["may not contain NUL characters"]}),
        );
    assert_eq!(
        app.current_user(&jake.token).await.body["user"]["bio"],
        json!(null)
    );
}
