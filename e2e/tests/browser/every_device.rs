//! "Every device, every user" (realworld-ui.md): every route at 390×844, signed out and signed
//! in, fits the screen without sideways scroll, names itself in `document.title`, and passes
//! axe-core without a serious or critical finding; the controls work from the keyboard. The
//! data is built to break layouts: a 40-character username, an unbroken 150-character title, a
//! 40-character tag, and enough articles for a second page.

use crate::support::{Account, Api, Browser, READER, browser_test, test_name};

const PHONE: (u32, u32) = (390, 844);
const DESKTOP: (u32, u32) = (1280, 800);

/// The longest name the API takes, without a space to break at.
const LONG_NAME: Account = Account {
    username: "averylongusernamethatfillsfortycharacter",
    email: "long.name@example.com",
    password: "a password long enough",
};
const LONG_TAG: &str = "atagnamesolongitwouldpushapagesideways40";

/// One page of the sweep: where it is, the `data-test` name that says it has drawn, its title.
struct Route {
    path: String,
    ready: &'static str,
    title: String,
}

fn route(path: impl Into<String>, ready: &'static str, title: impl Into<String>) -> Route {
    Route {
        path: path.into(),
        ready,
        title: title.into(),
    }
}

/// The routes everyone may see, signed in or not; the author's article and profile are drawn
/// once `article_ready` and `profile_ready` show (the author's controls differ from a reader's).
fn routes_anyone_sees(
    world: &World,
    article_ready: &'static str,
    profile_ready: &'static str,
) -> Vec<Route> {
    let name = LONG_NAME.username;
    vec![
        route("/", "pagination", "Home — Conduit"),
        route(
            format!("/tag/{LONG_TAG}"),
            "feed-tab-tag",
            format!("#{LONG_TAG} — Conduit"),
        ),
        route(
            format!("/article/{}", world.slug),
            article_ready,
            format!("{} — Conduit", world.title),
        ),
        route(
            format!("/profile/{name}"),
            profile_ready,
            format!("{name} — Conduit"),
        ),
        route(
            format!("/profile/{name}/favorites"),
            "empty-feed-message",
            format!("{name} — Conduit"),
        ),
        route("/no/such/page", "not-found", "Page not found — Conduit"),
    ]
}

/// What the sweeps share: the people and articles the routes show.
struct World {
    slug: String,
    title: String,
}

async fn build_world(api: &Api, author_token: &str) -> World {
    let title = format!("An unbroken title {}", "x".repeat(130));
    let slug = api
        .create_tagged_article(
            author_token,
            &title,
            &format!(
                "A body with a long word: {} and a URL https://example.com/{}",
                "y".repeat(120),
                "z".repeat(120)
            ),
            &["popular", LONG_TAG],
        )
        .await;
    // Ten more, so the feed has a second page; "popular" ends up the most used tag.
    for number in 1..=10 {
        let tags: &[&str] = if number % 2 == 0 {
            &["popular"]
        } else {
            &["rare"]
        };
        api.create_tagged_article(
            author_token,
            &format!("Filler {number:02}"),
            "Filler.",
            tags,
        )
        .await;
    }
    api.add_comment(
        author_token,
        &slug,
        &format!("A comment with a long word: {}", "w".repeat(100)),
    )
    .await;
    World { slug, title }
}

/// Visits each route in the app, and collects what fails on it rather than stopping at the
/// first, so one run lists every page's problems.
async fn sweep(browser: &Browser, routes: &[Route]) {
    let mut problems = Vec::new();
    for route in routes {
        browser.go_in_app(&route.path).await;
        browser.element(route.ready).await;
        browser.wait_for_title(&route.title).await;
        let (overflow, culprits) = browser.sideways_overflow().await;
        if overflow > 0 {
            problems.push(format!(
                "{}: scrolls {overflow}px sideways: {culprits}",
                route.path
            ));
        }
        let (counts, failing) = browser.accessibility_findings().await;
        eprintln!("axe {}: {counts}", route.path);
        problems.extend(
            failing
                .into_iter()
                .map(|line| format!("{}: {line}", route.path)),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_route_fits_a_phone_and_passes_axe_signed_out() {
    browser_test(test_name!(), |browser, api| async move {
        let author = api.register(LONG_NAME).await;
        let world = build_world(&api, &author).await;

        browser.visit("/").await;
        browser.resize(PHONE.0, PHONE.1).await;
        let mut routes = routes_anyone_sees(&world, "comment-body", "follow-button");
        routes.push(route("/login", "login-heading", "Sign in — Conduit"));
        routes.push(route("/register", "register-heading", "Sign up — Conduit"));
        sweep(&browser, &routes).await;

        // The sidebar lists the tags as the API orders them (by use), and pages are a labelled nav.
        browser.go_in_app("/").await;
        browser.element_with_text("tag-pill", "popular").await;
        assert_eq!(browser.texts("tag-pill").await, api.tags().await);
        browser.matching("nav[aria-label] .pagination").await;
    });
}

#[test]
fn every_route_fits_a_phone_and_passes_axe_signed_in_and_works_from_the_keyboard() {
    browser_test(test_name!(), |browser, api| async move {
        let token = api.register(LONG_NAME).await;
        let world = build_world(&api, &token).await;
        let name = LONG_NAME.username;
        let other = api.register(READER).await;
        let theirs = api
            .create_article(&other, "Someone else's", "Follow me.")
            .await;
        api.add_comment(&token, &world.slug, "Delete me with Space")
            .await;

        browser.sign_in(&token).await;
        browser.visit("/").await;
        browser.element_with_text("nav-user", name).await;
        browser.resize(PHONE.0, PHONE.1).await;
        let mut routes = routes_anyone_sees(&world, "comment-delete", "edit-profile-settings");
        routes.extend([
            route(
                "/?feed=following",
                "empty-feed-message",
                "Your Feed — Conduit",
            ),
            route("/editor", "editor-title", "New Article — Conduit"),
            route(
                format!("/editor/{}", world.slug),
                "editor-tag",
                "Edit Article — Conduit",
            ),
            route("/settings", "settings-username", "Settings — Conduit"),
            route(
                format!("/article/{theirs}"),
                "follow-button",
                "Someone else's — Conduit",
            ),
            route(
                format!("/profile/{}", READER.username),
                "follow-button",
                format!("{} — Conduit", READER.username),
            ),
        ]);
        sweep(&browser, &routes).await;

        // Comment delete answers Enter and Space, like any button.
        browser.go_in_app(&format!("/article/{}", world.slug)).await;
        browser
            .element_with_text("comment-body", "Delete me with Space")
            .await;
        assert_eq!(browser.count("comment-delete").await, 2);
        browser
            .element("comment-delete")
            .await
            .send_keys(" ")
            .await
            .expect("Space reaches the button");
        browser
            .wait_until_gone_with_text("comment-body", "Delete me with Space")
            .await;
        browser.press_enter_on("comment-delete").await;
        browser.wait_until_gone("comment-delete").await;

        // The editor's tag × is reached with Tab from the tag box, shows a focus ring, and
        // Space removes the tag.
        browser.go_in_app("/editor").await;
        browser.enter("editor-tags", "first").await;
        browser.enter("editor-tags", "second").await;
        browser.element_with_text("editor-tag", "second").await;
        browser.press_tab_in("editor-tags").await;
        let focused = browser
            .execute(
                "const el = document.activeElement;
                 return [el.dataset.test, el.getAttribute('aria-label'), getComputedStyle(el).outlineStyle];",
                vec![],
            )
            .await;
        assert_eq!(
            focused,
            serde_json::json!(["editor-tag-remove", "Remove tag first", "solid"])
        );
        browser.press_space_on_focused().await;
        browser
            .wait_until_gone_with_text("editor-tag", "first")
            .await;
        assert_eq!(browser.texts("editor-tag").await, ["second"]);

        // On a desktop the long title and tag wrap too.
        browser.resize(DESKTOP.0, DESKTOP.1).await;
        for path in [format!("/article/{}", world.slug), "/".to_owned()] {
            browser.go_in_app(&path).await;
            browser.element("article-title").await;
            let (overflow, culprits) = browser.sideways_overflow().await;
            assert!(
                overflow <= 0,
                "{path} at 1280 scrolls {overflow}px sideways: {culprits}"
            );
        }
    });
}
