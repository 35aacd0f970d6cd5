//! The throttle's budgets on PostgreSQL, in one table (migration 0007) that every instance on the
//! database shares, so that N instances let through what one would and a restart forgets nothing.
//!
//! The rule is the GCRA that governor runs in memory on SQLite: a key keeps the moment its budget
//! is full again (`full_again_at`); one more attempt is let through while that moment is at most
//! `tolerance` (all but one of the budget) ahead of now, and each one let through moves it
//! `one_back_every` later. Deciding and spending are one statement on one row, locked by the
//! upsert: attempts on several instances at once queue for the row and never spend more than the
//! budget between them.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use conduit_domain::RepositoryError;
use conduit_domain::ports::{AttemptBudget, Clock, RateLimit, Verdict};
use sqlx::AnyPool;

use crate::error::repository_error;
use crate::time::to_micros;

/// Spends one if `full_again_at` is at most the tolerance ahead of now; a key never seen (or
/// forgotten) has its whole budget. Every expression of the `SET` reads the row as it was.
const SPEND: &str = "\
    INSERT INTO attempt_budgets AS budget (name, key, full_again_at, last_allowed) \
    VALUES ($1, $2, $3 + $4, TRUE) \
    ON CONFLICT (name, key) DO UPDATE SET \
        full_again_at = CASE WHEN budget.full_again_at - $5 <= $3 \
            THEN GREATEST(budget.full_again_at, $3) + $4 \
            ELSE budget.full_again_at END, \
        last_allowed = budget.full_again_at - $5 <= $3 \
    RETURNING last_allowed, full_again_at - $5 - $3 AS wait_micros";

/// The wait [`SPEND`] would answer with; none (or not positive) when it would let one through.
const LOOK: &str = "\
    SELECT full_again_at - $4 - $3 AS wait_micros FROM attempt_budgets \
    WHERE name = $1 AND key = $2";

/// A key whose budget is full again is no different from one never seen.
const FORGET_IDLE: &str = "DELETE FROM attempt_budgets WHERE name = $1 AND full_again_at <= $2";

/// The budgets table of one PostgreSQL database.
#[derive(Clone)]
pub struct SharedBudgets {
    pool: AnyPool,
}

impl SharedBudgets {
    pub(crate) fn new(pool: AnyPool) -> Self {
        Self { pool }
    }

    /// The budget called `name` (its rows are its own: a name must not be given to two
    /// budgets), under `limit`, told the time by `clock`.
    pub fn budget(
        &self,
        name: &'static str,
        limit: RateLimit,
        clock: Arc<dyn Clock>,
    ) -> SharedBudget {
        let one_back_every = micros(limit.window / limit.count.get()).max(1);
        let tolerance = one_back_every.saturating_mul(i64::from(limit.count.get() - 1));
        SharedBudget {
            pool: self.pool.clone(),
            name,
            one_back_every,
            tolerance,
            clock,
        }
    }
}

/// One limit, kept per key in the shared table.
pub struct SharedBudget {
    pool: AnyPool,
    name: &'static str,
    /// Microseconds, as `full_again_at`.
    one_back_every: i64,
    tolerance: i64,
    clock: Arc<dyn Clock>,
}

fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

/// A wait that is not positive is none.
fn verdict(wait_micros: i64) -> Verdict {
    match u64::try_from(wait_micros) {
        Ok(wait) if wait > 0 => Verdict::RetryAfter(Duration::from_micros(wait)),
        _ => Verdict::Allowed,
    }
}

#[async_trait]
impl AttemptBudget for SharedBudget {
    async fn spend(&self, key: &str) -> Result<Verdict, RepositoryError> {
        let (allowed, wait_micros): (bool, i64) = sqlx::query_as(SPEND)
            .bind(self.name)
            .bind(key)
            .bind(to_micros(self.clock.now()))
            .bind(self.one_back_every)
            .bind(self.tolerance)
            .fetch_one(&self.pool)
            .await
            .map_err(repository_error)?;
        Ok(match allowed {
            true => Verdict::Allowed,
            // Refused, the wait is positive: the row was left as it was.
            false => verdict(wait_micros),
        })
    }

    async fn look(&self, key: &str) -> Result<Verdict, RepositoryError> {
        let wait_micros: Option<i64> = sqlx::query_scalar(LOOK)
            .bind(self.name)
            .bind(key)
            .bind(to_micros(self.clock.now()))
            .bind(self.tolerance)
            .fetch_optional(&self.pool)
            .await
            .map_err(repository_error)?;
        Ok(wait_micros.map_or(Verdict::Allowed, verdict))
    }

    async fn forget_idle(&self) -> Result<(), RepositoryError> {
        sqlx::query(FORGET_IDLE)
            .bind(self.name)
            .bind(to_micros(self.clock.now()))
            .execute(&self.pool)
            .await
            .map(|_| ())
            .map_err(repository_error)
    }
}
