-- The token (by its `jti`) that made the user's last password change: that session survives
-- the token_version bump the change makes; every other older token does not.
ALTER TABLE users ADD COLUMN kept_token_id TEXT;
