#include "modules/identity/identity_repository.hpp"

namespace soom::identity::repo {
namespace {

constexpr const char* kUserColumns =
    "id, email, nickname, role, status, suspended_until, birth_year, sex, height_cm, time_zone, locale, "
    "diagnosis_year, notify_reminders, notify_community, notify_marketing, quiet_start, quiet_end, created_at, "
    "updated_at, EXISTS (SELECT 1 FROM mfa_totp t WHERE t.user_id = users.id AND t.confirmed_at IS NOT NULL)";

std::optional<int> opt_small(const db::Row& row, std::size_t i) {
  auto v = row.opt_int(i);
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

UserRow to_user(const db::Row& row) {
  UserRow u;
  auto& p = u.profile;
  p.id = row.get_text(0);
  p.email = row.get_text(1);
  p.nickname = row.get_text(2);
  p.role = row.get_text(3);
  u.status = row.get_text(4);
  if (auto until = row.opt_int(5)) u.suspended_until = from_unix_ms(*until);
  p.birth_year = opt_small(row, 6);
  p.sex = row.opt_text(7);
  p.height_cm = opt_small(row, 8);
  p.time_zone = row.get_text(9);
  p.locale = row.get_text(10);
  p.diagnosis_year = opt_small(row, 11);
  p.notifications.medication_reminders = row.get_bool(12);
  p.notifications.community = row.get_bool(13);
  p.notifications.marketing = row.get_bool(14);
  p.notifications.quiet_hours_start = row.opt_text(15);
  p.notifications.quiet_hours_end = row.opt_text(16);
  p.created_at = from_unix_ms(row.get_int(17));
  p.updated_at = from_unix_ms(row.get_int(18));
  p.mfa_enabled = row.get_bool(19);
  return u;
}

db::Value opt(const std::optional<int>& v) {
  return v ? db::Value(static_cast<std::int64_t>(*v)) : db::Value(db::Null{});
}
db::Value opt(const std::optional<std::string>& v) { return v ? db::Value(*v) : db::Value(db::Null{}); }

std::optional<UserRow> find_user(db::Transaction& tx, const char* column, const std::string& value) {
  auto r = tx.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + column + " = $1", {value});
  if (r.rows.empty()) return std::nullopt;
  return to_user(r.rows.front());
}

}  // namespace

void insert_user(db::Transaction& tx, const Profile& p, const std::string& nickname_key) {
  tx.query(
      "INSERT INTO users (id, email, nickname, nickname_key, role, time_zone, locale, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
      {p.id, p.email, p.nickname, nickname_key, p.role, p.time_zone, p.locale, to_unix_ms(p.created_at)});
}

std::optional<UserRow> find_user_by_id(db::Transaction& tx, const std::string& id) {
  return find_user(tx, "id", id);
}

std::optional<UserRow> find_user_by_email(db::Transaction& tx, const std::string& email) {
  return find_user(tx, "email", email);
}

void update_profile(db::Transaction& tx, const Profile& p, const std::string& nickname_key) {
  tx.query(
      "UPDATE users SET nickname = $2, nickname_key = $3, birth_year = $4, sex = $5, height_cm = $6, "
      "time_zone = $7, locale = $8, diagnosis_year = $9, notify_reminders = $10, notify_community = $11, "
      "notify_marketing = $12, quiet_start = $13, quiet_end = $14, updated_at = $15 WHERE id = $1",
      {p.id, p.nickname, nickname_key, opt(p.birth_year), opt(p.sex), opt(p.height_cm), p.time_zone, p.locale,
       opt(p.diagnosis_year), p.notifications.medication_reminders, p.notifications.community,
       p.notifications.marketing, opt(p.notifications.quiet_hours_start), opt(p.notifications.quiet_hours_end),
       to_unix_ms(p.updated_at)});
}

void update_role(db::Transaction& tx, const std::string& user_id, const std::string& role, Instant at) {
  tx.query("UPDATE users SET role = $2, updated_at = $3 WHERE id = $1", {user_id, role, to_unix_ms(at)});
}

void delete_user(db::Transaction& tx, const std::string& user_id) {
  // Credentials, consents, sessions, refresh tokens and MFA rows cascade.
  tx.query("DELETE FROM users WHERE id = $1", {user_id});
}

void insert_credentials(db::Transaction& tx, const std::string& user_id, const std::string& hash, Instant at) {
  tx.query("INSERT INTO credentials (user_id, password_hash, password_changed_at) VALUES ($1, $2, $3)",
           {user_id, hash, to_unix_ms(at)});
}

std::optional<std::string> password_hash(db::Transaction& tx, const std::string& user_id) {
  auto r = tx.query("SELECT password_hash FROM credentials WHERE user_id = $1", {user_id});
  if (r.rows.empty()) return std::nullopt;
  return r.rows.front().get_text(0);
}

void update_password(db::Transaction& tx, const std::string& user_id, const std::string& hash, Instant at) {
  tx.query("UPDATE credentials SET password_hash = $2, password_changed_at = $3 WHERE user_id = $1",
           {user_id, hash, to_unix_ms(at)});
}

void insert_consent(db::Transaction& tx, const std::string& user_id, const ConsentRow& c) {
  tx.query("INSERT INTO consents (user_id, kind, version, granted, recorded_at) VALUES ($1, $2, $3, $4, $5)",
           {user_id, c.kind, c.version, c.granted, to_unix_ms(c.recorded_at)});
}

std::vector<ConsentRow> current_consents(db::Transaction& tx, const std::string& user_id) {
  auto r = tx.query(
      "SELECT c.kind, c.version, c.granted, c.recorded_at FROM consents c "
      "WHERE c.user_id = $1 AND c.id = (SELECT MAX(l.id) FROM consents l WHERE l.user_id = c.user_id AND l.kind = c.kind) "
      "ORDER BY c.kind",
      {user_id});
  std::vector<ConsentRow> out;
  for (const auto& row : r.rows) {
    out.push_back(ConsentRow{row.get_text(0), row.get_text(1), row.get_bool(2), from_unix_ms(row.get_int(3))});
  }
  return out;
}

void insert_session(db::Transaction& tx, const SessionRow& s, Instant now, const ClientInfo& client) {
  tx.query(
      "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, user_agent, ip) "
      "VALUES ($1, $2, $3, $3, $4, $5, $6)",
      {s.id, s.user_id, to_unix_ms(now), to_unix_ms(s.expires_at), client.user_agent.substr(0, 256), client.ip});
}

std::optional<SessionRow> find_session(db::Transaction& tx, const std::string& id) {
  auto r = tx.query("SELECT id, user_id, expires_at, revoked_at FROM sessions WHERE id = $1", {id});
  if (r.rows.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  SessionRow s{row.get_text(0), row.get_text(1), from_unix_ms(row.get_int(2)), std::nullopt};
  if (auto rv = row.opt_int(3)) s.revoked_at = from_unix_ms(*rv);
  return s;
}

void touch_session(db::Transaction& tx, const std::string& id, Instant now) {
  tx.query("UPDATE sessions SET last_used_at = $2 WHERE id = $1", {id, to_unix_ms(now)});
}

void revoke_session(db::Transaction& tx, const std::string& id, const std::string& reason, Instant now) {
  tx.query("UPDATE sessions SET revoked_at = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL",
           {id, to_unix_ms(now), reason});
}

std::vector<std::string> revoke_user_sessions(db::Transaction& tx, const std::string& user_id, const std::string& keep,
                                              const std::string& reason, Instant now) {
  auto r = tx.query(
      "UPDATE sessions SET revoked_at = $3, revoke_reason = $4 "
      "WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id",
      {user_id, keep, to_unix_ms(now), reason});
  std::vector<std::string> ids;
  for (const auto& row : r.rows) ids.push_back(row.get_text(0));
  return ids;
}

void insert_refresh(db::Transaction& tx, const std::string& token_hash, const std::string& session_id, Instant now,
                    Instant expires_at) {
  tx.query("INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
           {token_hash, session_id, to_unix_ms(now), to_unix_ms(expires_at)});
}

std::optional<RefreshRow> find_refresh(db::Transaction& tx, const std::string& token_hash) {
  auto r = tx.query("SELECT session_id, expires_at, used_at FROM refresh_tokens WHERE token_hash = $1", {token_hash});
  if (r.rows.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  RefreshRow out{row.get_text(0), from_unix_ms(row.get_int(1)), std::nullopt};
  if (auto used = row.opt_int(2)) out.used_at = from_unix_ms(*used);
  return out;
}

bool mark_refresh_used(db::Transaction& tx, const std::string& token_hash, Instant now) {
  auto r = tx.query("UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL",
                    {token_hash, to_unix_ms(now)});
  return r.affected == 1;
}

void upsert_totp(db::Transaction& tx, const std::string& user_id, const std::string& secret, Instant now) {
  tx.query(
      "INSERT INTO mfa_totp (user_id, secret, created_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, "
      "confirmed_at = NULL, last_step = 0",
      {user_id, secret, to_unix_ms(now)});
}

std::optional<TotpRow> find_totp(db::Transaction& tx, const std::string& user_id) {
  auto r = tx.query("SELECT secret, confirmed_at, last_step FROM mfa_totp WHERE user_id = $1", {user_id});
  if (r.rows.empty()) return std::nullopt;
  const auto& row = r.rows.front();
  TotpRow t{row.get_text(0), std::nullopt, row.get_int(2)};
  if (auto c = row.opt_int(1)) t.confirmed_at = from_unix_ms(*c);
  return t;
}

void confirm_totp(db::Transaction& tx, const std::string& user_id, std::int64_t step, Instant now) {
  tx.query("UPDATE mfa_totp SET confirmed_at = $2, last_step = $3 WHERE user_id = $1",
           {user_id, to_unix_ms(now), step});
}

bool advance_totp_step(db::Transaction& tx, const std::string& user_id, std::int64_t step) {
  auto r = tx.query("UPDATE mfa_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2", {user_id, step});
  return r.affected == 1;
}

void replace_recovery_codes(db::Transaction& tx, const std::string& user_id, const std::vector<std::string>& hashes) {
  tx.query("DELETE FROM mfa_recovery_codes WHERE user_id = $1", {user_id});
  for (const auto& h : hashes) {
    tx.query("INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES ($1, $2)", {user_id, h});
  }
}

bool use_recovery_code(db::Transaction& tx, const std::string& user_id, const std::string& code_hash, Instant now) {
  auto r = tx.query(
      "UPDATE mfa_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
      {user_id, code_hash, to_unix_ms(now)});
  return r.affected == 1;
}

}  // namespace soom::identity::repo
