//! The network between the browsers and the application: a TCP relay in front of the app that a
//! test can tell to fail some requests (faults.rs): refuse WebSockets while plain HTTP works (a
//! proxy that drops upgrades does exactly that), answer a server error or an empty body in place
//! of the app, or refuse every API request as if the server were gone.
//!
//! Chromium's DevTools cannot do it: neither `Network.setBlockedURLs` nor offline emulation
//! stops a WebSocket alone (measured with Chromium 156: the first lets it through, the second
//! also stops every HTTP request).

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::faults::{Fault, Requests, one_request_per_connection};

/// The head of a request is read up to this many bytes to see what it asks for.
const HEAD_LIMIT: usize = 16 * 1024;

/// The faults in force, newest last; the first that matches a request decides its fate.
type Faults = Arc<Mutex<Vec<(Requests, Fault)>>>;

/// What the application sent back for each request relayed, as (request target, bytes: head and
/// body, as they went over the wire), in the order the exchanges ended.
type Transfers = Arc<Mutex<Vec<(String, u64)>>>;

/// What the browsers reach the application through; dropped with the test's runtime.
#[derive(Debug, Clone)]
pub struct Network {
    address: SocketAddr,
    faults: Faults,
    transfers: Transfers,
}

impl Network {
    /// Relays every connection to `app`. Must run inside the test's runtime.
    pub async fn start(app: SocketAddr) -> Self {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("a port for the relay");
        let network = Self {
            address: listener.local_addr().expect("the relay has an address"),
            faults: Faults::default(),
            transfers: Transfers::default(),
        };
        let faults = Arc::clone(&network.faults);
        let transfers = Arc::clone(&network.transfers);
        tokio::spawn(async move {
            while let Ok((browser, _)) = listener.accept().await {
                tokio::spawn(relay(
                    browser,
                    app,
                    Arc::clone(&faults),
                    Arc::clone(&transfers),
                ));
            }
        });
        network
    }

    /// Where browsers find the application: `http://127.0.0.1:<relay port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// From now on, `requests` meet `fault` instead of the application; requests already
    /// under way (an open WebSocket) are left alone.
    pub fn fail(&self, requests: Requests, fault: Fault) {
        self.faults().push((requests, fault));
    }

    /// Ends every fault: the application answers everything again.
    pub fn heal(&self) {
        self.faults().clear();
    }

    /// From now on, connections asking for `/api/ws` are closed before any answer, the way a
    /// proxy that does not pass WebSockets on behaves; already open ones are left alone.
    pub fn refuse_websockets(&self) {
        self.fail(Requests::to("GET", "/api/ws"), Fault::Refuse);
    }

    pub fn allow_websockets(&self) {
        let websockets = Requests::to("GET", "/api/ws");
        self.faults()
            .retain(|(requests, _)| *requests != websockets);
    }

    /// The (request target, bytes received) of every exchange that has ended since the last
    /// call, and forgets them.
    pub fn take_transfers(&self) -> Vec<(String, u64)> {
        std::mem::take(
            &mut *self
                .transfers
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    fn faults(&self) -> std::sync::MutexGuard<'_, Vec<(Requests, Fault)>> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

async fn relay(mut browser: TcpStream, app: SocketAddr, faults: Faults, transfers: Transfers) {
    let Some(head) = read_head(&mut browser).await else {
        return;
    };
    let fault = faults
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|(requests, _)| requests.matches(&head))
        .map(|(_, fault)| *fault);
    if let Some(fault) = fault {
        // Without an answer, dropping the connection is the refusal.
        if let Some(answer) = fault.response() {
            let _ = browser.write_all(&answer).await;
            let _ = browser.shutdown().await;
        }
        return;
    }
    let Ok(mut upstream) = TcpStream::connect(app).await else {
        return;
    };
    // Pass small writes on at once, as a direct connection to the app would.
    let _ = browser.set_nodelay(true);
    let _ = upstream.set_nodelay(true);
    if upstream
        .write_all(&one_request_per_connection(&head))
        .await
        .is_err()
    {
        return;
    }
    if let Ok((_, received)) = tokio::io::copy_bidirectional(&mut browser, &mut upstream).await {
        transfers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((request_target(&head), received));
    }
}

/// The target of the request line (`/assets/app.js`), or "" if the head has none.
fn request_target(head: &[u8]) -> String {
    let line = head.split(|byte| *byte == b'\r').next().unwrap_or_default();
    let target = line.split(|byte| *byte == b' ').nth(1).unwrap_or_default();
    String::from_utf8_lossy(target).into_owned()
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
