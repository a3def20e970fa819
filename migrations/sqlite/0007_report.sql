-- report: the patient's asthma action plan. Only the texts live here; the personal best
-- and zone thresholds stay in records_settings (owned by the records context, which also
-- uses them for its calendar zones), so there is one source of truth for them.
-- Instants are BIGINT unix milliseconds (UTC). No foreign keys into other contexts' tables.
CREATE TABLE report_action_plans (
  user_id          TEXT    PRIMARY KEY,
  green_take       TEXT    NOT NULL,
  green_act        TEXT    NOT NULL,
  yellow_take      TEXT    NOT NULL,
  yellow_act       TEXT    NOT NULL,
  red_take         TEXT    NOT NULL,
  red_act          TEXT    NOT NULL,
  call_doctor_when TEXT    NOT NULL,
  call_119_when    TEXT    NOT NULL,
  doctor_name      TEXT    NOT NULL,
  doctor_phone     TEXT    NOT NULL,
  clinic_name      TEXT    NOT NULL,
  updated_at       BIGINT  NOT NULL
);
