use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use conduit_domain::ErrorChain;
use conduit_server::config::Cli;
use conduit_server::{Application, SystemClock, logging};

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is normal; a broken one is worth stopping for.
    if let Err(error) = dotenvy::dotenv()
        && !error.not_found()
    {
        eprintln!("error: .env: {error}");
        return ExitCode::FAILURE;
    }
    let config = match Cli::from_process() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let ansi = std::io::stdout().is_terminal();
    tracing::subscriber::set_global_default(logging::subscriber(
        &config.log,
        std::io::stdout,
        ansi,
    ))
    .unwrap_or_else(|_| eprintln!("warning: a logger was already installed"));
    let application = match Application::build(config, Arc::new(SystemClock)).await {
        Ok(application) => application,
        Err(error) => {
            eprintln!("error: {}", ErrorChain(&error));
            return ExitCode::FAILURE;
        }
    };
    let address = application.address();
    let serving = application.run_until_stopped();
    tracing::info!("Conduit listening on http://{address}");
    match serving.await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", ErrorChain(&error));
            ExitCode::FAILURE
        }
    }
}
