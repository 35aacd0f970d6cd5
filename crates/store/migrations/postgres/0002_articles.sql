-- Follows, articles with their tags, favorites and comments. Timestamps are microseconds since
-- the Unix epoch, as in 0001. Everything hanging off an article or a user goes with it
-- (ON DELETE CASCADE), so deleting an article is one statement and leaves nothing behind.

-- One row per pair: the key makes following idempotent (INSERT … ON CONFLICT DO NOTHING).
CREATE TABLE follows (
    follower_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee_idx ON follows (followee_id);

-- `tag_list` is the author's tags as a JSON array in the author's order, so that a row carries
-- its ordered tags without dialect-specific aggregation; `article_tags` holds the same tags
-- one per row for filtering and `GET /api/tags`. Both are written in one transaction.
CREATE TABLE articles (
    id          BIGSERIAL PRIMARY KEY,
    slug        TEXT   NOT NULL,
    title       TEXT   NOT NULL,
    description TEXT   NOT NULL,
    body        TEXT   NOT NULL,
    tag_list    TEXT   NOT NULL DEFAULT '[]',
    author_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX articles_slug_key ON articles (slug);
-- Lists are newest first with the id as tie-breaker; the author index serves `?author=` and
-- the feed in the same order.
CREATE INDEX articles_created_idx ON articles (created_at DESC, id DESC);
CREATE INDEX articles_author_idx ON articles (author_id, created_at, id);

-- "C" sorts by code point, as SQLite's default BINARY collation does, so `GET /api/tags` has
-- the same order on both backends whatever the server's locale.
CREATE TABLE article_tags (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag        TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX article_tags_tag_idx ON article_tags (tag);

-- One row per user and article: concurrent favorites can neither double-count nor be lost.
CREATE TABLE favorites (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, article_id)
);
CREATE INDEX favorites_article_idx ON favorites (article_id);

CREATE TABLE comments (
    id         BIGSERIAL PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX comments_article_idx ON comments (article_id, id);
