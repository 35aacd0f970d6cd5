//! A TCP relay between the store and PostgreSQL that can go silent: it keeps its connections open
//! and stops forwarding on those of the store's listener, as a dead network path or a NAT that
//! forgot the connection would. No reset, no close: only the store's own heartbeat can tell.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

/// How the store names its listening connection to the server: `application_name`, sent in the
/// clear in the first message of the connection.
const LISTENER_NAME: &[u8] = b"conduit-listener";

/// Whether the listener's connections are relayed, and how many times they were silenced.
#[derive(Default)]
struct Switch {
    silent: AtomicBool,
    silenced: AtomicU64,
}

/// One relayed connection: whether it is the listener's, and which silence it was opened after.
struct Connection {
    switch: Arc<Switch>,
    listens: AtomicBool,
    opened_after: u64,
}

impl Connection {
    /// Silent while the listener is silenced, and for good once a silence began after it opened.
    fn silent(&self) -> bool {
        self.listens.load(Ordering::SeqCst)
            && (self.switch.silent.load(Ordering::SeqCst)
                || self.switch.silenced.load(Ordering::SeqCst) != self.opened_after)
    }
}

pub struct Relay {
    /// The database's URL with the relay's address in place of the server's.
    pub url: String,
    switch: Arc<Switch>,
}

impl Relay {
    /// Relays to the server of `url` (`postgres://user@host:port/database`).
    pub async fn to(url: &str) -> Self {
        let (scheme, rest) = url.split_once("://").unwrap();
        let (authority, database) = rest.split_once('/').unwrap();
        let (user, server) = authority.rsplit_once('@').unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!(
            "{scheme}://{user}@{}/{database}",
            listener.local_addr().unwrap()
        );
        let switch = Arc::new(Switch::default());
        let (server, relaying) = (server.to_owned(), switch.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(upstream) = TcpStream::connect(&server).await else {
                    continue;
                };
                let connection = Arc::new(Connection {
                    opened_after: relaying.silenced.load(Ordering::SeqCst),
                    switch: relaying.clone(),
                    listens: AtomicBool::new(false),
                });
                let (from_client, to_client) = client.into_split();
                let (from_server, to_server) = upstream.into_split();
                tokio::spawn(forward(from_client, to_server, connection.clone(), true));
                tokio::spawn(forward(from_server, to_client, connection, false));
            }
        });
        Self { url, switch }
    }

    /// The listener's connections, open ones and new ones, go silent both ways; others go on.
    pub fn silence_the_listener(&self) {
        self.switch.silenced.fetch_add(1, Ordering::SeqCst);
        self.switch.silent.store(true, Ordering::SeqCst);
    }

    /// New listener connections are relayed again; the silenced ones stay silent for good.
    pub fn speak_again(&self) {
        self.switch.silent.store(false, Ordering::SeqCst);
    }
}

/// Copies one direction of `connection`, reading the client's first bytes for the listener's
/// name, and dropping what arrives while the connection is silent.
async fn forward(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    connection: Arc<Connection>,
    from_client: bool,
) {
    let mut buffer = vec![0; 16 * 1024];
    let mut first = true;
    while let Ok(read) = from.read(&mut buffer).await {
        if read == 0 {
            return;
        }
        let chunk = &buffer[..read];
        if from_client
            && first
            && chunk
                .windows(LISTENER_NAME.len())
                .any(|window| window == LISTENER_NAME)
        {
            connection.listens.store(true, Ordering::SeqCst);
        }
        // The startup message follows an 8-byte request for TLS, which the server declines.
        first = first && read <= 8;
        if connection.silent() {
            continue;
        }
        if to.write_all(chunk).await.is_err() {
            return;
        }
    }
}
