//! Which page a visitor gets: pages that need a user send everyone else to exactly /login (and
//! back there after signing in), a token GET /api/user rejects ends the session, and an unknown
//! address gets a not-found view, not a blank page.

use crate::support::{Account, browser_test, test_name};

const BOB: Account = Account {
    username: "bob",
    email: "bob@example.com",
    password: "a long enough password",
};

#[test]
fn pages_that_need_a_user_admit_only_a_valid_session_and_unknown_paths_show_not_found() {
    browser_test(test_name!(), |browser, api| async move {
        // Signed out: /settings sends the visitor to bare /login.
        browser.visit("/settings").await;
        browser.wait_for_path("/login").await;
        browser.element_with_text("login-heading", "Sign in").await;

        // With a token the API accepts (put where the UI keeps it), /settings opens.
        let token = api.register(BOB).await;
        browser.use_token(&token).await;
        browser.visit("/settings").await;
        browser.wait_for_auth_state("authenticated").await;
        assert_eq!(browser.value_of("settings-username").await, BOB.username);

        // A token the API rejects signs the visitor out, says so, and sends them to sign in.
        browser.use_token("not-a-valid-token").await;
        browser.visit("/settings").await;
        browser.wait_for_path("/login").await;
        browser.wait_for_auth_state("unauthenticated").await;
        browser.element("session-ended-notice").await;
        assert_eq!(browser.stored_token().await, None);

        // An unknown address shows the not-found view, with a way back home.
        browser.visit("/no/such/page").await;
        browser.element("not-found").await;
        browser.click("not-found-home").await;
        browser.wait_for_path("/").await;
        browser
            .element_with_text("feed-tab-global", "Global Feed")
            .await;
    });
}

#[test]
fn a_session_ended_under_the_settings_form_returns_to_it_with_what_was_typed() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(BOB).await;
        browser.sign_in(&token).await;
        browser.visit("/settings").await;
        browser.wait_for_auth_state("authenticated").await;

        // The session ends behind the user's back; saving is refused with 401, and GET
        // /api/user, asked again, refuses the token too.
        browser
            .fill("settings-bio", "Typed just before it expired")
            .await;
        browser
            .use_token("a-token-the-server-no-longer-accepts")
            .await;
        browser
            .click_with_text("settings-submit", "Update Settings")
            .await;
        browser.wait_for_path("/login").await;
        browser.signed_out_navbar().await;
        browser.element("session-ended-notice").await;
        assert_eq!(browser.stored_token().await, None);

        // Signing in again leads back to the page that needed it, with what was typed.
        browser.fill("login-email", BOB.email).await;
        browser.fill("login-password", BOB.password).await;
        browser.click("login-submit").await;
        browser.wait_for_path("/settings").await;
        assert_eq!(browser.value_of("settings-username").await, BOB.username);
        assert_eq!(
            browser.value_of("settings-bio").await,
            "Typed just before it expired"
        );
    });
}
