use std::error::Error;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use conduit_server::config::{Cli, SecretOrigin, resolve_secret};
use conduit_server::{Application, SystemClock, logging};

#[tokio::main]
async fn main() -> ExitCode {
    let dot_env = match dot_env() {
        Ok(entries) => entries,
        Err(error) => return stop(&format!(".env: {error}")),
    };
    let mut config = match Cli::from_process(dot_env) {
        Ok(config) => config,
        Err(error) => return stop(&one_line(&error)),
    };
    let (secret, origin) = match resolve_secret(config.jwt.secret.take(), &config.database_url) {
        Ok(resolved) => resolved,
        Err(error) => return stop(&one_line(&error)),
    };
    config.jwt.secret = Some(secret);
    let ansi = std::io::stdout().is_terminal();
    tracing::subscriber::set_global_default(logging::subscriber(
        &config.log,
        std::io::stdout,
        ansi,
    ))
    .unwrap_or_else(|_| eprintln!("warning: a logger was already installed"));
    match origin {
        SecretOrigin::Configured => {}
        SecretOrigin::ThisProcess => tracing::warn!("{origin}"),
        SecretOrigin::Created(_) | SecretOrigin::Reused(_) => tracing::info!("{origin}"),
    }
    let application = match Application::build(config, Arc::new(SystemClock)).await {
        Ok(application) => application,
        Err(error) => return stop(&one_line(&error)),
    };
    let address = application.address();
    let serving = application.run_until_stopped();
    tracing::info!("Conduit listening on http://{address}");
    match serving.await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => stop(&one_line(&error)),
    }
}

/// The `.env` file's entries, none when there is no file; a broken one is worth stopping for.
/// They are not put into the environment: the configuration reads them beside it, so that an
/// error can say which of the two a bad value came from.
fn dot_env() -> Result<Vec<(String, String)>, dotenvy::Error> {
    match dotenvy::dotenv_iter() {
        Ok(entries) => entries.collect(),
        Err(error) if error.not_found() => Ok(Vec::new()),
        Err(error) => Err(error),
    }
}

fn stop(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

/// An error and its causes on one line, each said once: a driver's message often ends with its
/// own cause's, which would otherwise be printed twice.
fn one_line(error: &(dyn Error + 'static)) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !line.contains(&cause_text) {
            line = format!("{line}: {cause_text}");
        }
        source = cause.source();
    }
    line
}
