-- Each instance keeps copies of users and of anonymous pages of articles in memory, and must
-- hear of every write that could make them stale, whichever instance (or tool) made it
-- (crates/store/src/copies.rs). Once per statement is enough: a notice says "something
-- changed", and PostgreSQL folds identical notices of one transaction into one.
CREATE FUNCTION conduit_notify_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('conduit_writes', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER users_written AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION conduit_notify_write();
CREATE TRIGGER articles_written AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION conduit_notify_write();
CREATE TRIGGER article_tags_written AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_tags
    FOR EACH STATEMENT EXECUTE FUNCTION conduit_notify_write();
CREATE TRIGGER favorites_written AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON favorites
    FOR EACH STATEMENT EXECUTE FUNCTION conduit_notify_write();
