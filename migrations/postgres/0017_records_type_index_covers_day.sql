-- records: the (user_id, type, occurred_at, id) index also carries local_date and deleted_at,
-- so the per-type reads that filter on them (the calendar's month read, the report's facts, a
-- day's best PEF so far) can answer the records side from the index (an index-only scan where
-- the visibility map allows). It replaces the old index (same key, same name): the typed list
-- keeps using it, and writes maintain no extra index.
DROP INDEX records_user_type_occurred;
CREATE INDEX records_user_type_occurred ON records (user_id, type, occurred_at, id) INCLUDE (local_date, deleted_at);
