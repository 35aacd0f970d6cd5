//! The network between the browsers and the application: a TCP relay in front of the app that a
//! test can tell to refuse WebSocket connections, to show what the UI does when live updates are
//! out of reach while plain HTTP still works (a proxy that drops upgrades does exactly that).
//!
//! Chromium's DevTools cannot do it: neither `Network.setBlockedURLs` nor offline emulation
//! stops a WebSocket alone (measured with Chromium 156: the first lets it through, the second
//! also stops every HTTP request).

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The head of a request is read up to this many bytes to see what it asks for.
const HEAD_LIMIT: usize = 16 * 1024;

/// What the browsers reach the application through; dropped with the test's runtime.
#[derive(Debug, Clone)]
pub struct Network {
    address: SocketAddr,
    websockets_refused: Arc<AtomicBool>,
}

impl Network {
    /// Relays every connection to `app`. Must run inside the test's runtime.
    pub async fn start(app: SocketAddr) -> Self {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("a port for the relay");
        let network = Self {
            address: listener.local_addr().expect("the relay has an address"),
            websockets_refused: Arc::new(AtomicBool::new(false)),
        };
        let refused = Arc::clone(&network.websockets_refused);
        tokio::spawn(async move {
            while let Ok((browser, _)) = listener.accept().await {
                tokio::spawn(relay(browser, app, Arc::clone(&refused)));
            }
        });
        network
    }

    /// Where browsers find the application: `http://127.0.0.1:<relay port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// From now on, connections asking for `/api/ws` are closed before any answer, the way a
    /// proxy that does not pass WebSockets on behaves; already open ones are left alone.
    pub fn refuse_websockets(&self) {
        self.websockets_refused.store(true, Ordering::SeqCst);
    }

    pub fn allow_websockets(&self) {
        self.websockets_refused.store(false, Ordering::SeqCst);
    }
}

async fn relay(mut browser: TcpStream, app: SocketAddr, websockets_refused: Arc<AtomicBool>) {
    let Some(head) = read_head(&mut browser).await else {
        return;
    };
    if websockets_refused.load(Ordering::SeqCst) && head.starts_with(b"GET /api/ws") {
        return; // Dropping the connection is the refusal.
    }
    let Ok(mut upstream) = TcpStream::connect(app).await else {
        return;
    };
    // Pass small writes on at once, as a direct connection to the app would.
    let _ = browser.set_nodelay(true);
    let _ = upstream.set_nodelay(true);
    if upstream.write_all(&head).await.is_ok() {
        let _ = tokio::io::copy_bidirectional(&mut browser, &mut upstream).await;
    }
}

/// The bytes up to the end of the first request's head (or all that came, if it is longer
/// than `HEAD_LIMIT` or the browser stopped sending); `None` when nothing came at all.
async fn read_head(browser: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut chunk = [0; 4096];
    while head.len() < HEAD_LIMIT && !head.windows(4).any(|window| window == b"\r\n\r\n") {
        match browser.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(read) => head.extend_from_slice(&chunk[..read]),
        }
    }
    (!head.is_empty()).then_some(head)
}
