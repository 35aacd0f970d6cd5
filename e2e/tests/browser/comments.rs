//! Comments: a reader posts one under an article, and deletes it again.

use crate::support::{AUTHOR, READER, browser_test, test_name};

#[test]
fn a_reader_posts_a_comment_and_deletes_it() {
    browser_test(test_name!(), |browser, api| async move {
        let comment = "Thanks, this helped me a lot.";
        let author = api.register(AUTHOR).await;
        let slug = api
            .create_article(&author, "Worth a comment", "Tell me what you think.")
            .await;
        let reader = api.register(READER).await;
        browser.sign_in(&reader).await;

        // Post it: it is listed under the reader's name, and the box is empty again.
        browser.visit(&format!("/article/{slug}")).await;
        browser.fill("comment-input", comment).await;
        browser
            .click_with_text("comment-submit", "Post Comment")
            .await;
        browser.element_with_text("comment-body", comment).await;
        browser
            .element_with_text("comment-author", READER.username)
            .await;
        assert_eq!(browser.value_of("comment-input").await, "");

        // It is stored: still there after a reload.
        browser.reload().await;
        browser.element_with_text("comment-body", comment).await;

        // The trash icon deletes it, for good.
        browser
            .matching("span.mod-options i.ion-trash-a")
            .await
            .click()
            .await
            .expect("the trash icon takes a click");
        browser
            .wait_until_gone_with_text("comment-body", comment)
            .await;
        browser.reload().await;
        // The thread is drawn with the article, loading until the API has answered.
        browser.element("article-title").await;
        browser.wait_until_gone("comments-loading").await;
        assert_eq!(browser.count("comment").await, 0);
    });
}
