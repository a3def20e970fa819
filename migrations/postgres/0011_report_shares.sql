-- report: links that show a read-only report to a clinician without a login. Only the
-- SHA-256 hash of the token is stored (the token itself is shown once, at creation).
-- Every opening is logged for the patient to see. Instants are BIGINT unix milliseconds
-- (UTC). No foreign keys into other contexts' tables; erased on identity.user_deleted.
CREATE TABLE report_shares (
  id           TEXT    PRIMARY KEY,
  user_id      TEXT    NOT NULL,
  token_hash   TEXT    NOT NULL UNIQUE,
  period_from  TEXT    NOT NULL,
  period_to    TEXT    NOT NULL,
  note         TEXT    NOT NULL,
  created_at   BIGINT  NOT NULL,
  expires_at   BIGINT  NOT NULL,
  revoked_at   BIGINT,
  access_count BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX report_shares_by_user ON report_shares (user_id, created_at);

CREATE TABLE report_share_accesses (
  id          TEXT    PRIMARY KEY,
  share_id    TEXT    NOT NULL,
  user_id     TEXT    NOT NULL,
  accessed_at BIGINT  NOT NULL,
  resource    TEXT    NOT NULL,
  user_agent  TEXT    NOT NULL,
  client_ip   TEXT    NOT NULL
);
CREATE INDEX report_share_accesses_by_share ON report_share_accesses (share_id, accessed_at);
CREATE INDEX report_share_accesses_by_user ON report_share_accesses (user_id);
