//! The session rule ("Client state" in realworld-ui.md): only GET /api/user decides a token's
//! fate. A write that meets a 401 keeps the form and the session until GET /api/user refuses the
//! token too; then the user is signed out with a word, goes to bare /login, and comes back to the
//! draft after signing in. The 401s are injected by the relay, as an expired session would be.

use crate::support::{AUTHOR, Fault, READER, Requests, browser_test, test_name};

#[test]
fn a_write_that_meets_a_401_keeps_the_draft_and_only_get_user_signs_out() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(AUTHOR).await;
        browser.sign_in(&token).await;
        browser.visit("/editor").await;
        browser.fill("editor-title", "Written on a train").await;
        browser
            .fill("editor-description", "A draft that survives")
            .await;
        browser.fill("editor-body", "Every word of it kept.").await;
        browser.enter("editor-tags", "travel").await;

        // The save meets a 401, but GET /api/user still confirms the token: signed in, form kept.
        browser
            .network()
            .fail(Requests::to("POST", "/api/articles"), Fault::TOKEN_REFUSED);
        browser
            .click_with_text("editor-submit", "Publish Article")
            .await;
        browser.error_containing("Your session has ended").await;
        browser.element("session-ended-sign-in").await;
        browser.wait_for_auth_state("authenticated").await;
        browser.wait_for_path("/editor").await;
        assert_eq!(browser.value_of("editor-title").await, "Written on a train");
        assert_eq!(browser.texts("editor-tag").await, ["travel"]);

        // Now GET /api/user refuses it too: signed out, with a word, sent to exactly /login.
        browser
            .network()
            .fail(Requests::to("GET", "/api/user"), Fault::TOKEN_REFUSED);
        browser
            .click_with_text("editor-submit", "Publish Article")
            .await;
        browser.wait_for_path("/login").await;
        browser.element("session-ended-notice").await;
        browser.signed_out_navbar().await;

        // Signing in again leads back to the editor, with the draft as it was typed.
        browser.network().heal();
        browser.fill("login-email", AUTHOR.email).await;
        browser.fill("login-password", AUTHOR.password).await;
        browser.click("login-submit").await;
        browser.wait_for_path("/editor").await;
        browser.wait_until_gone("session-ended-notice").await;
        assert_eq!(browser.value_of("editor-title").await, "Written on a train");
        assert_eq!(
            browser.value_of("editor-body").await,
            "Every word of it kept."
        );
        assert_eq!(browser.texts("editor-tag").await, ["travel"]);
        browser
            .click_with_text("editor-submit", "Publish Article")
            .await;
        browser
            .element_with_text("article-title", "Written on a train")
            .await;
    });
}

#[test]
fn a_401_on_a_public_read_or_a_follow_leaves_the_user_signed_in() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(AUTHOR).await;
        api.create_article(&author, "Read by anyone", "Signed in or not.")
            .await;
        let reader = api.register(READER).await;
        browser.sign_in(&reader).await;

        // The feed refuses the reader's token (an odd proxy, a server hiccup): read again
        // without it, the page shows, and the reader is still signed in.
        browser.network().fail(
            Requests::to("GET", "/api/articles").with_token(),
            Fault::TOKEN_REFUSED,
        );
        browser.visit("/").await;
        browser
            .element_with_text("article-title", "Read by anyone")
            .await;
        browser.wait_for_auth_state("authenticated").await;
        browser.element_with_text("nav-user", READER.username).await;

        // A follow that meets a 401 says the session has ended, yet GET /api/user still
        // confirms it: nobody is signed out.
        browser.network().fail(
            Requests::to("POST", format!("/api/profiles/{}/follow", AUTHOR.username)),
            Fault::TOKEN_REFUSED,
        );
        browser.open_author_profile(AUTHOR.username).await;
        browser
            .click_with_text("follow-button", &format!("Follow {}", AUTHOR.username))
            .await;
        browser.error_containing("Your session has ended").await;
        browser.wait_for_auth_state("authenticated").await;
        browser.element_with_text("nav-user", READER.username).await;
        assert!(browser.stored_token().await.is_some());
    });
}
