#pragma once
// SQL for the identity tables. Every function runs inside the caller's transaction
// so that the service decides the unit of work (and publishes events in it).
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "db/db.hpp"
#include "modules/identity/identity.hpp"

namespace soom::identity::repo {

struct UserRow final {
  Profile profile;
  std::string status;  // active | suspended
  std::optional<Instant> suspended_until;
};

void insert_user(db::Transaction& tx, const Profile& p, const std::string& nickname_key);
std::optional<UserRow> find_user_by_id(db::Transaction& tx, const std::string& id);
std::optional<UserRow> find_user_by_email(db::Transaction& tx, const std::string& email);
void update_profile(db::Transaction& tx, const Profile& p, const std::string& nickname_key);
void update_role(db::Transaction& tx, const std::string& user_id, const std::string& role, Instant at);
void delete_user(db::Transaction& tx, const std::string& user_id);

void insert_credentials(db::Transaction& tx, const std::string& user_id, const std::string& hash, Instant at);
std::optional<std::string> password_hash(db::Transaction& tx, const std::string& user_id);
void update_password(db::Transaction& tx, const std::string& user_id, const std::string& hash, Instant at);

struct ConsentRow final {
  std::string kind;
  std::string version;
  bool granted = false;
  Instant recorded_at;
};
void insert_consent(db::Transaction& tx, const std::string& user_id, const ConsentRow& consent);
// Latest row per kind.
std::vector<ConsentRow> current_consents(db::Transaction& tx, const std::string& user_id);

struct SessionRow final {
  std::string id;
  std::string user_id;
  Instant expires_at;
  std::optional<Instant> revoked_at;
};
void insert_session(db::Transaction& tx, const SessionRow& s, Instant now, const ClientInfo& client);
std::optional<SessionRow> find_session(db::Transaction& tx, const std::string& id);
void touch_session(db::Transaction& tx, const std::string& id, Instant now);
void revoke_session(db::Transaction& tx, const std::string& id, const std::string& reason, Instant now);
// Revokes all active sessions of a user except `keep` (may be empty); returns their ids.
std::vector<std::string> revoke_user_sessions(db::Transaction& tx, const std::string& user_id,
                                              const std::string& keep, const std::string& reason, Instant now);

struct RefreshRow final {
  std::string session_id;
  Instant expires_at;
  std::optional<Instant> used_at;
};
void insert_refresh(db::Transaction& tx, const std::string& token_hash, const std::string& session_id, Instant now,
                    Instant expires_at);
std::optional<RefreshRow> find_refresh(db::Transaction& tx, const std::string& token_hash);
// Marks a token used; false when somebody else used it first (race-safe).
bool mark_refresh_used(db::Transaction& tx, const std::string& token_hash, Instant now);

struct TotpRow final {
  std::string secret;
  std::optional<Instant> confirmed_at;
  std::int64_t last_step = 0;
};
void upsert_totp(db::Transaction& tx, const std::string& user_id, const std::string& secret, Instant now);
std::optional<TotpRow> find_totp(db::Transaction& tx, const std::string& user_id);
void confirm_totp(db::Transaction& tx, const std::string& user_id, std::int64_t step, Instant now);
// Records the last accepted step; false if `step` is not newer (replay).
bool advance_totp_step(db::Transaction& tx, const std::string& user_id, std::int64_t step);
void replace_recovery_codes(db::Transaction& tx, const std::string& user_id, const std::vector<std::string>& hashes);
bool use_recovery_code(db::Transaction& tx, const std::string& user_id, const std::string& code_hash, Instant now);

}  // namespace soom::identity::repo
