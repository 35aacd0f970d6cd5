//! The accept loop: HTTP/1.1 through hyper with a timer, so that a client must send each
//! request's header within the header-read timeout or lose its connection.

use std::future::Future;
use std::io;
use std::pin::pin;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt as _;

use crate::config::ConnectionsConfig;

/// Serves `router` on `listener` until `shutdown` completes, then lets the connections finish
/// the requests they are in and returns once all have closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    connections: &ConnectionsConfig,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(connections.header_read_timeout);
    // Dropping `stop` tells every connection to finish; each holds a clone of `open`, so that
    // `open_closed` completes when the last one has gone.
    let (stop, stopping) = watch::channel(());
    let (open_closed, open) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    wait_after_accept_error(error).await;
                    continue;
                }
            },
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |request: Request<Incoming>| {
            let mut request = request.map(Body::new);
            // What `Router::into_make_service_with_connect_info` would insert.
            request.extensions_mut().insert(ConnectInfo(remote));
            router.clone().oneshot(request)
        });
        let connection = http
            .serve_connection(TokioIo::new(stream), service)
            .with_upgrades();
        let mut stopping = stopping.clone();
        let open = open.clone();
        tokio::spawn(async move {
            let mut connection = pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                _ = stopping.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(error) = result {
                tracing::debug!(%error, %remote, "connection closed");
            }
            drop(open);
        });
    }
    drop(stop);
    drop(open);
    open_closed.closed().await;
    Ok(())
}

/// A connection that failed before it was accepted is the client's problem; anything else
/// (such as running out of file descriptors) is ours, and retrying at once would spin.
async fn wait_after_accept_error(error: io::Error) {
    if matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "cannot accept connections");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
