-- records: the best peak flow of each user's local day, kept by the records repository in
-- the same transaction as every lung_function write (create raises it, replace and delete
-- recompute the day). The calendar's fallback personal best (the best PEF of the last six
-- months) and the zone of a new reading read at most ~184 of these rows instead of joining
-- every PEF record of six months. local_date is the record's own local day, as in records.
CREATE TABLE records_pef_days (
  user_id    TEXT    NOT NULL,
  local_date TEXT    NOT NULL,
  best_pef   INTEGER NOT NULL,
  PRIMARY KEY (user_id, local_date)
);

-- Backfill from the live peak-flow records already stored.
INSERT INTO records_pef_days (user_id, local_date, best_pef)
SELECT r.user_id, r.local_date, MAX(l.pef)
FROM records r JOIN record_lung_function l ON l.record_id = r.id
WHERE r.type = 'lung_function' AND r.deleted_at IS NULL
GROUP BY r.user_id, r.local_date;
