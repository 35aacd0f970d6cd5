//! Signing up, in and out, and editing one's settings, the way a visitor does it: through the UI.

use crate::support::{Account, browser_test};

const ALICE: Account = Account {
    username: "alice",
    email: "alice@example.com",
    password: "correct horse battery staple",
};

#[test]
fn a_visitor_signs_up_signs_out_signs_back_in_and_edits_their_bio() {
    browser_test(
        "a_visitor_signs_up_signs_out_signs_back_in_and_edits_their_bio",
        |browser, _api| async move {
            // Sign up: the navbar then shows who is signed in, with the default avatar.
            browser.visit("/register").await;
            browser.fill("register-username", ALICE.username).await;
            browser.fill("register-email", ALICE.email).await;
            browser.fill("register-password", ALICE.password).await;
            browser.click("register-submit").await;
            browser.wait_for_path("/").await;
            browser.element_with_text("nav-user", ALICE.username).await;
            let avatar = browser
                .matching("[data-test='nav-user'] img.user-pic")
                .await;
            let avatar_src = avatar.attr("src").await.unwrap().unwrap_or_default();
            assert!(
                avatar_src.contains("default-avatar.svg"),
                "avatar src was {avatar_src}"
            );
            browser.wait_for_auth_state("authenticated").await;

            // The session survives a reload.
            browser.reload().await;
            browser.element_with_text("nav-user", ALICE.username).await;
            browser.wait_for_auth_state("authenticated").await;

            // Sign out from the settings page: the token is gone and the visitor links are back.
            browser.click("nav-settings").await;
            browser.wait_for_path("/settings").await;
            browser
                .element_with_text("logout-button", "Or click here to logout")
                .await
                .click()
                .await
                .unwrap();
            browser.wait_for_path("/").await;
            browser.element("nav-login").await;
            browser.wait_for_auth_state("unauthenticated").await;
            assert_eq!(browser.stored_token().await, None);

            // A wrong password is refused with the API's words, and the visitor stays on the form.
            browser.click("nav-login").await;
            browser.wait_for_path("/login").await;
            browser.fill("login-email", ALICE.email).await;
            browser.fill("login-password", "not the password").await;
            browser.click("login-submit").await;
            browser.error_message("credentials invalid").await;
            browser.wait_for_path("/login").await;

            // The right password signs in.
            browser.fill("login-password", ALICE.password).await;
            browser.click("login-submit").await;
            browser.wait_for_path("/").await;
            browser.element_with_text("nav-user", ALICE.username).await;
            assert!(
                browser.stored_token().await.is_some(),
                "signing in stores the token"
            );

            // A new bio is saved, and is still there after a reload.
            let bio = "I test web services in real browsers.";
            browser.click("nav-settings").await;
            browser.fill("settings-bio", bio).await;
            browser
                .element_with_text("settings-submit", "Update Settings")
                .await
                .click()
                .await
                .unwrap();
            browser.shown("settings-saved").await;
            browser.reload().await;
            browser.wait_for_auth_state("authenticated").await;
            assert_eq!(browser.value_of("settings-bio").await, bio);
        },
    );
}

#[test]
fn signing_up_with_a_taken_username_shows_the_api_error() {
    browser_test(
        "signing_up_with_a_taken_username_shows_the_api_error",
        |browser, api| async move {
            api.register(ALICE).await;

            browser.visit("/register").await;
            browser.fill("register-username", ALICE.username).await;
            browser
                .fill("register-email", "another.alice@example.com")
                .await;
            browser.fill("register-password", ALICE.password).await;
            browser.click("register-submit").await;

            browser
                .error_message("username has already been taken")
                .await;
            browser.wait_for_path("/register").await;
            browser.wait_for_auth_state("unauthenticated").await;
        },
    );
}
