//! Where log lines go and in which shape: text for people, JSON for collectors.

use tracing::Subscriber;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::config::{LogConfig, LogFormat};

/// The subscriber `log` asks for, writing to `writer`. The filter was checked when the
/// configuration was read, so a failure here cannot happen; it would log everything at `info`.
pub fn subscriber<W>(log: &LogConfig, writer: W) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_new(&log.filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match log.format {
        LogFormat::Text => Box::new(builder.finish()),
        LogFormat::Json => Box::new(builder.json().finish()),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn json_logs_are_one_object_per_line_and_the_filter_applies() {
        let lines = Lines::default();
        let writer = lines.clone();
        let log = LogConfig {
            filter: "warn".into(),
            format: LogFormat::Json,
        };
        tracing::subscriber::with_default(subscriber(&log, move || writer.clone()), || {
            tracing::info!("filtered out");
            tracing::warn!(status = 503, "kept");
        });
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
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
