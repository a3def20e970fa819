-- medication: a care-partner invitation is addressed to an e-mail, whether or not an account
-- has it yet. Answering "no account with this e-mail" (404) let any signed-in user learn which
-- addresses use an asthma app — health information. The invitation now stores the address
-- (identity's normalized form) and no partner until the account with that address opens its
-- care-partner list or answers the invitation ("claims" it).
ALTER TABLE care_partners ALTER COLUMN partner_id DROP NOT NULL, ADD COLUMN invited_email TEXT;
-- One live invitation per patient and address, as there is one live link per pair.
CREATE UNIQUE INDEX care_partners_live_invitation ON care_partners (patient_id, invited_email)
  WHERE status <> 'revoked';
CREATE INDEX care_partners_unclaimed ON care_partners (invited_email) WHERE partner_id IS NULL;
