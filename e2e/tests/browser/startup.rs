//! Start-up with a stored token ("When things go wrong" in realworld-ui.md): the app asks
//! GET /api/user, and what the server answers, or fails to, decides whether the user is signed
//! in, signed out, or kept waiting with a "Connecting" notice. Failures are injected by the relay
//! between the browser and the app.

use crate::support::{AUTHOR, Fault, Requests, browser_test, test_name};

#[test]
fn start_up_with_a_4xx_answer_clears_the_token_and_keeps_the_public_page() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(AUTHOR).await;
        let slug = api
            .create_article(&author, "Open to everyone", "No account needed.")
            .await;
        let page = format!("/article/{slug}");

        browser.sign_in("a-token-the-server-refuses").await;
        browser.visit(&page).await;

        browser.signed_out_navbar().await;
        assert_eq!(browser.stored_token().await, None);
        browser
            .element_with_text("article-title", "Open to everyone")
            .await;
        browser.wait_for_path(&page).await;
    });
}

#[test]
fn start_up_with_a_5xx_answer_keeps_the_token_shows_connecting_and_signs_in_when_the_server_answers()
 {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(AUTHOR).await;
        api.create_article(
            &token,
            "Readable while you wait",
            "Public pages still work.",
        )
        .await;
        browser
            .network()
            .fail(Requests::to("GET", "/api/user"), Fault::SERVER_ERROR);
        browser.sign_in(&token).await;

        // Unavailable: the token is kept, the notice says so, and public pages are browsable.
        browser.visit("/").await;
        browser.waiting_for_the_server_with(&token).await;
        browser
            .click_with_text("article-title", "Readable while you wait")
            .await;
        browser
            .element_with_text("article-title", "Readable while you wait")
            .await;
        browser.has_class("article-content").await;

        // A reload keeps the token and the notice.
        browser.reload().await;
        browser.waiting_for_the_server_with(&token).await;

        // The server answers again: signed in without typing anything.
        browser.network().heal();
        browser.signed_in_again_as(AUTHOR.username).await;
    });
}

#[test]
fn start_up_with_an_empty_200_body_does_not_crash_and_behaves_as_a_5xx() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(AUTHOR).await;
        browser
            .network()
            .fail(Requests::to("GET", "/api/user"), Fault::EMPTY_SUCCESS);
        browser.sign_in(&token).await;

        browser.visit("/").await;
        browser.element_with_text("nav-home", "Home").await;
        browser.waiting_for_the_server_with(&token).await;
        browser
            .element_with_text("feed-tab-global", "Global Feed")
            .await;

        // "Retry now" asks again at once, but the automatic retry may reach the healed server
        // first and take the notice away: either way the user is signed in again.
        browser.network().heal();
        browser.click_if_shown("connection-retry").await;
        browser.signed_in_again_as(AUTHOR.username).await;
    });
}

#[test]
fn a_server_that_goes_away_shows_unable_to_connect_and_signs_the_user_in_when_it_comes_back() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(AUTHOR).await;
        api.create_article(&token, "Here all along", "The server was away.")
            .await;
        browser.sign_in(&token).await;
        browser.network().fail(Requests::api(), Fault::Refuse);

        // Every request fails to connect: the feed says so, and the session waits.
        browser.visit("/").await;
        browser.waiting_for_the_server_with(&token).await;
        browser.error_within("home-page", "Unable to connect").await;

        // A page that needs the user waits for the server rather than asking to sign in.
        browser.visit("/settings").await;
        browser.element("server-unavailable").await;
        browser.waiting_for_the_server_with(&token).await;
        browser.wait_for_path("/settings").await;

        // The server is back: the user is signed in and the page drawn for them.
        browser.network().heal();
        browser.signed_in_again_as(AUTHOR.username).await;
        assert_eq!(browser.value_of("settings-username").await, AUTHOR.username);
    });
}
