//! One listening connection per PostgreSQL instance, for everything the instance hears from the
//! others: live events ([`events::CHANNEL`]), write notices ([`WRITES`], which invalidate the
//! caches) and its own heartbeat, which it sends itself every second through its pool.
//!
//! Hearing the heartbeat is what vouches for the connection. A connection can die without a
//! word (a network path that goes silent, a NAT that forgets it): then nothing arrives, not even
//! an error, and only the missing heartbeat tells. So the instance counts as deaf (no cache entry
//! answers) whenever the connection is lost or the heartbeat is more than
//! [`HEARTBEAT_LATE`] late, and the listener then connects anew, with one policy for all.

use std::hash::{BuildHasher, Hasher};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use conduit_domain::ErrorChain;
use sqlx::AnyPool;
use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use tokio::time::{Instant, MissedTickBehavior};

use crate::StoreError;
use crate::cache::{HEARTBEAT_LATE, Invalidations, Tables};
use crate::events::{self, Incoming};

/// Where the write trigger of migration `0005_write_notices.sql` notifies, once per statement
/// that writes a table the caches come from, whoever runs it.
const WRITES: &str = "conduit_writes";

const HEARTBEAT_EVERY: Duration = Duration::from_secs(1);

/// How long connecting and subscribing may take: on a silent network they would never end.
const CONNECT_WITHIN: Duration = Duration::from_secs(2);

/// How long to wait before connecting again after failing to: the database is away, and a
/// tight loop would only fill the log.
const RETRY: Duration = Duration::from_secs(1);

/// How the listening connection names itself to the server, so that it can be told apart in
/// `pg_stat_activity`.
const APPLICATION_NAME: &str = "conduit-listener";

/// What one listening connection subscribes to, and how to open another.
struct Subscription {
    options: PgConnectOptions,
    heartbeat: String,
}

/// Listens before returning, so that nothing published or written afterwards goes unheard; then
/// hears on a task of its own, for as long as the process runs.
pub(crate) async fn listen(
    url: &str,
    pool: AnyPool,
    invalidations: Arc<Invalidations>,
    events: Incoming,
) -> Result<(), StoreError> {
    let options = PgConnectOptions::from_str(url)
        .map_err(|error| StoreError::connect(url, error))?
        .application_name(APPLICATION_NAME);
    // A channel of this instance's own: others' heartbeats vouch for nothing here.
    let instance = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let subscription = Subscription {
        options,
        heartbeat: format!("conduit_heartbeat_{instance:x}"),
    };
    let first = subscription
        .connect()
        .await
        .map_err(|error| StoreError::connect(url, error))?;
    tokio::spawn(beat(pool, subscription.heartbeat.clone()));
    tokio::spawn(hear(first, subscription, invalidations, events));
    Ok(())
}

impl Subscription {
    async fn connect(&self) -> Result<PgListener, sqlx::Error> {
        // A pool of its own each time: a dropped listener sends `UNLISTEN` before giving its
        // connection back, which on a silent connection never ends, and would keep a shared
        // pool's only connection for good.
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(CONNECT_WITHIN)
            .connect_lazy_with(self.options.clone());
        let subscribing = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener
                .listen_all([events::CHANNEL, WRITES, &self.heartbeat])
                .await?;
            Ok(listener)
        };
        tokio::time::timeout(CONNECT_WITHIN, subscribing)
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?
    }
}

/// Notifies the heartbeat's channel every second, through the pool, until the pool closes.
async fn beat(pool: AnyPool, channel: String) {
    let mut every = tokio::time::interval(HEARTBEAT_EVERY);
    every.set_missed_tick_behavior(MissedTickBehavior::Delay);
    while !pool.is_closed() {
        every.tick().await;
        let notify = sqlx::query("SELECT pg_notify($1, '')")
            .bind(&channel)
            .execute(&pool);
        // A heartbeat that cannot be sent is one the listener misses: that is how it tells.
        if let Ok(Err(error)) = tokio::time::timeout(HEARTBEAT_EVERY, notify).await {
            tracing::debug!(error = %ErrorChain(&error), "could not send a heartbeat");
        }
    }
}

/// What a write notice says was written: its table's name (migration `0008`). Anything else,
/// such as the empty notice of an older trigger, may have been any table.
fn written(table: &str) -> Tables {
    match table {
        "articles" | "article_tags" | "favorites" => Tables::Articles,
        _ => Tables::Users,
    }
}

/// Hears on `listener`, then on every connection after it.
async fn hear(
    listener: PgListener,
    subscription: Subscription,
    invalidations: Arc<Invalidations>,
    mut events: Incoming,
) {
    let mut listening = Some(listener);
    loop {
        let listener = match listening.take() {
            Some(listener) => listener,
            None => match subscription.connect().await {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(error = %ErrorChain(&error), "cannot listen to other instances");
                    tokio::time::sleep(RETRY).await;
                    continue;
                }
            },
        };
        hear_until_deaf(listener, &subscription, &invalidations, &mut events).await;
        invalidations.listener_lost();
    }
}

async fn hear_until_deaf(
    mut listener: PgListener,
    subscription: &Subscription,
    invalidations: &Invalidations,
    events: &mut Incoming,
) {
    let mut heartbeat_heard = Instant::now();
    loop {
        let notice = tokio::time::timeout_at(heartbeat_heard + HEARTBEAT_LATE, listener.try_recv());
        match notice.await {
            Ok(Ok(Some(notice))) => match notice.channel() {
                events::CHANNEL => events.deliver(notice.payload()),
                WRITES => invalidations.invalidate(written(notice.payload())),
                channel if channel == subscription.heartbeat => {
                    heartbeat_heard = Instant::now();
                    invalidations.heartbeat_heard();
                }
                _ => {}
            },
            // `try_recv` says `None` when the connection is lost, where `recv` would connect
            // again without telling.
            Ok(Ok(None) | Err(_)) => {
                tracing::warn!("lost the connection that listens to other instances");
                return;
            }
            Err(_) => {
                tracing::warn!(
                    "this instance's own heartbeat is more than {HEARTBEAT_LATE:?} late: listening anew"
                );
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_notice_makes_stale_what_was_read_from_its_table() {
        for table in ["articles", "article_tags", "favorites"] {
            assert_eq!(written(table), Tables::Articles, "{table}");
        }
        for table in ["users", "ended_sessions", ""] {
            assert_eq!(written(table), Tables::Users, "{table:?}");
        }
    }
}
