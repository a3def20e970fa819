-- medication: the user's medications (catalog drug or free text), their dose slots (the
-- durable reminder queue), care partners, and the scheduler's queue lease (SQLite: one
-- worker owns the queue). The drug catalog is static data embedded in the binary
-- (data/drugs.tsv). Instants are BIGINT unix milliseconds (UTC). No foreign keys into
-- other contexts' tables.
CREATE TABLE medications (
  id                 TEXT    PRIMARY KEY,
  user_id            TEXT    NOT NULL,
  drug_id            TEXT,
  name               TEXT    NOT NULL,
  role               TEXT    NOT NULL CHECK (role IN ('controller', 'reliever', 'other')),
  dose               DOUBLE PRECISION NOT NULL,
  dose_unit          TEXT    NOT NULL,
  schedule           TEXT    NOT NULL,
  schedule_kind      TEXT    NOT NULL,
  start_date         TEXT    NOT NULL,
  end_date           TEXT,
  paused             BOOLEAN NOT NULL,
  memo               TEXT,
  inventory_remaining DOUBLE PRECISION,
  doses_per_device   DOUBLE PRECISION,
  refill_threshold   DOUBLE PRECISION,
  -- Set when the refill notification for the current crossing was published; cleared
  -- when the inventory is topped up above the threshold again.
  refill_notified    BOOLEAN NOT NULL,
  -- Slots exist up to this instant (the scheduler extends it to now + horizon).
  materialized_until BIGINT  NOT NULL,
  version            BIGINT  NOT NULL,
  created_at         BIGINT  NOT NULL,
  updated_at         BIGINT  NOT NULL,
  deleted_at         BIGINT
);
CREATE INDEX medications_user ON medications (user_id, created_at);
CREATE INDEX medications_horizon ON medications (materialized_until);

CREATE TABLE dose_slots (
  id              TEXT    PRIMARY KEY,
  user_id         TEXT    NOT NULL,
  medication_id   TEXT    NOT NULL,
  scheduled_at    BIGINT  NOT NULL,
  local_time      TEXT    NOT NULL,   -- YYYY-MM-DDTHH:MM as scheduled, in the user's zone
  local_date      TEXT    NOT NULL,
  time_zone       TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('pending', 'taken', 'skipped', 'missed')),
  -- Reminder queue: due (waiting), fired, expired (older than the stale window: not sent,
  -- outcome recorded) or cancelled (answered before it was due).
  reminder_state  TEXT    NOT NULL CHECK (reminder_state IN ('due', 'fired', 'expired', 'cancelled')),
  due_at          BIGINT  NOT NULL,
  snooze_count    INTEGER NOT NULL,
  lease_owner     TEXT,
  lease_until     BIGINT  NOT NULL,
  fired_at        BIGINT,
  fired_late      BOOLEAN,
  followup_sent   BOOLEAN NOT NULL,
  taken_at        BIGINT,
  doses_taken     DOUBLE PRECISION,
  record_id       TEXT,
  answered_at     BIGINT,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL
);
CREATE UNIQUE INDEX dose_slots_medication_time ON dose_slots (medication_id, local_time);
CREATE INDEX dose_slots_due ON dose_slots (due_at) WHERE reminder_state = 'due';
CREATE INDEX dose_slots_open ON dose_slots (scheduled_at) WHERE status = 'pending';
CREATE INDEX dose_slots_user_date ON dose_slots (user_id, local_date);

CREATE TABLE care_partners (
  id           TEXT   PRIMARY KEY,
  patient_id   TEXT   NOT NULL,
  partner_id   TEXT   NOT NULL,
  status       TEXT   NOT NULL CHECK (status IN ('pending', 'active', 'revoked')),
  created_at   BIGINT NOT NULL,
  accepted_at  BIGINT,
  revoked_at   BIGINT
);
CREATE UNIQUE INDEX care_partners_live_pair ON care_partners (patient_id, partner_id) WHERE status <> 'revoked';
CREATE INDEX care_partners_partner ON care_partners (partner_id);

CREATE TABLE medication_queue_lease (
  name        TEXT   PRIMARY KEY,
  owner       TEXT   NOT NULL,
  lease_until BIGINT NOT NULL
);
