-- Usernames are unique by their canonical form (NFKC, case-folded, UTS #39 confusable skeleton:
-- `Username::canonical` in the domain), no longer by `lower(username)`, whose folding depends on
-- the server's locale and lets "ｊａｋｅ" or a Cyrillic "jаke" stand beside "jake". SQL cannot
-- compute that form, so rows written before this migration start without it and the store fills
-- it in at start-up, before anything is served (`users::fill_in_canonical_usernames`); every
-- insert and rename writes it. A unique index treats NULLs as distinct, so rows not filled in yet
-- do not collide. Look-ups by username go through this index too, so the one of 0001 goes.
-- "C": the form is compared code point by code point, as on SQLite, whatever the locale.
ALTER TABLE users ADD COLUMN username_canonical TEXT COLLATE "C";
CREATE UNIQUE INDEX users_username_canonical_key ON users (username_canonical);
DROP INDEX users_username_key;
