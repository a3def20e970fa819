-- records: health records (one row per record, a detail table per type), the per-user
-- change sequence for offline sync, and per-user peak-flow settings for the calendar.
-- Instants are BIGINT unix milliseconds (UTC); local_date is YYYY-MM-DD in the record's
-- own time zone, computed by the application when the record is written.
-- No foreign keys into identity tables: another context owns them.
CREATE TABLE records (
  id          TEXT    PRIMARY KEY,
  user_id     TEXT    NOT NULL,
  type        TEXT    NOT NULL
              CHECK (type IN ('symptom', 'intake', 'lung_function', 'control_test', 'exacerbation', 'status')),
  occurred_at BIGINT  NOT NULL,
  local_date  TEXT    NOT NULL,
  time_zone   TEXT    NOT NULL,
  memo        TEXT,
  created_at  BIGINT  NOT NULL,
  updated_at  BIGINT  NOT NULL,
  version     BIGINT  NOT NULL,
  deleted_at  BIGINT,
  change_seq  BIGINT  NOT NULL,
  body_hash   TEXT    NOT NULL
);
-- Calendar and day view: one user's days.
CREATE INDEX records_user_local_date ON records (user_id, local_date);
-- List filtered by type, newest first.
CREATE INDEX records_user_type_occurred ON records (user_id, type, occurred_at, id);
-- List of every type, newest first.
CREATE INDEX records_user_occurred ON records (user_id, occurred_at, id);
-- Sync: changes after a cursor.
CREATE UNIQUE INDEX records_user_change_seq ON records (user_id, change_seq);

-- Per-user change counter: every write transaction bumps it first, which also
-- serializes writers of the same user (the row lock), so change_seq commit order
-- equals sequence order and a sync cursor never skips a change.
CREATE TABLE records_user_seq (
  user_id  TEXT   PRIMARY KEY,
  last_seq BIGINT NOT NULL
);

CREATE TABLE record_symptom (
  record_id     TEXT    PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
  severity      INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 3),
  trigger_other TEXT
);
-- Symptom kinds and triggers (kind = 'symptom' | 'trigger').
CREATE TABLE record_symptom_items (
  record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
  kind      TEXT NOT NULL CHECK (kind IN ('symptom', 'trigger')),
  code      TEXT NOT NULL,
  PRIMARY KEY (record_id, kind, code)
);

CREATE TABLE record_intake (
  record_id       TEXT             PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
  medication_id   TEXT,
  medication_name TEXT,
  category        TEXT             NOT NULL CHECK (category IN ('controller', 'rescue', 'other')),
  doses           DOUBLE PRECISION NOT NULL,
  taken           BOOLEAN          NOT NULL,
  rescue_reason   TEXT
);

CREATE TABLE record_lung_function (
  record_id TEXT             PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
  pef       INTEGER          NOT NULL CHECK (pef BETWEEN 50 AND 900),
  blow_1    INTEGER,
  blow_2    INTEGER,
  blow_3    INTEGER,
  fev1      DOUBLE PRECISION,
  fvc       DOUBLE PRECISION,
  timing    TEXT,
  device    TEXT
);

CREATE TABLE record_control_test (
  record_id  TEXT    PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
  instrument TEXT    NOT NULL CHECK (instrument IN ('gina', 'act')),
  score      INTEGER NOT NULL,
  result     TEXT    NOT NULL
);
-- Answers by item code (ACT: 1-5; GINA: 1 = yes, 0 = no). No question wording.
CREATE TABLE record_control_answers (
  record_id TEXT    NOT NULL REFERENCES records (id) ON DELETE CASCADE,
  item_code TEXT    NOT NULL,
  value     INTEGER NOT NULL,
  PRIMARY KEY (record_id, item_code)
);

CREATE TABLE record_exacerbation (
  record_id  TEXT PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date   TEXT
);

CREATE TABLE record_status (
  record_id TEXT    PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
  mood      INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 5),
  note      TEXT
);

CREATE TABLE records_settings (
  user_id            TEXT    PRIMARY KEY,
  personal_best_pef  INTEGER,
  green_min_percent  INTEGER NOT NULL,
  yellow_min_percent INTEGER NOT NULL,
  updated_at         BIGINT  NOT NULL
);
