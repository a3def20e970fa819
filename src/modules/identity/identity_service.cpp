// The identity service: sign-up, login with throttling and optional TOTP, refresh-token
// rotation with reuse detection, sessions, profile, consents and account deletion.
#include <atomic>
#include <chrono>

#include "cache/cache.hpp"
#include "cache/rate_limiter.hpp"
#include "core/encoding.hpp"
#include "core/random.hpp"
#include "core/secret_box.hpp"
#include "db/db.hpp"
#include "db/sealed_columns.hpp"
#include "events/outbox.hpp"
#include "modules/identity/identity.hpp"
#include "modules/identity/identity_repository.hpp"
#include "modules/identity/jwt.hpp"
#include "modules/identity/password_hash.hpp"
#include "modules/identity/password_policy.hpp"
#include "modules/identity/profile_cache.hpp"
#include "modules/identity/totp.hpp"
#include "modules/identity/validation.hpp"
#include "modules/identity/verified_tokens.hpp"

namespace soom::identity {
namespace {

// Bound into each sealed TOTP seed (SecretBox purpose): it opens in mfa_totp.secret only.
constexpr std::string_view kTotpPurpose = "identity.mfa_totp.secret";
constexpr int kSealBatch = 100;

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kSessionStatusTtl = seconds(60);

std::string token_hash(std::string_view token) { return hex_encode(sha256(token)); }

int current_year(Instant now) {
  const auto days = std::chrono::floor<std::chrono::days>(now);
  return static_cast<int>(std::chrono::year_month_day(days).year());
}

Error invalid_credentials() { return Error::make(ErrorCode::kAuthInvalidCredentials); }

Error rate_limited(milliseconds remaining) {
  return cache::rate_limited("로그인 시도가 너무 많습니다. 잠시 후 다시 시도해 주세요", remaining);
}

// Unique violations name the index (PostgreSQL: users_email_key) or the column
// (SQLite: users.email); both contain the column name. Never look at what(): it holds SQL.
std::optional<Error> unique_violation_error(const db::DbError& e) {
  if (e.kind() != db::DbError::Kind::kUniqueViolation) return std::nullopt;
  const std::string& where = e.constraint();
  if (where.find("email") != std::string::npos) return Error::make(ErrorCode::kEmailTaken);
  if (where.find("nickname") != std::string::npos) return Error::make(ErrorCode::kNicknameTaken);
  return std::nullopt;
}

class IdentityServiceImpl final : public IdentityService {
 public:
  IdentityServiceImpl(std::shared_ptr<db::Database> db, std::shared_ptr<cache::Cache> cache,
                      std::shared_ptr<const Clock> clock, IdentitySettings settings)
      : db_(std::move(db)),
        cache_(std::move(cache)),
        clock_(std::move(clock)),
        settings_(std::move(settings)),
        signer_(settings_.jwt_secret),
        secrets_(settings_.data_key.empty() ? random_token(48) : settings_.data_key) {
    // An in-process cache means this process makes the identity writes (see profile_cache.hpp).
    if (cache_->kind() == "memory") profiles_.emplace();
  }

  Result<Profile> sign_up(const SignupRequest& request) override {
    std::vector<FieldError> errors;
    const auto email = normalize_email(request.email);
    if (!email) errors.push_back({"email", "invalid", "올바른 이메일 주소를 입력해 주세요"});
    if (!is_valid_nickname(request.nickname)) {
      errors.push_back({"nickname", "invalid", "닉네임은 한글·영문·숫자·_-. 2~20자입니다"});
    }
    for (auto& e : check_password_policy(request.password, email.value_or(request.email), request.nickname)) {
      errors.push_back(std::move(e));
    }
    if (request.terms_version != documents_.terms) {
      errors.push_back({"consents.terms", "outdated_version", "현재 이용약관(" + documents_.terms + ")에 동의해 주세요"});
    }
    if (request.health_data_version && *request.health_data_version != documents_.health_data) {
      errors.push_back({"consents.health_data", "outdated_version",
                        "현재 건강정보 처리 동의서(" + documents_.health_data + ") 버전이 아닙니다"});
    }
    if (request.time_zone && !is_valid_time_zone(*request.time_zone)) {
      errors.push_back({"time_zone", "invalid", "IANA 시간대 이름이어야 합니다 (예: Asia/Seoul)"});
    }
    if (request.locale && !is_supported_locale(*request.locale)) {
      errors.push_back({"locale", "invalid", "지원하는 언어: ko-KR, en-US"});
    }
    if (!errors.empty()) return Error::validation(std::move(errors));

    const auto hash = hash_password(request.password);  // slow on purpose: outside the transaction
    const auto now = clock_->now();
    Profile p;
    p.id = new_uuid_v7();
    p.email = *email;
    p.nickname = request.nickname;
    p.role = "patient";
    p.time_zone = request.time_zone.value_or("Asia/Seoul");
    p.locale = request.locale.value_or("ko-KR");
    p.created_at = now;
    p.updated_at = now;
    try {
      auto tx = db_->begin();
      repo::insert_user(tx, p, nickname_key(p.nickname));
      repo::insert_credentials(tx, p.id, hash, now);
      repo::insert_consent(tx, p.id, {"terms", request.terms_version, true, now});
      if (request.health_data_version) {
        repo::insert_consent(tx, p.id, {"health_data", *request.health_data_version, true, now});
      }
      events::publish(tx, kUserRegistered, p.id, {{"user_id", p.id}}, now);
      tx.commit();
    } catch (const db::DbError& e) {
      if (auto mapped = unique_violation_error(e)) return *mapped;
      throw;
    }
    return p;
  }

  Result<TokenPair> log_in(const LoginRequest& request, const ClientInfo& client) override {
    const auto window = milliseconds(seconds(settings_.login_window_s));
    const auto ip_count = cache_->increment("login:ip:" + client.ip, window);
    if (ip_count.count > settings_.login_ip_max) return rate_limited(ip_count.remaining);

    const auto email = normalize_email(request.email);
    const std::string fail_key = "login:fail:" + token_hash(email.value_or(request.email));
    if (auto failures = cache_->get(fail_key); failures && std::stoll(*failures) >= settings_.login_max_failures) {
      return rate_limited(window);
    }
    std::optional<repo::UserRow> user;
    std::optional<std::string> hash;
    if (email) {
      auto tx = db_->read();
      user = repo::find_user_by_email(tx, *email);
      if (user) hash = repo::password_hash(tx, user->profile.id);
      tx.commit();
    }
    if (!user || !hash) {
      verify_against_dummy(request.password);  // same cost as a real check: no account enumeration by timing
      record_failure(fail_key, window);
      return invalid_credentials();
    }
    if (!verify_password(request.password, *hash)) {
      record_failure(fail_key, window);
      return invalid_credentials();
    }
    const auto now = clock_->now();
    if (user->status == "suspended" && (!user->suspended_until || *user->suspended_until > now)) {
      return Error::make(ErrorCode::kForbidden, "이용이 정지된 계정입니다");
    }
    if (user->profile.mfa_enabled) {
      if (!request.totp || request.totp->empty()) return Error::make(ErrorCode::kAuthMfaRequired);
      if (!check_second_factor(user->profile.id, *request.totp, now)) {
        record_failure(fail_key, window);
        return Error::make(ErrorCode::kAuthMfaInvalid);
      }
    }
    cache_->erase(fail_key);
    if (needs_rehash(*hash)) {
      auto tx = db_->begin();
      repo::update_password(tx, user->profile.id, hash_password(request.password), now);
      tx.commit();
    }
    return open_session(user->profile, client, now);
  }

  Result<TokenPair> refresh(const std::string& refresh_token, const ClientInfo& client) override {
    if (refresh_token.empty() || refresh_token.size() > 128) return Error::make(ErrorCode::kAuthTokenInvalid);
    const auto now = clock_->now();
    const auto hash = token_hash(refresh_token);
    auto tx = db_->begin();
    auto row = repo::find_refresh(tx, hash);
    if (!row) return Error::make(ErrorCode::kAuthTokenInvalid);
    auto session = repo::find_session(tx, row->session_id);
    if (!session || session->revoked_at) return Error::make(ErrorCode::kAuthTokenInvalid);
    if (row->used_at || !repo::mark_refresh_used(tx, hash, now)) {
      // A rotated token came back: someone holds a stolen copy. Kill the whole family.
      repo::revoke_session(tx, session->id, "refresh_reuse", now);
      tx.commit();
      mark_revoked(session->id);
      return Error::make(ErrorCode::kAuthRefreshReused);
    }
    if (row->expires_at <= now || session->expires_at <= now) return Error::make(ErrorCode::kAuthTokenExpired);
    auto user = repo::find_user_by_id(tx, session->user_id);
    if (!user) return Error::make(ErrorCode::kAuthTokenInvalid);
    if (user->status == "suspended" && (!user->suspended_until || *user->suspended_until > now)) {
      return Error::make(ErrorCode::kForbidden, "이용이 정지된 계정입니다");
    }
    auto next = random_token(32);
    repo::insert_refresh(tx, token_hash(next), session->id, now, now + seconds(settings_.refresh_ttl_s));
    repo::touch_session(tx, session->id, now);
    tx.commit();
    (void)client;
    return TokenPair{issue_access(user->profile, session->id, now), next, settings_.access_ttl_s};
  }

  Status log_out(const AuthenticatedUser& who, bool everywhere) override {
    const auto now = clock_->now();
    auto tx = db_->begin();
    std::vector<std::string> revoked;
    if (everywhere) {
      revoked = repo::revoke_user_sessions(tx, who.user_id, "", "logout_all", now);
    } else {
      repo::revoke_session(tx, who.session_id, "logout", now);
      revoked.push_back(who.session_id);
    }
    tx.commit();
    for (const auto& id : revoked) mark_revoked(id);
    mark_revoked(who.session_id);
    return {};
  }

  Result<AuthenticatedUser> authenticate(const std::string& access_token) override {
    const auto now = clock_->now();
    auto claims = verified_tokens_.find(access_token, now);
    if (!claims) {
      auto verified = signer_.verify(access_token, now);
      if (!verified) return verified.error();
      verified_tokens_.remember(access_token, *verified, now);
      claims = std::move(verified).value();
    }
    const std::string key = "sess:" + claims->session_id;
    auto state = cache_->get(key);
    if (!state) {
      auto tx = db_->read_single();
      auto session = repo::find_session(tx, claims->session_id);
      tx.commit();
      const bool active = session && !session->revoked_at && session->user_id == claims->subject;
      state = active ? "ok" : "revoked";
      cache_->set(key, *state, active ? milliseconds(kSessionStatusTtl) : milliseconds(seconds(settings_.access_ttl_s)));
    }
    if (*state != "ok") return Error::make(ErrorCode::kAuthTokenInvalid, "로그아웃된 세션입니다");
    return AuthenticatedUser{claims->subject, claims->session_id, claims->role};
  }

  Result<Profile> profile(const std::string& user_id) override {
    const auto now = clock_->now();
    if (profiles_) {
      if (auto cached = profiles_->find(user_id, now)) return *std::move(cached);
    }
    const auto ticket = profiles_ ? profiles_->ticket() : 0;
    auto tx = db_->read_single();  // one SELECT: the hottest authenticated read
    auto user = repo::find_user_by_id(tx, user_id);
    tx.commit();
    if (!user) return Error::not_found("계정을 찾을 수 없습니다");
    if (profiles_) profiles_->put(user->profile, ticket, now);
    return user->profile;
  }

  Result<Profile> update_profile(const std::string& user_id, const ProfilePatch& patch) override {
    const auto now = clock_->now();
    auto errors = validate_profile_patch(patch, current_year(now));
    if (!errors.empty()) return Error::validation(std::move(errors));
    try {
      auto tx = db_->begin();
      auto user = repo::find_user_by_id(tx, user_id);
      if (!user) return Error::not_found("계정을 찾을 수 없습니다");
      Profile p = user->profile;
      if (patch.nickname) p.nickname = *patch.nickname;
      apply(p.birth_year, patch.birth_year, patch.clear_birth_year);
      apply(p.sex, patch.sex, patch.clear_sex);
      apply(p.height_cm, patch.height_cm, patch.clear_height_cm);
      apply(p.diagnosis_year, patch.diagnosis_year, patch.clear_diagnosis_year);
      if (patch.time_zone) p.time_zone = *patch.time_zone;
      if (patch.locale) p.locale = *patch.locale;
      if (patch.notifications) p.notifications = *patch.notifications;
      if (p.birth_year && p.diagnosis_year && *p.diagnosis_year < *p.birth_year) {
        return Error::validation("diagnosis_year", "before_birth", "진단 연도는 출생 연도 이후여야 합니다");
      }
      p.updated_at = now;
      repo::update_profile(tx, p, nickname_key(p.nickname));
      tx.commit();
      forget_profile(user_id);
      return p;
    } catch (const db::DbError& e) {
      if (auto mapped = unique_violation_error(e)) return *mapped;
      throw;
    }
  }

  Status change_password(const AuthenticatedUser& who, const std::string& current_password,
                         const std::string& new_password) override {
    auto current = profile(who.user_id);
    if (!current) return current.error();
    if (!verify_current_password(who.user_id, current_password)) {
      return Error::validation("current_password", "incorrect", "현재 비밀번호가 올바르지 않습니다");
    }
    auto problems = check_password_policy(new_password, current->email, current->nickname);
    if (!problems.empty()) {
      for (auto& p : problems) p.field = "new_password";
      return Error::validation(std::move(problems));
    }
    const auto hash = hash_password(new_password);
    const auto now = clock_->now();
    auto tx = db_->begin();
    repo::update_password(tx, who.user_id, hash, now);
    auto revoked = repo::revoke_user_sessions(tx, who.user_id, who.session_id, "password_changed", now);
    tx.commit();
    for (const auto& id : revoked) mark_revoked(id);
    return {};
  }

  Status delete_account(const std::string& user_id, const std::string& password) override {
    if (!verify_current_password(user_id, password)) {
      return Error::validation("password", "incorrect", "비밀번호가 올바르지 않습니다");
    }
    const auto now = clock_->now();
    auto tx = db_->begin();
    auto revoked = repo::revoke_user_sessions(tx, user_id, "", "account_deleted", now);
    repo::delete_user(tx, user_id);
    events::publish(tx, kUserDeleted, user_id, {{"user_id", user_id}}, now);
    tx.commit();
    forget_profile(user_id);
    for (const auto& id : revoked) mark_revoked(id);
    return {};
  }

  Result<std::vector<ConsentState>> consents(const std::string& user_id) override {
    auto tx = db_->read();
    if (!repo::find_user_by_id(tx, user_id)) return Error::not_found("계정을 찾을 수 없습니다");
    auto rows = repo::current_consents(tx, user_id);
    tx.commit();
    return to_states(rows);
  }

  Result<std::vector<ConsentState>> change_consents(const std::string& user_id,
                                                    const std::vector<ConsentChange>& changes) override {
    std::vector<FieldError> errors;
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const auto& c = changes[i];
      const std::string field = "consents." + c.kind;
      const auto current = current_version(c.kind);
      if (!current) {
        errors.push_back({field, "unknown_kind", "terms, health_data, marketing 중 하나여야 합니다"});
      } else if (c.kind == "terms" && !c.granted) {
        errors.push_back({field, "cannot_withdraw", "이용약관 동의 철회는 회원 탈퇴로만 가능합니다"});
      } else if (c.granted && c.version != *current) {
        errors.push_back({field, "outdated_version", "현재 버전(" + *current + ")에 동의해 주세요"});
      }
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    const auto now = clock_->now();
    auto tx = db_->begin();
    if (!repo::find_user_by_id(tx, user_id)) return Error::not_found("계정을 찾을 수 없습니다");
    for (const auto& c : changes) {
      const auto version = c.version.empty() ? *current_version(c.kind) : c.version;
      repo::insert_consent(tx, user_id, {c.kind, version, c.granted, now});
      events::publish(tx, kConsentChanged, user_id,
                      {{"user_id", user_id}, {"kind", c.kind}, {"granted", c.granted ? "true" : "false"}}, now);
    }
    auto rows = repo::current_consents(tx, user_id);
    tx.commit();
    return to_states(rows);
  }

  const ConsentDocuments& consent_documents() const override { return documents_; }

  Result<bool> has_health_data_consent(const std::string& user_id) override {
    auto tx = db_->read();
    auto rows = repo::current_consents(tx, user_id);
    tx.commit();
    for (const auto& r : rows) {
      if (r.kind == "health_data") return r.granted;
    }
    return false;
  }

  Result<std::string> time_zone_of(const std::string& user_id) override {
    auto p = profile(user_id);
    if (!p) return p.error();
    return p->time_zone;
  }

  Result<std::optional<std::string>> user_id_by_email(const std::string& email) override {
    const auto normalized = normalize_email(email);
    if (!normalized) return std::optional<std::string>();
    auto tx = db_->read();
    auto user = repo::find_user_by_email(tx, *normalized);
    tx.commit();
    if (!user) return std::optional<std::string>();
    return std::optional<std::string>(user->profile.id);
  }

  Result<TotpEnrollment> begin_totp(const std::string& user_id) override {
    const auto now = clock_->now();
    auto tx = db_->begin();
    auto user = repo::find_user_by_id(tx, user_id);
    if (!user) return Error::not_found("계정을 찾을 수 없습니다");
    if (user->profile.mfa_enabled) return Error::conflict("이미 2단계 인증이 설정되어 있습니다");
    const auto secret = new_totp_secret();
    repo::upsert_totp(tx, user_id, secrets_.seal(secret, kTotpPurpose), now);
    tx.commit();
    return TotpEnrollment{secret, otpauth_uri(secret, user->profile.email)};
  }

  Result<std::vector<std::string>> confirm_totp(const std::string& user_id, const std::string& code) override {
    const auto now = clock_->now();
    auto tx = db_->begin();
    auto totp = repo::find_totp(tx, user_id);
    if (!totp) return Error::conflict("먼저 2단계 인증 등록을 시작해 주세요");
    if (totp->confirmed_at) return Error::conflict("이미 2단계 인증이 설정되어 있습니다");
    std::int64_t step = 0;
    if (!verify_totp(totp_seed(totp->secret), code, now, 1, &step)) return Error::make(ErrorCode::kAuthMfaInvalid);
    repo::confirm_totp(tx, user_id, step, now);
    auto codes = new_recovery_codes(10);
    std::vector<std::string> hashes;
    for (const auto& c : codes) hashes.push_back(hash_recovery_code(c));
    repo::replace_recovery_codes(tx, user_id, hashes);
    tx.commit();
    forget_profile(user_id);  // mfa_enabled changed
    return codes;
  }

  Result<Profile> create_staff(const std::string& email, const std::string& password, const std::string& nickname,
                               const std::string& role) override {
    if (role != "admin" && role != "moderator" && role != "content_editor") {
      return Error::validation("role", "invalid", "admin, moderator, content_editor 중 하나여야 합니다");
    }
    const auto normalized = normalize_email(email);
    if (!normalized) return Error::validation("email", "invalid", "올바른 이메일 주소를 입력해 주세요");
    {
      auto tx = db_->begin();
      if (auto existing = repo::find_user_by_email(tx, *normalized)) {
        repo::update_role(tx, existing->profile.id, role, clock_->now());
        tx.commit();
        forget_profile(existing->profile.id);
        existing->profile.role = role;
        return existing->profile;
      }
    }
    SignupRequest request{email, password, nickname, documents_.terms, std::nullopt, std::nullopt, std::nullopt};
    auto created = sign_up(request);
    if (!created) return created;
    auto tx = db_->begin();
    repo::update_role(tx, created->id, role, clock_->now());
    tx.commit();
    forget_profile(created->id);
    created->role = role;
    return created;
  }

 private:
  void forget_profile(const std::string& user_id) {
    if (profiles_) profiles_->forget(user_id);
  }

  template <typename T>
  static void apply(std::optional<T>& field, const std::optional<T>& value, bool clear) {
    if (clear) field.reset();
    else if (value) field = value;
  }

  std::optional<std::string> current_version(const std::string& kind) const {
    if (kind == "terms") return documents_.terms;
    if (kind == "health_data") return documents_.health_data;
    if (kind == "marketing") return documents_.marketing;
    return std::nullopt;
  }

  std::vector<ConsentState> to_states(const std::vector<repo::ConsentRow>& rows) const {
    std::vector<ConsentState> out;
    for (const char* kind : {"terms", "health_data", "marketing"}) {
      ConsentState s;
      s.kind = kind;
      s.current_version = *current_version(kind);
      for (const auto& r : rows) {
        if (r.kind == kind) {
          s.granted = r.granted;
          s.version = r.version;
          s.recorded_at = r.recorded_at;
        }
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  void record_failure(const std::string& key, milliseconds window) { cache_->increment(key, window); }

  void mark_revoked(const std::string& session_id) {
    cache_->set("sess:" + session_id, "revoked", milliseconds(seconds(settings_.access_ttl_s)));
  }

  bool verify_current_password(const std::string& user_id, const std::string& password) {
    auto tx = db_->read();
    auto hash = repo::password_hash(tx, user_id);
    tx.commit();
    if (!hash) {
      verify_against_dummy(password);
      return false;
    }
    return verify_password(password, *hash);
  }

  Result<int> seal_legacy_secrets() override {
    if (legacy_sealed_) return 0;
    auto tx = db_->begin();
    const int sealed = db::seal_plaintext(tx, secrets_, {"mfa_totp", "user_id", "secret", kTotpPurpose}, kSealBatch);
    tx.commit();
    if (sealed < kSealBatch) legacy_sealed_ = true;
    return sealed;
  }

  // The base32 seed of a stored TOTP row. A seed sealed under another data key is a
  // misconfiguration (a lost or swapped data.key), not a wrong code: fail loudly.
  std::string totp_seed(const std::string& stored) const {
    auto seed = secrets_.open(stored, kTotpPurpose);
    if (!seed) throw std::runtime_error("a TOTP secret does not open with this data key (auth.data_key_file)");
    return *seed;
  }

  bool check_second_factor(const std::string& user_id, const std::string& code, Instant now) {
    auto tx = db_->begin();
    auto totp = repo::find_totp(tx, user_id);
    if (!totp || !totp->confirmed_at) return false;
    std::int64_t step = 0;
    bool ok = false;
    if (code.size() == 6 && verify_totp(totp_seed(totp->secret), code, now, 1, &step)) {
      ok = repo::advance_totp_step(tx, user_id, step);  // a code works once
    } else if (code.size() > 6) {
      ok = repo::use_recovery_code(tx, user_id, hash_recovery_code(code), now);
    }
    tx.commit();
    return ok;
  }

  TokenPair open_session(const Profile& p, const ClientInfo& client, Instant now) {
    const auto refresh = random_token(32);
    repo::SessionRow session{new_uuid_v7(), p.id, now + seconds(settings_.refresh_ttl_s), std::nullopt};
    auto tx = db_->begin();
    repo::insert_session(tx, session, now, client);
    repo::insert_refresh(tx, token_hash(refresh), session.id, now, session.expires_at);
    tx.commit();
    return TokenPair{issue_access(p, session.id, now), refresh, settings_.access_ttl_s};
  }

  std::string issue_access(const Profile& p, const std::string& session_id, Instant now) const {
    AccessClaims claims;
    claims.subject = p.id;
    claims.session_id = session_id;
    claims.role = p.role;
    claims.issued_at = now;
    claims.expires_at = now + seconds(settings_.access_ttl_s);
    claims.jti = new_uuid_v7();
    return signer_.sign(claims);
  }

  std::shared_ptr<db::Database> db_;
  std::shared_ptr<cache::Cache> cache_;
  std::shared_ptr<const Clock> clock_;
  IdentitySettings settings_;
  JwtSigner signer_;
  VerifiedTokens verified_tokens_;
  std::optional<ProfileCache> profiles_;  // only with the in-process cache
  SecretBox secrets_;  // TOTP seeds are stored sealed (core/secret_box.hpp)
  std::atomic<bool> legacy_sealed_{false};
  ConsentDocuments documents_;
};

}  // namespace

std::shared_ptr<IdentityService> make_identity_service(std::shared_ptr<db::Database> db,
                                                       std::shared_ptr<cache::Cache> cache,
                                                       std::shared_ptr<const Clock> clock,
                                                       IdentitySettings settings) {
  return std::make_shared<IdentityServiceImpl>(std::move(db), std::move(cache), std::move(clock),
                                               std::move(settings));
}

}  // namespace soom::identity
