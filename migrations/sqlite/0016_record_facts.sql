-- records: record_facts, a read model with one row per live record holding only what the
-- report reads (RecordsQueries::record_facts_between), clustered by (user_id, occurred_at,
-- record_id) so a year of one patient's records is one range read instead of a primary-key
-- probe per record into six detail tables. Kept by the records repository in the same
-- transaction as every record write (insert with the details, delete with the details,
-- user erasure); a tombstone has no row.
--   n1    symptom severity | lung_function pef | control_test score | status mood
--   t1    intake category | control_test instrument | exacerbation kind
--   t2    intake medication_id | control_test result | exacerbation start_date
--   t3    exacerbation end_date
--   doses, taken: intake
--   codes symptom only: its symptom codes, '|', its trigger codes (each list comma-separated,
--         sorted), e.g. 'cough,wheeze|pollen'; '|' when it has none.
CREATE TABLE record_facts (
  user_id     TEXT    NOT NULL,
  occurred_at BIGINT  NOT NULL,
  record_id   TEXT    NOT NULL REFERENCES records (id) ON DELETE CASCADE,
  type        TEXT    NOT NULL,
  local_date  TEXT    NOT NULL,
  n1          INTEGER,
  t1          TEXT,
  t2          TEXT,
  t3          TEXT,
  doses       DOUBLE PRECISION,
  taken       BOOLEAN,
  codes       TEXT,
  PRIMARY KEY (user_id, occurred_at, record_id)
) WITHOUT ROWID;
-- Replace and delete find the row by record id.
CREATE UNIQUE INDEX record_facts_record_id ON record_facts (record_id);

-- Backfill from the live records and their details.
INSERT INTO record_facts (user_id, occurred_at, record_id, type, local_date, n1, codes)
SELECT r.user_id, r.occurred_at, r.id, r.type, r.local_date, d.severity,
       COALESCE((SELECT group_concat(code, ',') FROM (SELECT i.code FROM record_symptom_items i
                 WHERE i.record_id = r.id AND i.kind = 'symptom' ORDER BY i.code)), '') || '|' ||
       COALESCE((SELECT group_concat(code, ',') FROM (SELECT i.code FROM record_symptom_items i
                 WHERE i.record_id = r.id AND i.kind = 'trigger' ORDER BY i.code)), '')
FROM records r JOIN record_symptom d ON d.record_id = r.id
WHERE r.type = 'symptom' AND r.deleted_at IS NULL;
INSERT INTO record_facts (user_id, occurred_at, record_id, type, local_date, t1, t2, doses, taken)
SELECT r.user_id, r.occurred_at, r.id, r.type, r.local_date, d.category, d.medication_id, d.doses, d.taken
FROM records r JOIN record_intake d ON d.record_id = r.id
WHERE r.type = 'intake' AND r.deleted_at IS NULL;
INSERT INTO record_facts (user_id, occurred_at, record_id, type, local_date, n1)
SELECT r.user_id, r.occurred_at, r.id, r.type, r.local_date, d.pef
FROM records r JOIN record_lung_function d ON d.record_id = r.id
WHERE r.type = 'lung_function' AND r.deleted_at IS NULL;
INSERT INTO record_facts (user_id, occurred_at, record_id, type, local_date, n1, t1, t2)
SELECT r.user_id, r.occurred_at, r.id, r.type, r.local_date, d.score, d.instrument, d.result
FROM records r JOIN record_control_test d ON d.record_id = r.id
WHERE r.type = 'control_test' AND r.deleted_at IS NULL;
INSERT INTO record_facts (user_id, occurred_at, record_id, type, local_date, t1, t2, t3)
SELECT r.user_id, r.occurred_at, r.id, r.type, r.local_date, d.kind, d.start_date, d.end_date
FROM records r JOIN record_exacerbation d ON d.record_id = r.id
WHERE r.type = 'exacerbation' AND r.deleted_at IS NULL;
INSERT INTO record_facts (user_id, occurred_at, record_id, type, local_date, n1)
SELECT r.user_id, r.occurred_at, r.id, r.type, r.local_date, d.mood
FROM records r JOIN record_status d ON d.record_id = r.id
WHERE r.type = 'status' AND r.deleted_at IS NULL;
