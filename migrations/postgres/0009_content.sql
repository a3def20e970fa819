-- content: curated asthma articles. The article row is the editors' working copy; what the
-- public sees is the article's current published revision (revisions are immutable, every
-- published version is kept). Instants are BIGINT unix milliseconds (UTC). No foreign keys
-- into other contexts' tables (author/editor ids are identity's user ids).
CREATE TABLE content_articles (
  id               TEXT    PRIMARY KEY,
  slug             TEXT    NOT NULL UNIQUE,
  status           TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
  title            TEXT    NOT NULL,
  summary          TEXT    NOT NULL,
  body_md          TEXT    NOT NULL,
  category         TEXT    NOT NULL,
  tags             TEXT    NOT NULL,  -- JSON array of strings
  cover_image      TEXT,
  refs             TEXT    NOT NULL,  -- JSON array of {title, publisher, url, year}
  author_id        TEXT,              -- NULL: the built-in seed loader
  version          BIGINT  NOT NULL,  -- optimistic concurrency (If-Match)
  current_revision BIGINT,            -- the revision the public sees while published
  live_category    TEXT,              -- category of current_revision (list filter)
  published_at     BIGINT,            -- first publication (list order, stable cursors)
  view_count       BIGINT  NOT NULL DEFAULT 0,
  created_at       BIGINT  NOT NULL,
  updated_at       BIGINT  NOT NULL
);
CREATE INDEX content_articles_public ON content_articles (status, published_at, id);
CREATE INDEX content_articles_category ON content_articles (live_category, status, published_at, id);

CREATE TABLE content_revisions (
  article_id   TEXT    NOT NULL,
  revision     BIGINT  NOT NULL,
  title        TEXT    NOT NULL,
  summary      TEXT    NOT NULL,
  body_md      TEXT    NOT NULL,
  body_html    TEXT    NOT NULL,
  category     TEXT    NOT NULL,
  tags         TEXT    NOT NULL,
  cover_image  TEXT,
  refs         TEXT    NOT NULL,
  content_hash TEXT    NOT NULL,  -- SHA-256 of the published fields (seed idempotency)
  editor_id    TEXT,
  published_at BIGINT  NOT NULL,
  PRIMARY KEY (article_id, revision)
);

-- Tags of the live revision, for the tag filter and related articles.
CREATE TABLE content_article_tags (
  article_id TEXT NOT NULL,
  tag        TEXT NOT NULL,
  PRIMARY KEY (article_id, tag)
);
CREATE INDEX content_article_tags_tag ON content_article_tags (tag, article_id);

CREATE TABLE content_bookmarks (
  user_id    TEXT   NOT NULL,
  article_id TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, article_id)
);
CREATE INDEX content_bookmarks_user ON content_bookmarks (user_id, created_at, article_id);

-- One row per (article, viewer, day) so a view counts once per user (or anonymous client)
-- per day. user_id is set for signed-in viewers so account deletion can erase the rows.
CREATE TABLE content_views (
  article_id TEXT   NOT NULL,
  viewer_key TEXT   NOT NULL,
  day        TEXT   NOT NULL,
  user_id    TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (article_id, viewer_key, day)
);
CREATE INDEX content_views_user ON content_views (user_id);
CREATE INDEX content_views_created ON content_views (created_at);

-- Append-only trail of editor actions (who, what, when). Never updated or deleted.
CREATE TABLE content_audit (
  id         TEXT   PRIMARY KEY,
  actor_id   TEXT,
  action     TEXT   NOT NULL,
  article_id TEXT   NOT NULL,
  detail     TEXT   NOT NULL,
  at         BIGINT NOT NULL
);
CREATE INDEX content_audit_article ON content_audit (article_id, at);
