use super::*;

#[tokio::test]
#[ignore = "needs PostgreSQL: TEST_DATABASE_URL=postgres://… cargo test -- --ignored (make postgres)"]
async fn a_comment_posted_through_one_instance_reaches_a_socket_on_another() {
    let (first, second) = spawn_two_instances()
        .await
        .expect("set TEST_DATABASE_URL to a PostgreSQL server");
    let jake = first.register("jake").await;
    let anna = first.register("anna").await;
    let slug = slug_of(&first.create_article(&jake, "Shared", &[]).await);
    second.follow(&anna, "jake").await;
    let mut on_second = connect_as(&second, &anna).await;
    subscribe(&mut on_second, &slug).await;

    let posted = first.comment(&jake, &slug, "across instances").await.body["comment"].clone();
    assert_eq!(
        next_json(&mut on_second).await,
        json!({"type": "comment_added", "article": slug, "comment": posted})
    );

    let id = posted["id"].as_i64().unwrap();
    first
        .delete(
            &format!("/api/articles/{slug}/comments/{id}"),
            Some(&jake.token),
        )
        .await;
    assert_eq!(
        next_json(&mut on_second).await,
        json!({"type": "comment_deleted", "article": slug, "commentId": id})
    );

    let article = first.create_article(&jake, "Announced", &[]).await;
    let announced = next_json(&mut on_second).await;
    assert_eq!(
        (&announced["type"], &announced["article"]["slug"]),
        (&json!("article_published"), &article["slug"])
    );
}
