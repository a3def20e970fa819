-- medication: a care-partner invitation is addressed to an e-mail, whether or not an account
-- has it yet. Answering "no account with this e-mail" (404) let any signed-in user learn which
-- addresses use an asthma app — health information. The invitation now stores the address
-- (identity's normalized form) and no partner until the account with that address opens its
-- care-partner list or answers the invitation ("claims" it).
-- SQLite cannot drop NOT NULL in place: the table is rebuilt (nothing references it).
CREATE TABLE care_partners_new (
  id            TEXT   PRIMARY KEY,
  patient_id    TEXT   NOT NULL,
  partner_id    TEXT,
  status        TEXT   NOT NULL CHECK (status IN ('pending', 'active', 'revoked')),
  created_at    BIGINT NOT NULL,
  accepted_at   BIGINT,
  revoked_at    BIGINT,
  invited_email TEXT
);
INSERT INTO care_partners_new (id, patient_id, partner_id, status, created_at, accepted_at, revoked_at)
SELECT id, patient_id, partner_id, status, created_at, accepted_at, revoked_at FROM care_partners;
DROP TABLE care_partners;
ALTER TABLE care_partners_new RENAME TO care_partners;
CREATE UNIQUE INDEX care_partners_live_pair ON care_partners (patient_id, partner_id) WHERE status <> 'revoked';
CREATE INDEX care_partners_partner ON care_partners (partner_id);
-- One live invitation per patient and address, as there is one live link per pair.
CREATE UNIQUE INDEX care_partners_live_invitation ON care_partners (patient_id, invited_email)
  WHERE status <> 'revoked';
CREATE INDEX care_partners_unclaimed ON care_partners (invited_email) WHERE partner_id IS NULL;
