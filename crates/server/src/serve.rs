//! The accept loop: HTTP/1.1 through hyper with a timer, so that a client must send each
//! request's header within the header-read timeout or lose its connection, and at most
//! `max_connections` connections open at once: the next one is accepted when one closes, and
//! until then waits in the kernel's listen backlog.

use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tower::ServiceExt as _;

use crate::config::ConnectionsConfig;

/// Serves `router` on `listener` until `shutdown` completes, then lets the connections finish
/// the requests they are in and returns once all have closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    connections: ConnectionsConfig,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let places = Arc::new(Semaphore::new(
        connections
            .max_connections
            .get()
            .min(Semaphore::MAX_PERMITS),
    ));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(connections.header_read_timeout);
    // Dropping `stop` tells every connection to finish; each holds a clone of `open`, so that
    // `open_closed` completes when the last one has gone.
    let (stop, stopping) = watch::channel(());
    let (open_closed, open) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        // A place first, then the connection: past the cap, clients wait in the backlog (served
        // in turn, as places free) rather than being accepted only to be turned away.
        let place = tokio::select! {
            () = &mut shutdown => break,
            place = places.clone().acquire_owned() => place.map_err(io::Error::other)?,
        };
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
            .serve_connection(
                TokioIo::new(Counted {
                    stream,
                    _place: place,
                }),
                service,
            )
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

/// A connection that keeps its place under the cap for as long as it is open: after a WebSocket
/// upgrade too, when hyper has handed the stream over.
struct Counted {
    stream: TcpStream,
    _place: OwnedSemaphorePermit,
}

impl Counted {
    fn stream(self: Pin<&mut Self>) -> Pin<&mut TcpStream> {
        let Counted { stream, _place } = self.get_mut();
        Pin::new(stream)
    }
}

impl AsyncRead for Counted {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.stream().poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.stream().poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.stream().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.stream().poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.stream().poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;
    use std::num::NonZeroUsize;

    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::sync::oneshot;

    use super::*;

    async fn start(
        router: Router,
    ) -> (
        SocketAddr,
        oneshot::Sender<()>,
        tokio::task::JoinHandle<io::Result<()>>,
    ) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let connections = ConnectionsConfig {
            header_read_timeout: Duration::from_secs(60),
            max_connections: NonZeroUsize::MIN,
        };
        let server = tokio::spawn(serve(listener, router, connections, async {
            let _ = stopped.await;
        }));
        (address, stop, server)
    }

    #[tokio::test]
    async fn handlers_see_the_peer_address_as_connect_info() {
        let router = Router::new().route(
            "/",
            get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move { peer.to_string() }),
        );
        let (address, _stop, _server) = start(router).await;
        let mut client = TcpStream::connect(address).await.unwrap();
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut response = String::new();
        client.read_to_string(&mut response).await.unwrap();
        let peer = client.local_addr().unwrap().to_string();
        assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
        assert!(response.ends_with(&format!("\r\n\r\n{peer}")), "{response}");
    }

    #[tokio::test(start_paused = true)]
    async fn only_an_accept_error_of_our_own_waits_a_second_before_the_next_accept() {
        let start = tokio::time::Instant::now();
        for theirs in [
            io::ErrorKind::ConnectionRefused,
            io::ErrorKind::ConnectionAborted,
            io::ErrorKind::ConnectionReset,
        ] {
            wait_after_accept_error(theirs.into()).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        wait_after_accept_error(io::Error::other("too many open files")).await;
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    /// A `Counted` connection and the client at its other end.
    async fn counted_pair() -> (Counted, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (stream, _) = listener.accept().await.unwrap();
        let place = std::sync::Arc::new(tokio::sync::Semaphore::new(1))
            .acquire_owned()
            .await
            .unwrap();
        let counted = Counted {
            stream,
            _place: place,
        };
        (counted, client)
    }

    #[tokio::test]
    async fn a_counted_connection_keeps_vectored_writes_for_hyper() {
        let (counted, _client) = counted_pair().await;
        // Otherwise hyper copies each response's head and body into one buffer before writing.
        assert!(counted.is_write_vectored());
    }

    #[tokio::test]
    async fn shutting_a_counted_connection_down_ends_the_clients_read_while_it_is_still_open() {
        let (mut counted, mut client) = counted_pair().await;
        counted.write_all(b"bye").await.unwrap();
        counted.shutdown().await.unwrap();
        let mut received = Vec::new();
        tokio::time::timeout(Duration::from_secs(10), client.read_to_end(&mut received))
            .await
            .expect("no end of stream after shutdown")
            .unwrap();
        assert_eq!(received, b"bye");
        drop(counted);
    }

    #[tokio::test]
    async fn shutdown_closes_idle_connections_and_returns() {
        let router = Router::new().route("/", get(|| async { "hi" }));
        let (address, stop, server) = start(router).await;
        let mut client = TcpStream::connect(address).await.unwrap();
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut head = [0; 15];
        client.read_exact(&mut head).await.unwrap();
        assert_eq!(&head, b"HTTP/1.1 200 OK");
        stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(10), server)
            .await
            .expect("still serving after shutdown")
            .unwrap()
            .unwrap();
        let mut rest = Vec::new();
        client.read_to_end(&mut rest).await.unwrap();
    }
}
