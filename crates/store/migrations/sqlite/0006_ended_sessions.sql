-- Sessions signed out of (POST /api/users/logout): every token that names one is refused, on
-- every instance. A row is needed only until the session would have ended anyway
-- (SESSION_MAX_DAYS after it began); later sign-outs of the same user forget older rows.
CREATE TABLE ended_sessions (
    session_id  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lasts_until BIGINT  NOT NULL
);
CREATE INDEX ended_sessions_user_key ON ended_sessions (user_id);
