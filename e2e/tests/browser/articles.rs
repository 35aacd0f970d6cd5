//! Articles: writing, finding, editing and deleting one; who may change it; paging through a
//! feed; and a body full of markup that must run nothing.

use serde_json::json;

use crate::support::{AUTHOR, READER, browser_test, test_name};

#[test]
fn an_author_publishes_an_article_with_tags_finds_it_everywhere_edits_and_deletes_it() {
    browser_test(test_name!(), |browser, api| async move {
        let title = "Testing in a real browser";
        let new_title = "Testing in two real browsers";
        let token = api.register(AUTHOR).await;
        // Someone else's untagged article, so each list below has something to leave out.
        let other = api.register(READER).await;
        api.create_article(&other, "Untagged notes", "Nothing to see.")
            .await;
        browser.sign_in(&token).await;

        // Write it in the editor; Enter turns each tag into a pill.
        browser.visit("/").await;
        browser.click("nav-editor").await;
        browser.wait_for_path("/editor").await;
        browser.fill("editor-title", title).await;
        browser
            .fill("editor-description", "Why fantoccini drives Chromium")
            .await;
        browser
            .fill("editor-body", "Tests that **click** what users click.")
            .await;
        browser.enter("editor-tags", "testing").await;
        browser.enter("editor-tags", "browsers").await;
        browser.element_with_text("editor-tag", "browsers").await;
        browser
            .click_with_text("editor-submit", "Publish Article")
            .await;
        browser.element_with_text("article-title", title).await;
        assert_eq!(browser.texts("article-tag").await, ["testing", "browsers"]);

        // It is on the Global Feed...
        browser.click("nav-home").await;
        browser.wait_for_path("/").await;
        browser.element_with_text("article-title", title).await;
        browser
            .element_with_text("article-title", "Untagged notes")
            .await;

        // ...on the page of each of its tags, alone...
        browser.click_with_text("tag-pill", "browsers").await;
        browser.wait_for_path("/tag/browsers").await;
        browser.element_with_text("feed-tab-tag", "browsers").await;
        browser.element_with_text("article-title", title).await;
        assert_eq!(browser.texts("article-title").await, [title]);

        // ...and on its author's profile, alone.
        browser.open_author_profile(AUTHOR.username).await;
        browser
            .element_with_text("profile-username", AUTHOR.username)
            .await;
        browser.element_with_text("article-title", title).await;
        assert_eq!(browser.texts("article-title").await, [title]);

        // Edit the title.
        browser.click("preview-link").await;
        browser
            .click_with_text("edit-article", "Edit Article")
            .await;
        browser.element("editor-title").await;
        assert_eq!(browser.value_of("editor-title").await, title);
        browser.fill("editor-title", new_title).await;
        browser
            .click_with_text("editor-submit", "Publish Article")
            .await;
        browser.element_with_text("article-title", new_title).await;

        // Delete it: back on the feed, only the other article is left.
        browser
            .click_with_text("delete-article", "Delete Article")
            .await;
        browser.wait_for_path("/").await;
        browser
            .element_with_text("article-title", "Untagged notes")
            .await;
        assert_eq!(browser.texts("article-title").await, ["Untagged notes"]);
    });
}

#[test]
fn only_the_author_sees_edit_and_delete_on_an_article() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(AUTHOR).await;
        let reader = api.register(READER).await;
        let slug = api
            .create_article(&author, "Mine to change", "Only I may edit this.")
            .await;
        let page = format!("/article/{slug}");

        // Signed out, then signed in as someone else: the reader's controls, not the author's.
        // (They are drawn together, so once Follow shows, Edit and Delete would too.)
        for token in [None, Some(&reader)] {
            if let Some(token) = token {
                browser.sign_in(token).await;
            }
            browser.visit(&page).await;
            browser
                .element_with_text("follow-button", &format!("Follow {}", AUTHOR.username))
                .await;
            assert_eq!(
                browser.count("edit-article").await,
                0,
                "signed in: {token:?}"
            );
            assert_eq!(
                browser.count("delete-article").await,
                0,
                "signed in: {token:?}"
            );
        }

        // The author gets both (and no button to follow themselves).
        browser.sign_in(&author).await;
        browser.visit(&page).await;
        browser
            .element_with_text("edit-article", "Edit Article")
            .await;
        browser
            .element_with_text("delete-article", "Delete Article")
            .await;
        assert_eq!(browser.count("follow-button").await, 0);
    });
}

#[test]
fn the_global_feed_pages_through_more_articles_than_fit_on_one_page() {
    browser_test(test_name!(), |browser, api| async move {
        // One more than a page holds: the UI asks for 10 at a time (article-list.js).
        let token = api.register(AUTHOR).await;
        for number in 1..=11 {
            api.create_article(&token, &format!("Article {number:02}"), "Filler.")
                .await;
        }

        browser.visit("/").await;
        browser
            .wait_for_matching_text(".pagination .page-item.active", "1")
            .await;
        let newest_first: Vec<String> = (2..=11).rev().map(|n| format!("Article {n:02}")).collect();
        assert_eq!(browser.texts("article-title").await, newest_first);

        browser.click_with_text("page-link", "2").await;
        browser.wait_for_path("/?page=2").await;
        browser
            .wait_for_matching_text(".pagination .page-item.active", "2")
            .await;
        assert_eq!(browser.texts("article-title").await, ["Article 01"]);
        assert_eq!(
            browser
                .matching_texts(".pagination .page-item.active")
                .await,
            ["2"]
        );
    });
}

#[test]
fn script_and_event_handlers_in_an_article_body_run_nothing() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(AUTHOR).await;
        let body = "Some **bold** words.\n\n\
                <img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">\
                <script>document.body.setAttribute('data-pwned','2')</script>\n\n\
                [a link](javascript:document.body.setAttribute('data-pwned','3'))";
        let slug = api.create_article(&token, "Harmless?", body).await;

        browser.visit(&format!("/article/{slug}")).await;
        // The Markdown is rendered (so the body did reach the page)...
        browser
            .wait_for_matching_text(".article-content strong", "bold")
            .await;
        // ...and once its images have loaded or failed, an onerror would have run.
        browser
            .wait_until(
                "the body's images to finish loading",
                "return [...document.querySelectorAll('.article-content img')]\
                     .every((img) => img.complete);",
            )
            .await;
        if let Some(link) = browser.first_matching(".article-content a").await {
            link.click().await.expect("the link takes a click");
        }

        let verdict = browser
                .execute(
                    "const body = document.querySelector('.article-content');
                     const attributes = [...body.querySelectorAll('*')]
                       .flatMap((element) => [...element.attributes].map((a) => a.name));
                     return {
                       pwned: document.body.getAttribute('data-pwned'),
                       scripts: body.querySelectorAll('script').length,
                       handlers: attributes.filter((name) => name.startsWith('on')),
                       javascriptLinks: [...body.querySelectorAll('a[href]')]
                         .filter((a) => a.href.trim().toLowerCase().startsWith('javascript:')).length,
                     };",
                    vec![],
                )
                .await;
        assert_eq!(
            verdict,
            json!({"pwned": null, "scripts": 0, "handlers": [], "javascriptLinks": 0})
        );
        browser.wait_for_path(&format!("/article/{slug}")).await;
    });
}

#[test]
fn markdown_lists_in_an_article_body_keep_their_bullets_and_indentation() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(AUTHOR).await;
        let body = "Steps:\n\n- write a test\n- watch it fail\n\n1. first\n2. second";
        let slug = api.create_article(&token, "Lists", body).await;

        browser.visit(&format!("/article/{slug}")).await;
        browser
            .wait_for_matching_text(".article-content ul li", "watch it fail")
            .await;
        let styles = browser
            .execute(
                "const style = (selector) => {
                   const s = getComputedStyle(document.querySelector(selector));
                   return [s.listStyleType, s.paddingLeft !== '0px'];
                 };
                 return { ul: style('.article-content ul'), ol: style('.article-content ol') };",
                vec![],
            )
            .await;
        assert_eq!(
            styles,
            json!({"ul": ["disc", true], "ol": ["decimal", true]})
        );
    });
}
