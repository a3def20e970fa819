-- community: posts (with a frozen snapshot of the author's own records), comments with one
-- level of replies, likes, bookmarks, blocks, reports (flags), suspensions and the
-- append-only moderation audit log. Counts are denormalized on the rows; `score` is the
-- stored popularity key (see docs/community.md). Instants are BIGINT unix ms (UTC).
-- author_id is NULL once the author's account is deleted (anonymized, "탈퇴한 사용자").
CREATE TABLE community_posts (
  id              TEXT    PRIMARY KEY,
  author_id       TEXT,
  author_nickname TEXT,
  anonymous       BOOLEAN NOT NULL,
  category        TEXT    NOT NULL,
  title           TEXT,
  body            TEXT    NOT NULL,
  body_hash       TEXT    NOT NULL,
  snapshot        TEXT,
  client_id       TEXT,
  status          TEXT    NOT NULL CHECK (status IN ('visible', 'hidden', 'deleted')),
  hidden_by       TEXT,
  like_count      BIGINT  NOT NULL DEFAULT 0,
  comment_count   BIGINT  NOT NULL DEFAULT 0,
  view_count      BIGINT  NOT NULL DEFAULT 0,
  report_count    BIGINT  NOT NULL DEFAULT 0,
  score           BIGINT  NOT NULL,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL,
  deleted_at      BIGINT
);
CREATE UNIQUE INDEX community_posts_client ON community_posts (author_id, client_id);
CREATE INDEX community_posts_latest ON community_posts (status, created_at, id);
CREATE INDEX community_posts_category_latest ON community_posts (status, category, created_at, id);
CREATE INDEX community_posts_popular ON community_posts (status, score, id);
CREATE INDEX community_posts_category_popular ON community_posts (status, category, score, id);
CREATE INDEX community_posts_author ON community_posts (author_id, body_hash, created_at);

CREATE TABLE community_comments (
  id              TEXT    PRIMARY KEY,
  post_id         TEXT    NOT NULL,
  parent_id       TEXT,
  author_id       TEXT,
  author_nickname TEXT,
  anonymous       BOOLEAN NOT NULL,
  body            TEXT    NOT NULL,
  client_id       TEXT,
  status          TEXT    NOT NULL CHECK (status IN ('visible', 'hidden', 'deleted')),
  hidden_by       TEXT,
  like_count      BIGINT  NOT NULL DEFAULT 0,
  report_count    BIGINT  NOT NULL DEFAULT 0,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL,
  deleted_at      BIGINT
);
CREATE UNIQUE INDEX community_comments_client ON community_comments (author_id, client_id);
CREATE INDEX community_comments_post ON community_comments (post_id, created_at, id);

CREATE TABLE community_post_likes (
  post_id    TEXT   NOT NULL,
  user_id    TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (post_id, user_id)
);
CREATE INDEX community_post_likes_user ON community_post_likes (user_id);

CREATE TABLE community_comment_likes (
  comment_id TEXT   NOT NULL,
  user_id    TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX community_comment_likes_user ON community_comment_likes (user_id);

CREATE TABLE community_bookmarks (
  user_id    TEXT   NOT NULL,
  post_id    TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, post_id)
);

-- blocked_label: what the blocker saw (nickname or 익명) — the list never reveals who
-- wrote an anonymous post.
CREATE TABLE community_blocks (
  id            TEXT   PRIMARY KEY,
  blocker_id    TEXT   NOT NULL,
  blocked_id    TEXT   NOT NULL,
  blocked_label TEXT   NOT NULL,
  created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX community_blocks_pair ON community_blocks (blocker_id, blocked_id);
CREATE INDEX community_blocks_blocked ON community_blocks (blocked_id);

-- One report per reporter and target; target_type user has the reported author's id.
CREATE TABLE community_flags (
  id          TEXT   PRIMARY KEY,
  target_type TEXT   NOT NULL CHECK (target_type IN ('post', 'comment', 'user')),
  target_id   TEXT   NOT NULL,
  reporter_id TEXT,
  reason      TEXT   NOT NULL,
  detail      TEXT,
  created_at  BIGINT NOT NULL,
  resolved_at BIGINT
);
CREATE UNIQUE INDEX community_flags_once ON community_flags (target_type, target_id, reporter_id);
CREATE INDEX community_flags_open ON community_flags (resolved_at, target_type, target_id);

CREATE TABLE community_suspensions (
  id         TEXT   PRIMARY KEY,
  user_id    TEXT   NOT NULL,
  until_at   BIGINT NOT NULL,
  reason     TEXT   NOT NULL,
  actor_id   TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX community_suspensions_user ON community_suspensions (user_id, until_at);

-- Append-only: no route updates or deletes it.
CREATE TABLE community_audit_log (
  seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE,
  actor_id    TEXT    NOT NULL,
  actor_role  TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  target_type TEXT    NOT NULL,
  target_id   TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  detail      TEXT,
  created_at  BIGINT  NOT NULL
);
