-- Consumers of the outbox take a lease so that exactly one worker process advances a
-- consumer at a time (several workers on PostgreSQL; a dead worker's lease expires).
ALTER TABLE outbox_consumers ADD COLUMN lease_owner TEXT;
ALTER TABLE outbox_consumers ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox_consumers ADD COLUMN last_error TEXT;
ALTER TABLE outbox_consumers ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
