-- A write notice names the table it wrote, so that an instance makes stale only the caches
-- read from it: a favorite changes pages of articles, not the users kept for revocation
-- (crates/store/src/listener.rs).
CREATE OR REPLACE FUNCTION conduit_notify_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('conduit_writes', TG_TABLE_NAME);
    RETURN NULL;
END
$$;
