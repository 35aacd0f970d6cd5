//! Live updates on the article page: what one person does with comments shows up for another
//! without a reload, and the page copes when the WebSocket is out of reach.

use std::time::Duration;

use crate::support::{AUTHOR, READER, browser_test, test_name, two_browser_test};

#[test]
fn comments_appear_and_disappear_for_another_reader_without_a_reload() {
    two_browser_test(
        test_name!(),
        |author_browser, reader_browser, api| async move {
            let first = "First! Ask me anything.";
            let reply = "How do you test the socket?";
            let author = api.register(AUTHOR).await;
            let reader = api.register(READER).await;
            let slug = api
                .create_article(&author, "Live from the editor", "Comments welcome.")
                .await;
            let page = format!("/article/{slug}");

            // Both have the article open, and the server has confirmed each subscription.
            reader_browser.sign_in(&reader).await;
            reader_browser.visit(&page).await;
            reader_browser
                .element_with_text("live-status", "live")
                .await;
            reader_browser.remember_document().await;
            author_browser.sign_in(&author).await;
            author_browser.visit(&page).await;
            author_browser
                .element_with_text("live-status", "live")
                .await;

            // The author's comment appears for the reader...
            author_browser.fill("comment-input", first).await;
            author_browser
                .click_with_text("comment-submit", "Post Comment")
                .await;
            author_browser
                .element_with_text("comment-body", first)
                .await;
            reader_browser
                .element_with_text("comment-body", first)
                .await;

            // ...and the reader's reply for the author.
            reader_browser.fill("comment-input", reply).await;
            reader_browser
                .click_with_text("comment-submit", "Post Comment")
                .await;
            reader_browser
                .element_with_text("comment-body", reply)
                .await;
            author_browser
                .element_with_text("comment-body", reply)
                .await;

            // The author deletes theirs (the only one with a trash icon on their page): it
            // disappears for the reader too.
            author_browser
                .matching("span.mod-options i.ion-trash-a")
                .await
                .click()
                .await
                .expect("the trash icon takes a click");
            author_browser
                .wait_until_gone_with_text("comment-body", first)
                .await;
            reader_browser
                .wait_until_gone_with_text("comment-body", first)
                .await;

            // The socket also echoed the reader's own reply, before the deletion: it is still
            // listed once. And all of this happened on the page first loaded.
            assert_eq!(reader_browser.texts("comment-body").await, [reply]);
            reader_browser.assert_not_reloaded().await;
        },
    );
}

#[test]
fn without_the_socket_the_article_page_still_works_and_catches_up_when_it_returns() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(AUTHOR).await;
        let reader = api.register(READER).await;
        let slug = api
            .create_article(&author, "Patchy network", "Comments welcome.")
            .await;

        // WebSockets cannot get through; plain HTTP can.
        browser.network().refuse_websockets();
        browser.sign_in(&reader).await;
        browser.visit(&format!("/article/{slug}")).await;
        browser.element_with_text("live-status", "offline").await;
        browser.remember_document().await;

        // The page still works: the reader's comment goes out over HTTP.
        let mine = "Posted without the socket";
        browser.fill("comment-input", mine).await;
        browser
            .click_with_text("comment-submit", "Post Comment")
            .await;
        browser.element_with_text("comment-body", mine).await;

        // Meanwhile the author comments; the page cannot hear of it yet.
        let missed = "Written while you were offline";
        api.add_comment(&author, &slug, missed).await;

        // The socket gets through again: the page reconnects by itself at its next attempt
        // (back-off: up to a few seconds after a few failures), subscribes again, and
        // catches up on what it missed.
        browser.network().allow_websockets();
        browser
            .element_with_text_within("live-status", "live", Duration::from_secs(15))
            .await;
        browser.element_with_text("comment-body", missed).await;

        // From now on it is live again.
        let live = "And this one arrives live";
        api.add_comment(&author, &slug, live).await;
        browser.element_with_text("comment-body", live).await;
        assert_eq!(browser.texts("comment-body").await, [live, missed, mine]);
        browser.assert_not_reloaded().await;
    });
}
