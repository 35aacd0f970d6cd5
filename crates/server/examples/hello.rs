//! The ceiling `make bench` measures Conduit against: axum and tokio answering a fixed text,
//! with no middleware, state or database. Prints the address it listens on, then serves
//! until killed. `cargo run --release -p conduit-server --example hello [PORT]` (default: a
//! free port).

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = match std::env::args().nth(1) {
        Some(port) => port
            .parse()
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidInput, error))?,
        None => 0,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("hello listening on http://{}", listener.local_addr()?);
    let app = Router::new().route("/", get(|| async { "Hello, World!" }));
    axum::serve(listener, app).await
}
