-- records: the monthly calendar reads its month from record_facts as well (one range read
-- instead of a primary-key probe per record into the detail tables). It shows two things the
-- report does not read:
--   note     status note
--   answers  control_test answers as 'item=value,…', sorted by item code ('' when none)
ALTER TABLE record_facts ADD COLUMN note TEXT;
ALTER TABLE record_facts ADD COLUMN answers TEXT;

UPDATE record_facts
SET note = (SELECT s.note FROM record_status s WHERE s.record_id = record_facts.record_id)
WHERE type = 'status';
UPDATE record_facts
SET answers = COALESCE((SELECT group_concat(item, ',') FROM (
                          SELECT a.item_code || '=' || a.value AS item FROM record_control_answers a
                          WHERE a.record_id = record_facts.record_id ORDER BY a.item_code)), '')
WHERE type = 'control_test';
