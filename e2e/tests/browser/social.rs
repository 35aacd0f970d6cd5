//! What readers do with other people's work: favorite it, and follow its author.

use crate::support::{AUTHOR, READER, browser_test, test_name};

#[test]
fn a_reader_favorites_an_article_from_the_feed_and_from_its_page() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(AUTHOR).await;
        api.create_article(&author, "Worth a heart", "Favorite me.")
            .await;
        let reader = api.register(READER).await;
        browser.sign_in(&reader).await;

        // From the feed: the outlined heart fills and counts one.
        browser.visit("/").await;
        browser
            .matching("[data-test='favorite-button'].btn-outline-primary")
            .await;
        browser.element_with_text("favorite-count", "0").await;
        browser.click("favorite-button").await;
        browser
            .matching("[data-test='favorite-button'].btn-primary")
            .await;
        browser.element_with_text("favorite-count", "1").await;

        // The article's page knows (the server kept it), and toggles it both ways.
        browser.click("preview-link").await;
        browser
            .element_with_text("favorite-button", "Unfavorite Article (1)")
            .await;
        browser.click("favorite-button").await;
        browser
            .element_with_text("favorite-button", "Favorite Article (0)")
            .await;
        browser
            .matching("[data-test='favorite-button'].btn-outline-primary")
            .await;
        browser.click("favorite-button").await;
        browser
            .element_with_text("favorite-button", "Unfavorite Article (1)")
            .await;
        browser
            .matching("[data-test='favorite-button'].btn-primary")
            .await;
        browser.reload().await;
        browser
            .element_with_text("favorite-button", "Unfavorite Article (1)")
            .await;
    });
}

#[test]
fn a_reader_follows_an_author_and_gets_their_articles_in_your_feed() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(AUTHOR).await;
        api.create_article(&author, "Notes from ada", "Follow me for more.")
            .await;
        let reader = api.register(READER).await;
        browser.sign_in(&reader).await;

        // Following nobody, Your Feed is empty.
        browser.visit("/?feed=following").await;
        browser.element("empty-feed-message").await;

        // Follow the author from their profile, reached from the Global Feed.
        browser.click("feed-tab-global").await;
        browser
            .element_with_text("article-title", "Notes from ada")
            .await;
        browser.open_author_profile(AUTHOR.username).await;
        browser
            .click_with_text("follow-button", &format!("Follow {}", AUTHOR.username))
            .await;
        browser
            .element_with_text("follow-button", &format!("Unfollow {}", AUTHOR.username))
            .await;

        // Your Feed now brings their article.
        browser.click("nav-home").await;
        browser.click("feed-tab-your").await;
        browser.wait_for_path("/?feed=following").await;
        browser
            .element_with_text("article-title", "Notes from ada")
            .await;

        // While the reader is on the feed, a new article is announced live; the banner
        // leads to the feed again, which now lists it.
        browser.element_with_text("live-status", "live").await;
        api.create_article(&author, "Fresh from ada", "Just published.")
            .await;
        browser
            .shown("new-articles-banner")
            .await
            .click()
            .await
            .expect("the banner takes a click");
        browser
            .element_with_text("article-title", "Fresh from ada")
            .await;
        assert_eq!(
            browser.texts("article-title").await,
            ["Fresh from ada", "Notes from ada"]
        );
    });
}

#[test]
fn an_empty_your_feed_says_so_and_links_to_the_global_feed() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(AUTHOR).await;
        api.create_article(&author, "Out in the open", "On the Global Feed.")
            .await;
        let reader = api.register(READER).await;
        browser.sign_in(&reader).await;

        browser.visit("/?feed=following").await;
        browser
            .wait_for_matching_text(
                ".empty-feed-message",
                "Your feed is empty: follow authors to see their articles here. Browse the Global Feed",
            )
            .await;
        browser
            .matching(".empty-feed-message a[href='/']")
            .await
            .click()
            .await
            .expect("the link takes a click");
        browser.wait_for_path("/").await;
        browser
            .element_with_text("article-title", "Out in the open")
            .await;
    });
}

#[test]
fn no_hidden_element_duplicates_a_visible_link_on_the_signed_in_home_page() {
    browser_test(test_name!(), |browser, api| async move {
        let reader = api.register(READER).await;
        browser.sign_in(&reader).await;

        // Everything the page draws before anything is announced: tabs, feed, live badge.
        browser.visit("/?feed=following").await;
        browser.element("empty-feed-message").await;
        browser.element_with_text("live-status", "live").await;
        assert_eq!(browser.count("new-articles-banner").await, 0);
        assert_eq!(
            browser.hidden_duplicates_of_visible_links().await,
            serde_json::json!([])
        );
    });
}
