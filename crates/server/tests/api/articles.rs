//! Articles: create, read, list and filter, feed, update, delete.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, slug_of, slugs, spawn_app};

fn is_timestamp(value: &Value) -> bool {
    let text = value.as_str().unwrap_or_default();
    // 2016-02-18T03:22:56.637Z
    text.len() == 24 && text.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

mod create {
    use super::*;

    /// The published `maxLength` is the domain's cap, and the domain measures after trimming:
    /// a title padded beyond the cap is accepted, one really over it is refused with the cap.
    #[tokio::test]
    async fn the_published_title_limit_is_the_domains_counted_after_trimming() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let document = app.get("/api/openapi.json", None).await.body;
        let published = &document["components"]["schemas"]["NewArticle"]["properties"]["title"];
        let cap = published["maxLength"].as_u64().unwrap() as usize;
        let create = |title: String| {
            app.post(
                "/api/articles",
                Some(&jake.token),
                json!({"article": {"title": title, "description": "d", "body": "b"}}),
            )
        };

        let padded = create(format!("  {}  ", "t".repeat(cap))).await;
        assert_eq!(padded.status, StatusCode::CREATED, "{:?}", padded.body);
        assert_eq!(padded.body["article"]["title"], "t".repeat(cap));

        create("t".repeat(cap + 1)).await.assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"title": [format!("is too long (maximum is {cap} characters)")]}),
        );
    }

    #[tokio::test]
    async fn answers_201_with_the_article_as_stored() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;

        let response = app
            .post(
                "/api/articles",
                Some(&jake.token),
                json!({"article": {
                    "title": "How to train your dragon",
                    "description": "Ever wonder how?",
                    "body": "You have to *believe*",
                    "tagList": ["reactjs", "angularjs", "dragons"],
                }}),
            )
            .await;

        assert_eq!(response.status, StatusCode::CREATED);
        let article = &response.body["article"];
        assert!(
            slug_of(article).starts_with("how-to-train-your-dragon-"),
            "{article}"
        );
        assert!(is_timestamp(&article["createdAt"]), "{article}");
        assert_eq!(article["createdAt"], article["updatedAt"]);
        let expected = json!({
            "slug": article["slug"], "title": "How to train your dragon",
            "description": "Ever wonder how?", "body": "You have to *believe*",
            "bodyHtml": "<p>You have to <em>believe</em></p>\n",
            "tagList": ["reactjs", "angularjs", "dragons"],
            "createdAt": article["createdAt"], "updatedAt": article["updatedAt"],
            "favorited": false, "favoritesCount": 0,
            "author": {"username": "jake", "bio": null, "image": null, "following": false},
        });
        assert_eq!(article, &expected);
        let fetched = app
            .get(&format!("/api/articles/{}", slug_of(article)), None)
            .await;
        assert_eq!(
            (fetched.status, &fetched.body["article"]),
            (StatusCode::OK, &expected)
        );
    }

    #[tokio::test]
    async fn tags_are_optional_and_keep_their_order() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let response = app
            .post(
                "/api/articles",
                Some(&jake.token),
                json!({"article": {"title": "t", "description": "d", "body": "b"}}),
            )
            .await;
        assert_eq!(response.body["article"]["tagList"], json!([]));
        let article = app
            .create_article(&jake, "Ordered", &["d_tag", "t_tag", "a_tag"])
            .await;
        assert_eq!(article["tagList"], json!(["d_tag", "t_tag", "a_tag"]));
    }

    #[tokio::test]
    async fn duplicate_titles_get_distinct_slugs() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let first = app.create_article(&jake, "Same title", &[]).await;
        let second = app.create_article(&jake, "Same title", &[]).await;
        assert_ne!(first["slug"], second["slug"]);
    }

    #[tokio::test]
    async fn blank_fields_are_each_reported() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        app.post("/api/articles", Some(&jake.token), json!({"article": {"title": "", "description": " ", "body": ""}}))
            .await
            .assert_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"title": ["can't be blank"], "description": ["can't be blank"], "body": ["can't be blank"]}),
            );
        app.post("/api/articles", Some(&jake.token), json!({"article": {}}))
            .await
            .assert_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"title": ["can't be blank"], "description": ["can't be blank"], "body": ["can't be blank"]}),
            );
    }

    #[tokio::test]
    async fn nul_characters_are_422_naming_each_field() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        app.post(
            "/api/articles",
            Some(&jake.token),
            json!({"article": {"title": "a\0", "description": "d", "body": "b\0"}}),
        )
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"title": ["may not contain NUL characters"], "body": ["may not contain NUL characters"]}),
        );
    }

    #[tokio::test]
    async fn needs_a_token() {
        let app = spawn_app().await;
        app.post(
            "/api/articles",
            None,
            json!({"article": {"title": "t", "description": "d", "body": "b"}}),
        )
        .await
        .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
    }

    #[tokio::test]
    async fn markdown_with_script_comes_back_inert() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let body = "<script>alert('x')</script>\n\n<img src=x onerror=\"alert(1)\">\n\n[link](javascript:alert(2))";
        let response = app
            .post(
                "/api/articles",
                Some(&jake.token),
                json!({"article": {"title": "xss", "description": "d", "body": body}}),
            )
            .await;
        let article = &response.body["article"];
        assert_eq!(
            article["body"], body,
            "the Markdown itself is kept as written"
        );
        let html = article["bodyHtml"].as_str().unwrap();
        for dangerous in ["<script", "onerror", "javascript:"] {
            assert!(!html.contains(dangerous), "{dangerous} in {html}");
        }
    }
}

mod read {
    use super::*;

    #[tokio::test]
    async fn an_unknown_slug_is_404() {
        let app = spawn_app().await;
        app.get("/api/articles/no-such-article", None)
            .await
            .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
    }

    #[tokio::test]
    async fn the_viewer_sees_their_own_following_and_favorited() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let anna = app.register("anna").await;
        let slug = slug_of(&app.create_article(&jake, "Seen", &[]).await);
        app.follow(&anna, "jake").await;
        app.favorite(&anna, &slug).await;

        let as_anna = app
            .get(&format!("/api/articles/{slug}"), Some(&anna.token))
            .await
            .body;
        let anonymous = app.get(&format!("/api/articles/{slug}"), None).await.body;

        assert_eq!(
            (
                &as_anna["article"]["favorited"],
                &as_anna["article"]["author"]["following"]
            ),
            (&json!(true), &json!(true))
        );
        assert_eq!(
            (
                &anonymous["article"]["favorited"],
                &anonymous["article"]["author"]["following"]
            ),
            (&json!(false), &json!(false))
        );
        assert_eq!(anonymous["article"]["favoritesCount"], 1);
    }
}

mod list {
    use super::*;

    async fn library(
        app: &TestApp,
    ) -> (
        Vec<String>,
        crate::helpers::TestUser,
        crate::helpers::TestUser,
    ) {
        let jake = app.register("jake").await;
        let anna = app.register("anna").await;
        let first = slug_of(&app.create_article(&jake, "First", &["rust", "web"]).await);
        let second = slug_of(&app.create_article(&anna, "Second", &["rust"]).await);
        let third = slug_of(&app.create_article(&jake, "Third", &["web"]).await);
        (vec![first, second, third], jake, anna)
    }

    #[tokio::test]
    async fn newest_first_with_the_total_and_no_bodies() {
        let app = spawn_app().await;
        let (created, _, _) = library(&app).await;

        let response = app.get("/api/articles", None).await;

        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(
            slugs(&response),
            [created[2].clone(), created[1].clone(), created[0].clone()]
        );
        assert_eq!(response.body["articlesCount"], 3);
        for article in response.body["articles"].as_array().unwrap() {
            assert!(
                article.get("body").is_none() && article.get("bodyHtml").is_none(),
                "{article}"
            );
            assert!(
                article.get("tagList").is_some() && article.get("author").is_some(),
                "{article}"
            );
        }
    }

    #[tokio::test]
    async fn filters_combine_with_and() {
        let app = spawn_app().await;
        let (created, jake, anna) = library(&app).await;
        app.favorite(&anna, &created[0]).await;
        app.favorite(&anna, &created[2]).await;
        app.favorite(&jake, &created[2]).await;

        let cases = [
            ("/api/articles?tag=rust", vec![&created[1], &created[0]]),
            ("/api/articles?author=jake", vec![&created[2], &created[0]]),
            (
                "/api/articles?favorited=anna",
                vec![&created[2], &created[0]],
            ),
            (
                "/api/articles?tag=web&author=jake",
                vec![&created[2], &created[0]],
            ),
            ("/api/articles?tag=rust&author=jake", vec![&created[0]]),
            (
                "/api/articles?tag=rust&favorited=anna&author=jake",
                vec![&created[0]],
            ),
            ("/api/articles?favorited=jake&tag=rust", vec![]),
            ("/api/articles?author=nobody", vec![]),
            ("/api/articles?tag=unused", vec![]),
        ];
        for (path, expected) in cases {
            let response = app.get(path, None).await;
            assert_eq!(
                slugs(&response).iter().collect::<Vec<_>>(),
                expected,
                "{path}"
            );
            assert_eq!(response.body["articlesCount"], expected.len(), "{path}");
        }
    }

    #[tokio::test]
    async fn limit_and_offset_page_through_while_the_count_stays_total() {
        let app = spawn_app().await;
        let (created, _, _) = library(&app).await;
        let cases = [
            ("limit=1", vec![&created[2]]),
            ("limit=1&offset=1", vec![&created[1]]),
            ("limit=2&offset=2", vec![&created[0]]),
            ("offset=3", vec![]),
            ("offset=100", vec![]),
        ];
        for (query, expected) in cases {
            let response = app.get(&format!("/api/articles?{query}"), None).await;
            assert_eq!(
                slugs(&response).iter().collect::<Vec<_>>(),
                expected,
                "{query}"
            );
            assert_eq!(response.body["articlesCount"], 3, "{query}");
        }
    }

    #[tokio::test]
    async fn bad_pagination_is_422_naming_the_parameter() {
        let app = spawn_app().await;
        let cases = [
            ("limit=0", json!({"limit": ["must be between 1 and 100"]})),
            ("limit=101", json!({"limit": ["must be between 1 and 100"]})),
            ("limit=abc", json!({"limit": ["must be an integer"]})),
            (
                "offset=-1",
                json!({"offset": ["must be greater than or equal to 0"]}),
            ),
            (
                "limit=x&offset=y",
                json!({"limit": ["must be an integer"], "offset": ["must be an integer"]}),
            ),
        ];
        for (query, errors) in cases {
            app.get(&format!("/api/articles?{query}"), None)
                .await
                .assert_error(StatusCode::UNPROCESSABLE_ENTITY, errors);
        }
    }

    #[tokio::test]
    async fn an_empty_database_lists_nothing() {
        let app = spawn_app().await;
        let response = app.get("/api/articles", None).await;
        assert_eq!(
            (response.status, response.body),
            (StatusCode::OK, json!({"articles": [], "articlesCount": 0}))
        );
    }
}

mod feed {
    use super::*;

    #[tokio::test]
    async fn needs_a_token_and_is_not_mistaken_for_a_slug() {
        let app = spawn_app().await;
        app.get("/api/articles/feed", None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
    }

    #[tokio::test]
    async fn a_new_user_has_an_empty_feed() {
        let app = spawn_app().await;
        let anna = app.register("anna").await;
        let response = app.get("/api/articles/feed", Some(&anna.token)).await;
        assert_eq!(
            (response.status, response.body),
            (StatusCode::OK, json!({"articles": [], "articlesCount": 0}))
        );
    }

    #[tokio::test]
    async fn shows_followed_authors_newest_first_until_unfollowed() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let bob = app.register("bob").await;
        let anna = app.register("anna").await;
        let older = slug_of(&app.create_article(&jake, "Older", &[]).await);
        app.create_article(&bob, "Not followed", &[]).await;
        app.create_article(&anna, "Own article", &[]).await;
        let newer = slug_of(&app.create_article(&jake, "Newer", &[]).await);

        app.follow(&anna, "jake").await;
        let feed = app.get("/api/articles/feed", Some(&anna.token)).await;

        assert_eq!(slugs(&feed), [newer.clone(), older.clone()]);
        assert_eq!(feed.body["articlesCount"], 2);
        for article in feed.body["articles"].as_array().unwrap() {
            assert_eq!(article["author"]["following"], true);
            assert!(article.get("body").is_none());
        }
        let first_page = app
            .get("/api/articles/feed?limit=1", Some(&anna.token))
            .await;
        assert_eq!(
            (slugs(&first_page), &first_page.body["articlesCount"]),
            (vec![newer.clone()], &json!(2))
        );

        app.delete("/api/profiles/jake/follow", Some(&anna.token))
            .await;
        let emptied = app.get("/api/articles/feed", Some(&anna.token)).await;
        assert_eq!(emptied.body, json!({"articles": [], "articlesCount": 0}));
    }
}

mod update {
    use super::*;

    #[tokio::test]
    async fn changes_only_the_given_fields_keeping_created_at_and_moving_updated_at() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let created = app.create_article(&jake, "Original", &["keep"]).await;
        let path = format!("/api/articles/{}", slug_of(&created));

        let response = app
            .put(
                &path,
                Some(&jake.token),
                json!({"article": {"body": "New *body*"}}),
            )
            .await;

        assert_eq!(response.status, StatusCode::OK);
        let updated = &response.body["article"];
        assert_eq!(updated["body"], "New *body*");
        assert_eq!(updated["bodyHtml"], "<p>New <em>body</em></p>\n");
        assert_eq!(
            (
                &updated["title"],
                &updated["description"],
                &updated["tagList"],
                &updated["slug"]
            ),
            (
                &created["title"],
                &created["description"],
                &json!(["keep"]),
                &created["slug"]
            )
        );
        assert_eq!(
            updated["createdAt"], created["createdAt"],
            "createdAt is byte-for-byte stable"
        );
        assert_ne!(updated["updatedAt"], created["updatedAt"]);
        assert!(is_timestamp(&updated["updatedAt"]));
        assert_eq!(
            app.get(&path, None).await.body["article"]["body"],
            "New *body*"
        );
    }

    #[tokio::test]
    async fn tag_list_is_kept_when_omitted_cleared_by_empty_and_refused_when_null() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let path = format!(
            "/api/articles/{}",
            slug_of(&app.create_article(&jake, "Tagged", &["a", "b"]).await)
        );

        let replaced = app
            .put(
                &path,
                Some(&jake.token),
                json!({"article": {"tagList": ["c"]}}),
            )
            .await;
        assert_eq!(replaced.body["article"]["tagList"], json!(["c"]));
        let kept = app
            .put(
                &path,
                Some(&jake.token),
                json!({"article": {"title": "Retitled"}}),
            )
            .await;
        assert_eq!(kept.body["article"]["tagList"], json!(["c"]));
        let cleared = app
            .put(
                &path,
                Some(&jake.token),
                json!({"article": {"tagList": []}}),
            )
            .await;
        assert_eq!(cleared.body["article"]["tagList"], json!([]));
        app.put(
            &path,
            Some(&jake.token),
            json!({"article": {"tagList": null}}),
        )
        .await
        .assert_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"tagList": ["must be an array"]}),
        );
    }

    #[tokio::test]
    async fn checks_run_in_order_token_then_existence_then_ownership() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let anna = app.register("anna").await;
        let path = format!(
            "/api/articles/{}",
            slug_of(&app.create_article(&jake, "Mine", &[]).await)
        );
        let body = json!({"article": {"title": "Stolen"}});

        app.put("/api/articles/nope", None, body.clone())
            .await
            .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
        app.put("/api/articles/nope", Some(&anna.token), body.clone())
            .await
            .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
        app.put(&path, Some(&anna.token), body)
            .await
            .assert_error(StatusCode::FORBIDDEN, json!({"article": ["forbidden"]}));
        assert_eq!(app.get(&path, None).await.body["article"]["title"], "Mine");
    }

    #[tokio::test]
    async fn a_blank_title_is_422() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let path = format!(
            "/api/articles/{}",
            slug_of(&app.create_article(&jake, "Mine", &[]).await)
        );
        app.put(&path, Some(&jake.token), json!({"article": {"title": ""}}))
            .await
            .assert_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"title": ["can't be blank"]}),
            );
    }
}

mod delete {
    use super::*;

    #[tokio::test]
    async fn the_author_deletes_with_204_and_it_is_gone_with_its_comments() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let slug = slug_of(&app.create_article(&jake, "Doomed", &["doomed"]).await);
        app.comment(&jake, &slug, "first").await;
        app.favorite(&jake, &slug).await;

        let response = app
            .delete(&format!("/api/articles/{slug}"), Some(&jake.token))
            .await;

        assert_eq!(
            (response.status, response.body),
            (StatusCode::NO_CONTENT, Value::Null)
        );
        app.get(&format!("/api/articles/{slug}"), None)
            .await
            .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
        app.get(&format!("/api/articles/{slug}/comments"), None)
            .await
            .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
        assert_eq!(
            app.get("/api/articles?favorited=jake", None).await.body["articlesCount"],
            0
        );
        assert_eq!(app.get("/api/tags", None).await.body, json!({"tags": []}));
    }

    #[tokio::test]
    async fn checks_run_in_order_token_then_existence_then_ownership() {
        let app = spawn_app().await;
        let jake = app.register("jake").await;
        let anna = app.register("anna").await;
        let slug = slug_of(&app.create_article(&jake, "Mine", &[]).await);

        app.request(Method::DELETE, "/api/articles/nope", None, None)
            .await
            .assert_error(StatusCode::UNAUTHORIZED, json!({"token": ["is missing"]}));
        app.delete("/api/articles/nope", Some(&anna.token))
            .await
            .assert_error(StatusCode::NOT_FOUND, json!({"article": ["not found"]}));
        app.delete(&format!("/api/articles/{slug}"), Some(&anna.token))
            .await
            .assert_error(StatusCode::FORBIDDEN, json!({"article": ["forbidden"]}));
        assert_eq!(
            app.get(&format!("/api/articles/{slug}"), None).await.status,
            StatusCode::OK
        );
    }
}
