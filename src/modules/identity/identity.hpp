#pragma once
// Public surface of the identity context: accounts, credentials, consents, sessions
// and tokens, MFA. Everything else in src/modules/identity is private.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace soom::db {
class Database;
}
namespace soom::cache {
class Cache;
}

namespace soom::identity {

// Lower-cases and checks an e-mail address; nullopt when it is not plausible. Accounts are
// stored and found by this form, so other contexts that hold addresses use it too.
std::optional<std::string> normalize_email(std::string_view email);

// Versions of the texts a user can agree to. A client shows the current text and
// sends back its version; an outdated version is refused.
struct ConsentDocuments final {
  std::string terms = "2026-11-01";
  std::string health_data = "2026-11-01";
  std::string marketing = "2026-11-01";
};

struct SignupRequest final {
  std::string email;
  std::string password;
  std::string nickname;
  std::string terms_version;                       // required
  std::optional<std::string> health_data_version;  // optional, separately
  std::optional<std::string> time_zone;
  std::optional<std::string> locale;
};

struct NotificationPreferences final {
  bool medication_reminders = true;
  bool community = true;
  bool marketing = false;
  std::optional<std::string> quiet_hours_start;  // "HH:MM" local time
  std::optional<std::string> quiet_hours_end;
};

struct Profile final {
  std::string id;
  std::string email;
  std::string nickname;
  std::string role;
  std::optional<int> birth_year;
  std::optional<std::string> sex;
  std::optional<int> height_cm;
  std::string time_zone;
  std::string locale;
  std::optional<int> diagnosis_year;
  NotificationPreferences notifications;
  bool mfa_enabled = false;
  Instant created_at;
  Instant updated_at;
};

// PATCH semantics: an unset optional leaves the field alone; `clear_*` sets it to null.
struct ProfilePatch final {
  std::optional<std::string> nickname;
  std::optional<int> birth_year;
  bool clear_birth_year = false;
  std::optional<std::string> sex;
  bool clear_sex = false;
  std::optional<int> height_cm;
  bool clear_height_cm = false;
  std::optional<std::string> time_zone;
  std::optional<std::string> locale;
  std::optional<int> diagnosis_year;
  bool clear_diagnosis_year = false;
  std::optional<NotificationPreferences> notifications;
};

struct ConsentState final {
  std::string kind;  // terms | health_data | marketing
  bool granted = false;
  std::optional<std::string> version;
  std::optional<Instant> recorded_at;
  std::string current_version;
};

struct ConsentChange final {
  std::string kind;
  bool granted = false;
  std::string version;
};

struct ClientInfo final {
  std::string ip;
  std::string user_agent;
};

struct LoginRequest final {
  std::string email;
  std::string password;
  std::optional<std::string> totp;  // 6-digit code or a recovery code
};

struct TokenPair final {
  std::string access_token;
  std::string refresh_token;
  int expires_in = 0;
};

struct TotpEnrollment final {
  std::string secret;  // base32
  std::string otpauth_uri;
};

struct AuthenticatedUser final {
  std::string user_id;
  std::string session_id;
  std::string role;
};

// Queries other modules may use (e.g. records checks the health-data consent).
class IdentityQueries {
 public:
  virtual ~IdentityQueries() = default;
  virtual Result<bool> has_health_data_consent(const std::string& user_id) = 0;
  virtual Result<std::string> time_zone_of(const std::string& user_id) = 0;
  // The account with this e-mail (normalized like sign-up), if any. For invitations.
  virtual Result<std::optional<std::string>> user_id_by_email(const std::string& email) = 0;
};

class IdentityService : public IdentityQueries {
 public:
  ~IdentityService() override = default;
  virtual Result<Profile> sign_up(const SignupRequest& request) = 0;
  virtual Result<TokenPair> log_in(const LoginRequest& request, const ClientInfo& client) = 0;
  virtual Result<TokenPair> refresh(const std::string& refresh_token, const ClientInfo& client) = 0;
  virtual Status log_out(const AuthenticatedUser& who, bool everywhere) = 0;
  virtual Result<AuthenticatedUser> authenticate(const std::string& access_token) = 0;

  virtual Result<Profile> profile(const std::string& user_id) = 0;
  virtual Result<Profile> update_profile(const std::string& user_id, const ProfilePatch& patch) = 0;
  virtual Status change_password(const AuthenticatedUser& who, const std::string& current_password,
                                 const std::string& new_password) = 0;
  virtual Status delete_account(const std::string& user_id, const std::string& password) = 0;

  virtual Result<std::vector<ConsentState>> consents(const std::string& user_id) = 0;
  virtual Result<std::vector<ConsentState>> change_consents(const std::string& user_id,
                                                            const std::vector<ConsentChange>& changes) = 0;
  virtual const ConsentDocuments& consent_documents() const = 0;

  virtual Result<TotpEnrollment> begin_totp(const std::string& user_id) = 0;
  // Returns one-time recovery codes (shown once).
  virtual Result<std::vector<std::string>> confirm_totp(const std::string& user_id, const std::string& code) = 0;
  // Seals TOTP seeds still stored in plaintext (written before data.key existed), 100 per call;
  // returns how many. Once a call finds none it is a no-op for the life of the process (the
  // worker calls it on every pass).
  virtual Result<int> seal_legacy_secrets() = 0;

  // Operators: create or promote an admin (CLI `soomcare user create-admin`).
  virtual Result<Profile> create_staff(const std::string& email, const std::string& password,
                                       const std::string& nickname, const std::string& role) = 0;
};

struct IdentitySettings final {
  std::string jwt_secret;
  // Seals TOTP seeds at rest (core/secret_box.hpp; <var_dir>/data.key). Empty: a random key for
  // this process only — for tests; a server always passes the file's key.
  std::string data_key;
  int access_ttl_s = 900;
  int refresh_ttl_s = 30 * 24 * 3600;
  int login_max_failures = 5;
  int login_ip_max = 30;
  int login_window_s = 900;
};

std::shared_ptr<IdentityService> make_identity_service(std::shared_ptr<db::Database> db,
                                                       std::shared_ptr<cache::Cache> cache,
                                                       std::shared_ptr<const Clock> clock,
                                                       IdentitySettings settings);

// Domain event types published by identity (payload: user_id, and kind/granted for consents).
inline constexpr const char* kUserRegistered = "identity.user_registered";
inline constexpr const char* kUserDeleted = "identity.user_deleted";
inline constexpr const char* kConsentChanged = "identity.consent_changed";

}  // namespace soom::identity

namespace soom::http {
class Router;
class TokenVerifier;
}  // namespace soom::http

namespace soom::identity {

// HTTP adapters (handlers translate JSON ⇄ the structs above and call the service).
void add_identity_routes(http::Router& router, std::shared_ptr<IdentityService> service);
std::shared_ptr<http::TokenVerifier> make_token_verifier(std::shared_ptr<IdentityService> service);

}  // namespace soom::identity
