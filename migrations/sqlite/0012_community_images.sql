-- community: images attached to posts (≤ 4 per post). The bytes live in the image store
-- (content-addressed: storage_key is the hex SHA-256 of the re-encoded bytes, so two rows
-- may share one file); a row exists per upload. post_id is NULL until a post claims the
-- image; unattached rows older than 24 h are purged by the worker. Instants are BIGINT unix
-- ms (UTC). No foreign keys into other contexts' tables; erased on identity.user_deleted.
CREATE TABLE community_images (
  id           TEXT    PRIMARY KEY,
  owner_id     TEXT    NOT NULL,
  storage_key  TEXT    NOT NULL,
  format       TEXT    NOT NULL CHECK (format IN ('jpeg', 'png', 'webp')),
  width        INTEGER NOT NULL,
  height       INTEGER NOT NULL,
  byte_size    BIGINT  NOT NULL,
  post_id      TEXT,
  position     INTEGER NOT NULL DEFAULT 0,
  created_at   BIGINT  NOT NULL
);
CREATE INDEX community_images_by_post ON community_images (post_id, position);
CREATE INDEX community_images_by_owner ON community_images (owner_id, post_id, created_at);
CREATE INDEX community_images_by_key ON community_images (storage_key);
CREATE INDEX community_images_unattached ON community_images (created_at) WHERE post_id IS NULL;
