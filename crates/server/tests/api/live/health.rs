use super::*;

async fn live_connections_become(app: &TestApp, expected: u64) {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let health = app.get("/api/health", None).await.body;
        if health == json!({"status": "ok", "liveConnections": expected}) {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "stuck at {health}");
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn the_health_probe_counts_open_sockets() {
    let app = spawn_app().await;
    live_connections_become(&app, 0).await;
    let first = connect_anonymously(&app).await;
    let mut second = connect_anonymously(&app).await;
    live_connections_become(&app, 2).await;
    drop(first);
    second.close(None).await.unwrap();
    live_connections_become(&app, 0).await;
}
