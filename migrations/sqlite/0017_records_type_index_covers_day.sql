-- records: the (user_id, type, occurred_at, id) index also carries local_date and deleted_at,
-- so the per-type reads that filter on them (the calendar's month read, the report's facts, a
-- day's best PEF so far) answer the records side from the index alone instead of looking up
-- every record's row. It replaces the old index (same leading columns, same name): the typed
-- list keeps using it, and writes maintain no extra index.
DROP INDEX records_user_type_occurred;
CREATE INDEX records_user_type_occurred ON records (user_id, type, occurred_at, id, local_date, deleted_at);
