use std::process::ExitCode;

use clap::Parser;
use conduit_domain::ErrorChain;
use std::sync::Arc;

use conduit_server::config::Cli;
use conduit_server::{Application, SystemClock};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is normal; a broken one is worth stopping for.
    if let Err(error) = dotenvy::dotenv() {
        if !error.not_found() {
            eprintln!("error: .env: {error}");
            return ExitCode::FAILURE;
        }
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,sqlx=warn")),
        )
        .init();
    let config = match Cli::parse().into_config() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let application = match Application::build(config, Arc::new(SystemClock)).await {
        Ok(application) => application,
        Err(error) => {
            eprintln!("error: {}", ErrorChain(&error));
            return ExitCode::FAILURE;
        }
    };
    tracing::info!("Conduit listening on http://{}", application.address());
    match application.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", ErrorChain(&error));
            ExitCode::FAILURE
        }
    }
}
