-- Timestamps are integer microseconds since the Unix epoch (UTC) on both backends: sub-second
-- precision, exact ordering, and one adapter that reads them the same way everywhere.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    bio           TEXT,
    image         TEXT,
    password_hash TEXT    NOT NULL,
    token_version BIGINT  NOT NULL DEFAULT 0
);

-- Uniqueness is decided here, not by a look-up first: two racing registrations cannot both win.
-- Usernames compare case-insensitively so that "Jake" cannot pass for "jake".
CREATE UNIQUE INDEX users_username_key ON users (username COLLATE NOCASE);
CREATE UNIQUE INDEX users_email_key ON users (email);
