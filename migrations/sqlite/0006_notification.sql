-- notification: the inbox, per-user stream sequence, outgoing deliveries (webhook, web
-- push) with leases, the user's channels and the user's privacy preference for texts.
-- Instants are BIGINT unix milliseconds (UTC). No foreign keys into identity tables.
CREATE TABLE notifications (
  id            TEXT    PRIMARY KEY,
  user_id       TEXT    NOT NULL,
  -- Position in the user's stream (SSE `id:`), assigned when the notification becomes
  -- visible (after quiet hours / not_before); NULL while it waits.
  seq           BIGINT,
  kind          TEXT    NOT NULL,
  title         TEXT    NOT NULL,
  body          TEXT    NOT NULL,
  -- Texts for lock screens and third-party endpoints: no health details unless allowed.
  public_title  TEXT    NOT NULL,
  public_body   TEXT    NOT NULL,
  data          TEXT    NOT NULL,
  dedupe_key    TEXT    NOT NULL,
  external      BOOLEAN NOT NULL,
  created_at    BIGINT  NOT NULL,
  deliver_after BIGINT  NOT NULL,
  visible_at    BIGINT,
  read_at       BIGINT
);
CREATE UNIQUE INDEX notifications_user_dedupe ON notifications (user_id, dedupe_key);
CREATE UNIQUE INDEX notifications_user_seq ON notifications (user_id, seq);
-- Release of waiting notifications by the worker.
CREATE INDEX notifications_waiting ON notifications (deliver_after) WHERE seq IS NULL;
CREATE INDEX notifications_user_unread ON notifications (user_id, seq) WHERE read_at IS NULL;

CREATE TABLE notification_user_seq (
  user_id  TEXT   PRIMARY KEY,
  last_seq BIGINT NOT NULL
);

CREATE TABLE notification_preferences (
  user_id      TEXT    PRIMARY KEY,
  show_details BOOLEAN NOT NULL,
  updated_at   BIGINT  NOT NULL
);

CREATE TABLE notification_webhooks (
  id         TEXT    PRIMARY KEY,
  user_id    TEXT    NOT NULL,
  url        TEXT    NOT NULL,
  secret     TEXT    NOT NULL,
  active     BOOLEAN NOT NULL,
  created_at BIGINT  NOT NULL
);
CREATE INDEX notification_webhooks_user ON notification_webhooks (user_id);

CREATE TABLE notification_push_subscriptions (
  id         TEXT   PRIMARY KEY,
  user_id    TEXT   NOT NULL,
  endpoint   TEXT   NOT NULL,
  p256dh     TEXT   NOT NULL,
  auth       TEXT   NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX notification_push_user_endpoint ON notification_push_subscriptions (user_id, endpoint);

CREATE TABLE notification_deliveries (
  id              TEXT    PRIMARY KEY,
  notification_id TEXT    NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id         TEXT    NOT NULL,
  channel         TEXT    NOT NULL CHECK (channel IN ('webhook', 'web_push')),
  target_id       TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dead')),
  attempts        INTEGER NOT NULL,
  next_attempt_at BIGINT  NOT NULL,
  last_error      TEXT,
  last_status     INTEGER,
  lease_owner     TEXT,
  lease_until     BIGINT  NOT NULL,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX notification_deliveries_once ON notification_deliveries (notification_id, channel, target_id);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_user ON notification_deliveries (user_id, status, created_at);
