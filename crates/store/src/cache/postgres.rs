//! Invalidations by other instances, heard through PostgreSQL `LISTEN/NOTIFY`. A trigger on every
//! table the caches come from notifies `conduit_writes` once per statement (migration
//! `0005_write_notices.sql`), so even a write from outside Conduit is heard.

use std::sync::Arc;
use std::time::Duration;

use conduit_domain::ErrorChain;
use sqlx::postgres::PgListener;

use super::Invalidations;
use crate::StoreError;

const CHANNEL: &str = "conduit_writes";

/// How long to wait before listening again after failing to: the database is away, and a
/// tight loop would only fill the log.
const RETRY: Duration = Duration::from_secs(1);

async fn listener(url: &str) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Listens before returning, so that no write made afterwards goes unheard; then counts every
/// write notice into `invalidations`. A lost connection makes `invalidations` deaf (no cache entry answers) until
/// a new one listens: notices sent meanwhile are lost for good.
pub(crate) async fn watch(url: &str, invalidations: Arc<Invalidations>) -> Result<(), StoreError> {
    let first = listener(url)
        .await
        .map_err(|error| StoreError::connect(url, error))?;
    let url = url.to_owned();
    tokio::spawn(async move {
        let mut listening = Some(first);
        loop {
            let mut listener = match listening.take() {
                Some(listener) => listener,
                None => match listener(&url).await {
                    Ok(listener) => {
                        invalidations.listening_again();
                        listener
                    }
                    Err(error) => {
                        tracing::warn!(
                            error = %ErrorChain(&error),
                            "cannot listen for invalidations by other instances"
                        );
                        tokio::time::sleep(RETRY).await;
                        continue;
                    }
                },
            };
            // `try_recv` says `None` when the connection is lost, where `recv` would
            // reconnect without telling.
            while let Ok(Some(_)) = listener.try_recv().await {
                invalidations.invalidate();
            }
            invalidations.listener_lost();
            tracing::warn!("lost the connection that hears invalidations by other instances");
        }
    });
    Ok(())
}
