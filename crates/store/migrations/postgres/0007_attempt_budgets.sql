-- The throttle's budgets (crates/server/src/throttle.rs): failed logins per account and per
-- client address, registrations per address. Kept here, every instance on this database spends
-- from the same budgets and a restart forgets none of them; without them N instances would let
-- N times the guesses through. A row lives while its key's budget is not full again
-- (crates/store/src/attempt_budgets.rs spends from it in one statement). SQLite's one instance
-- keeps its budgets in memory: no table, and no 0007, there.
CREATE TABLE attempt_budgets (
    name          TEXT    NOT NULL,
    key           TEXT    NOT NULL,
    -- When the budget is full again, in microseconds since the Unix epoch: the GCRA's
    -- "theoretical arrival time".
    full_again_at BIGINT  NOT NULL,
    -- Whether the latest spend was let through. Stored only so that the spending statement can
    -- return it: PostgreSQL before 18 cannot return a row's old values.
    last_allowed  BOOLEAN NOT NULL,
    PRIMARY KEY (name, key)
);
