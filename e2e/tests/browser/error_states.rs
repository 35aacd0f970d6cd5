//! Error states keep the page frame ("When things go wrong" in realworld-ui.md): an unknown or
//! failing article, profile or sidebar still renders its page, with the reason in
//! `ul.error-messages`.

use crate::support::{AUTHOR, Fault, Requests, browser_test, test_name};

#[test]
fn an_unknown_or_failing_article_and_an_unknown_profile_keep_their_page_frame() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(AUTHOR).await;
        let slug = api
            .create_article(&author, "Flaky today", "The server fails on me.")
            .await;

        browser.visit("/article/no-such-article").await;
        browser
            .error_within("article-page", "article not found")
            .await;

        // `.user-info` belongs to a loaded profile only: the error state has the frame alone.
        browser.visit("/profile/nobody-by-that-name").await;
        browser
            .error_within("profile-page", "profile not found")
            .await;
        assert!(browser.first_matching(".user-info").await.is_none());

        browser.network().fail(
            Requests::to("GET", format!("/api/articles/{slug}")),
            Fault::SERVER_ERROR,
        );
        browser.visit(&format!("/article/{slug}")).await;
        browser
            .error_within("article-page", "The server ran into a problem (503)")
            .await;
    });
}

#[test]
fn a_page_whose_sidebar_fails_keeps_its_banner_and_feed_toggle() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(AUTHOR).await;
        api.create_article(&author, "Tags are down", "But articles are not.")
            .await;
        browser
            .network()
            .fail(Requests::to("GET", "/api/tags"), Fault::SERVER_ERROR);

        browser.visit("/").await;
        browser.error_within("sidebar", "(503)").await;
        browser.element("banner").await;
        browser
            .element_with_text("feed-tab-global", "Global Feed")
            .await;
        browser.has_class("feed-toggle").await;
        browser
            .element_with_text("article-title", "Tags are down")
            .await;
    });
}

#[test]
fn a_users_image_that_fails_to_load_keeps_its_src_and_the_default_avatar_shows_beside_it() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(AUTHOR).await;
        let broken = format!(
            "{}/assets/no-such-picture.png",
            browser.network().base_url()
        );
        api.set_image(&token, &broken).await;

        browser
            .visit(&format!("/profile/{}", AUTHOR.username))
            .await;
        let fallback = browser.element("profile-image-fallback").await;
        let fallback_src = fallback.attr("src").await.unwrap().unwrap_or_default();
        assert!(
            fallback_src.contains("default-avatar.svg"),
            "{fallback_src}"
        );
        let image = browser.element("profile-image").await;
        assert_eq!(image.attr("src").await.unwrap(), Some(broken));
        let shown = browser
            .execute(
                "const shown = (name) => document.querySelector(`[data-test=${name}]`)
                   .getClientRects().length > 0;
                 return [shown('profile-image'), shown('profile-image-fallback')];",
                vec![],
            )
            .await;
        assert_eq!(shown, serde_json::json!([false, true]));
    });
}
