-- Transactional outbox shared by every module (src/events). Events are written in the
-- same transaction as the change that caused them; consumers record what they processed.
CREATE TABLE outbox_events (
  seq          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id     TEXT    NOT NULL UNIQUE,
  type         TEXT    NOT NULL,
  aggregate_id TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  created_at   BIGINT  NOT NULL
);
CREATE INDEX outbox_events_type_seq ON outbox_events (type, seq);

CREATE TABLE outbox_consumers (
  consumer     TEXT    PRIMARY KEY,
  last_seq     BIGINT  NOT NULL DEFAULT 0,
  updated_at   BIGINT  NOT NULL
);
