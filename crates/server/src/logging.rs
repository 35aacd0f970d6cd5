//! Where log lines go and in which shape: text for people, JSON for collectors.

use tracing::Subscriber;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::config::{LogConfig, LogFormat};

/// The subscriber `log` asks for, writing to `writer`, in colour if `ansi`. The filter was
/// checked when the configuration was read, so a failure here cannot happen; it would log
/// everything at `info`.
pub fn subscriber<W>(log: &LogConfig, writer: W, ansi: bool) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_new(&log.filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(ansi);
    match log.format {
        LogFormat::Text => Box::new(builder.finish()),
        LogFormat::Json => Box::new(builder.json().finish()),
    }
}

/// What `during` logs through the subscriber `log` asks for, without colour.
#[cfg(test)]
pub(crate) fn captured<R>(log: &LogConfig, during: impl FnOnce() -> R) -> (R, String) {
    use std::io::{Read, Seek};
    let file = tempfile::tempfile().unwrap();
    let mut reader = file.try_clone().unwrap();
    let subscriber = subscriber(log, std::sync::Mutex::new(file), false);
    let result = tracing::subscriber::with_default(subscriber, during);
    let mut text = String::new();
    reader.rewind().unwrap();
    reader.read_to_string(&mut text).unwrap();
    (result, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_logs_are_one_object_per_line_and_the_filter_applies() {
        let log = LogConfig {
            filter: "warn".into(),
            format: LogFormat::Json,
        };
        let ((), text) = captured(&log, || {
            tracing::info!("filtered out");
            tracing::warn!(status = 503, "kept");
        });
        let logged: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(logged.len(), 1, "{text}");
        assert_eq!(logged[0]["level"], "WARN");
        assert_eq!(logged[0]["fields"]["message"], "kept");
        assert_eq!(logged[0]["fields"]["status"], 503);
    }
}
