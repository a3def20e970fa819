-- identity: users, credentials, consents, sessions (refresh-token families), MFA.
-- Instants are BIGINT unix milliseconds (UTC).
CREATE TABLE users (
  id               TEXT    PRIMARY KEY,
  email            TEXT    NOT NULL,
  nickname         TEXT    NOT NULL,
  nickname_key     TEXT    NOT NULL,
  role             TEXT    NOT NULL DEFAULT 'patient'
                   CHECK (role IN ('patient', 'moderator', 'content_editor', 'admin')),
  status           TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  suspended_until  BIGINT,
  birth_year       INTEGER,
  sex              TEXT    CHECK (sex IN ('female', 'male', 'other')),
  height_cm        INTEGER,
  time_zone        TEXT    NOT NULL DEFAULT 'Asia/Seoul',
  locale           TEXT    NOT NULL DEFAULT 'ko-KR',
  diagnosis_year   INTEGER,
  notify_reminders BOOLEAN NOT NULL DEFAULT TRUE,
  notify_community BOOLEAN NOT NULL DEFAULT TRUE,
  notify_marketing BOOLEAN NOT NULL DEFAULT FALSE,
  quiet_start      TEXT,
  quiet_end        TEXT,
  created_at       BIGINT  NOT NULL,
  updated_at       BIGINT  NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE UNIQUE INDEX users_nickname_key ON users (nickname_key);

CREATE TABLE credentials (
  user_id             TEXT   PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  password_hash       TEXT   NOT NULL,
  password_changed_at BIGINT NOT NULL
);

-- Append-only consent history; the latest row per (user, kind) is the current state.
CREATE TABLE consents (
  id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind        TEXT    NOT NULL CHECK (kind IN ('terms', 'health_data', 'marketing')),
  version     TEXT    NOT NULL,
  granted     BOOLEAN NOT NULL,
  recorded_at BIGINT  NOT NULL
);
CREATE INDEX consents_user_kind ON consents (user_id, kind, id);

-- A session is one refresh-token family (one device login).
CREATE TABLE sessions (
  id           TEXT   PRIMARY KEY,
  user_id      TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL,
  revoked_at   BIGINT,
  revoke_reason TEXT,
  user_agent   TEXT,
  ip           TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Refresh tokens are stored only as SHA-256 hashes. A used token that is presented
-- again revokes its whole family (reuse detection).
CREATE TABLE refresh_tokens (
  token_hash TEXT   PRIMARY KEY,
  session_id TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at    BIGINT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE mfa_totp (
  user_id      TEXT   PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret       TEXT   NOT NULL,
  confirmed_at BIGINT,
  last_step    BIGINT NOT NULL DEFAULT 0,
  created_at   BIGINT NOT NULL
);

CREATE TABLE mfa_recovery_codes (
  user_id   TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT   NOT NULL,
  used_at   BIGINT,
  PRIMARY KEY (user_id, code_hash)
);
