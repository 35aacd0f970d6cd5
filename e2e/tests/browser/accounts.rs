//! Signing up, in and out, and editing one's settings, the way a visitor does it: through the UI.

use crate::support::{AUTHOR, Account, browser_test, test_name};

const ALICE: Account = Account {
    username: "alice",
    email: "alice@example.com",
    password: "correct horse battery staple",
};

#[test]
fn a_visitor_signs_up_signs_out_and_signs_back_in() {
    browser_test(test_name!(), |browser, api| async move {
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

        // Sign out from the settings page: the token is gone and the visitor links are back,
        // and the server refuses the token from now on, should anyone have kept a copy.
        let signed_out_token = browser.stored_token().await.expect("a stored token");
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
        api.refuses(&signed_out_token).await;

        // A wrong password is refused in words a visitor understands, who stays on the form.
        browser.click("nav-login").await;
        browser.wait_for_path("/login").await;
        browser.fill("login-email", ALICE.email).await;
        browser.fill("login-password", "not the password").await;
        browser.click("login-submit").await;
        browser.error_message("email or password is invalid").await;
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
    });
}

#[test]
fn signing_up_with_a_taken_username_shows_the_api_error() {
    browser_test(test_name!(), |browser, api| async move {
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
    });
}

#[test]
fn after_saving_settings_the_app_goes_to_the_profile_with_the_new_values() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(ALICE).await;
        browser.sign_in(&token).await;

        let bio = "I test web services in real browsers.";
        browser.visit("/settings").await;
        browser.fill("settings-username", "alice2").await;
        browser.fill("settings-bio", bio).await;
        browser
            .click_with_text("settings-submit", "Update Settings")
            .await;

        browser.wait_for_path("/profile/alice2").await;
        browser.has_class("profile-page").await;
        browser
            .element_with_text("profile-username", "alice2")
            .await;
        browser.element_with_text("profile-bio", bio).await;
        browser.element_with_text("nav-user", "alice2").await;
        // An empty list other than Your Feed keeps the usual words.
        browser
            .element_with_text("empty-feed-message", "No articles are here... yet.")
            .await;
    });
}

#[test]
fn a_sign_in_link_on_an_article_page_brings_the_reader_back_to_it() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(AUTHOR).await;
        api.register(ALICE).await;
        let slug = api
            .create_article(&author, "Worth coming back to", "Read me, then comment.")
            .await;
        let page = format!("/article/{slug}");
        let sign_in = format!("/login?redirect={page}");

        // Signed out, the article page has one sign-in prompt, and it knows the way back.
        browser.visit(&page).await;
        browser.element("comment-sign-in").await;
        assert_eq!(browser.count("comment-sign-in").await, 1);
        let link = browser.element("comment-sign-in-link").await;
        assert_eq!(
            link.attr("href").await.unwrap().as_deref(),
            Some(sign_in.as_str())
        );
        link.click().await.expect("the link takes a click");

        browser.wait_for_path(&sign_in).await;
        browser.fill("login-email", ALICE.email).await;
        browser.fill("login-password", ALICE.password).await;
        browser.click("login-submit").await;

        // Back on the article, signed in: the prompt has become the comment form.
        browser.wait_for_path(&page).await;
        browser
            .element_with_text("article-title", "Worth coming back to")
            .await;
        browser.element("comment-input").await;
        browser.element_with_text("nav-user", ALICE.username).await;
    });
}
