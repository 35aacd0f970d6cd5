//! POST /api/users, POST /api/users/login, GET /api/user, PUT /api/user.

use reqwest::StatusCode;
use serde_json::json;

use std::time::Duration;

use crate::helpers::{ManualClock, PASSWORD, claims_of, spawn_app, spawn_app_at, token_of};

mod register {
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
}

mod login {
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
}

mod current_user {
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
}

mod update {
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
            .update_user(&jake.token, json!({"bio": "I like to skateboard", "image": "https://i.stack.imgur.com/xHWG8.jpg"}))
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
}
