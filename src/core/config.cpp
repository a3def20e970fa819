#include "core/config.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

extern char** environ;

namespace soom {
namespace {

Status bad_value(const std::string& key, const std::string& why) {
  return Error::make(ErrorCode::kValidationFailed, "invalid setting " + key + ": " + why);
}

struct Builder {
  std::vector<std::pair<SettingInfo, std::function<Status(Config&, const std::string&)>>> out;

  template <typename Int>
  void integer(const std::string& key, const std::string& help, Int min, Int max,
               std::function<Int&(Config&)> field) {
    Config defaults;
    out.push_back({SettingInfo{key, help, std::to_string(field(defaults))},
                   [=](Config& c, const std::string& v) -> Status {
                     Int parsed{};
                     auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), parsed);
                     if (ec != std::errc() || p != v.data() + v.size()) return bad_value(key, "not an integer");
                     if (parsed < min || parsed > max) {
                       return bad_value(key, "must be between " + std::to_string(min) + " and " +
                                                 std::to_string(max));
                     }
                     field(c) = parsed;
                     return {};
                   }});
  }

  void text(const std::string& key, const std::string& help, std::function<std::string&(Config&)> field) {
    Config defaults;
    out.push_back({SettingInfo{key, help, field(defaults)}, [=](Config& c, const std::string& v) -> Status {
                     field(c) = v;
                     return {};
                   }});
  }

  void boolean(const std::string& key, const std::string& help, std::function<bool&(Config&)> field) {
    Config defaults;
    out.push_back({SettingInfo{key, help, field(defaults) ? "true" : "false"},
                   [=](Config& c, const std::string& v) -> Status {
                     if (v == "true" || v == "1" || v == "yes") field(c) = true;
                     else if (v == "false" || v == "0" || v == "no") field(c) = false;
                     else return bad_value(key, "expected true or false");
                     return {};
                   }});
  }
};

std::string toml_value_to_string(const toml::node& node) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto f = node.as_floating_point()) return std::to_string(f->get());
  return {};
}

}  // namespace

std::string SettingInfo::env_name() const {
  std::string out = "SOOMCARE_";
  for (char c : key) out.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

ConfigLoader::ConfigLoader() {
  Builder b;
  b.text("var_dir", "directory for the SQLite database, generated secrets and runtime files",
         [](Config& c) -> std::string& { return c.var_dir; });
  b.text("server.api_host", "address of the public API listener",
         [](Config& c) -> std::string& { return c.server.api_host; });
  b.integer<int>("server.api_port", "port of the public API listener (0 = ephemeral)", 0, 65535,
                 [](Config& c) -> int& { return c.server.api_port; });
  b.text("server.admin_host", "address of the back-office listener (keep it private)",
         [](Config& c) -> std::string& { return c.server.admin_host; });
  b.integer<int>("server.admin_port", "port of the back-office listener (0 = ephemeral)", 0, 65535,
                 [](Config& c) -> int& { return c.server.admin_port; });
  b.integer<int>("server.threads", "I/O threads (0 = one per core)", 0, 256,
                 [](Config& c) -> int& { return c.server.threads; });
  b.integer<int>("server.worker_threads", "threads that run request handlers (database work)", 1, 512,
                 [](Config& c) -> int& { return c.server.worker_threads; });
  b.integer<std::int64_t>("server.body_limit", "maximum request body in bytes (larger → 413)", 1024,
                          std::int64_t{1} << 30, [](Config& c) -> std::int64_t& { return c.server.body_limit; });
  b.integer<std::int64_t>("server.header_limit", "maximum request head in bytes", 1024, 1 << 20,
                          [](Config& c) -> std::int64_t& { return c.server.header_limit; });
  b.integer<int>("server.header_timeout_ms", "time allowed to receive a request head", 100, 600'000,
                 [](Config& c) -> int& { return c.server.header_timeout_ms; });
  b.integer<int>("server.body_timeout_ms", "time allowed to receive a request body", 100, 600'000,
                 [](Config& c) -> int& { return c.server.body_timeout_ms; });
  b.integer<int>("server.idle_timeout_ms", "keep-alive idle timeout", 100, 3'600'000,
                 [](Config& c) -> int& { return c.server.idle_timeout_ms; });
  b.integer<int>("server.max_connections", "concurrent connections per listener", 1, 1'000'000,
                 [](Config& c) -> int& { return c.server.max_connections; });
  b.integer<int>("server.drain_timeout_ms", "how long shutdown waits for in-flight requests", 0, 600'000,
                 [](Config& c) -> int& { return c.server.drain_timeout_ms; });
  b.text("server.cors_origins", "comma-separated origins allowed by CORS (\"*\" for any; empty = off)",
         [](Config& c) -> std::string& { return c.server.cors_origins; });
  b.text("server.port_file", "write the bound ports here as JSON (used by tests)",
         [](Config& c) -> std::string& { return c.server.port_file; });
  b.text("database.url", "sqlite:<path> or a PostgreSQL URI (postgresql://…)",
         [](Config& c) -> std::string& { return c.database.url; });
  b.integer<int>("database.pool_size", "database connections (PostgreSQL) / readers (SQLite)", 1, 512,
                 [](Config& c) -> int& { return c.database.pool_size; });
  b.integer<int>("database.busy_timeout_ms", "SQLite busy timeout", 0, 600'000,
                 [](Config& c) -> int& { return c.database.busy_timeout_ms; });
  b.text("cache.redis_url", "redis://host:port/db for the shared cache; empty = in-process",
         [](Config& c) -> std::string& { return c.cache.redis_url; });
  b.text("auth.jwt_secret", "HS256 signing secret (prefer jwt_secret_file)",
         [](Config& c) -> std::string& { return c.auth.jwt_secret; });
  b.text("auth.jwt_secret_file", "file holding the signing secret (generated 0600 when missing)",
         [](Config& c) -> std::string& { return c.auth.jwt_secret_file; });
  b.text("auth.data_key_file",
         "file holding the key that seals TOTP and webhook secrets at rest (generated 0600 when missing; keep it "
         "with backups but apart from the database)",
         [](Config& c) -> std::string& { return c.auth.data_key_file; });
  b.integer<int>("auth.access_ttl_s", "access token lifetime in seconds", 30, 3600,
                 [](Config& c) -> int& { return c.auth.access_ttl_s; });
  b.integer<int>("auth.refresh_ttl_s", "refresh token lifetime in seconds", 60, 365 * 24 * 3600,
                 [](Config& c) -> int& { return c.auth.refresh_ttl_s; });
  b.integer<int>("auth.login_max_failures", "failed logins per account per window before 429", 1, 1000,
                 [](Config& c) -> int& { return c.auth.login_max_failures; });
  b.integer<int>("auth.login_ip_max", "login attempts per IP per window before 429", 1, 100'000,
                 [](Config& c) -> int& { return c.auth.login_ip_max; });
  b.integer<int>("auth.login_window_s", "login throttling window in seconds", 1, 86'400,
                 [](Config& c) -> int& { return c.auth.login_window_s; });
  b.integer<int>("notification.max_attempts", "delivery attempts (webhook, web push) before the dead letter", 1, 100,
                 [](Config& c) -> int& { return c.notification.max_attempts; });
  b.integer<int>("notification.backoff_base_ms", "first retry delay bound (exponential backoff, full jitter)", 1,
                 3'600'000, [](Config& c) -> int& { return c.notification.backoff_base_ms; });
  b.integer<int>("notification.backoff_cap_ms", "largest retry delay bound", 1, 86'400'000,
                 [](Config& c) -> int& { return c.notification.backoff_cap_ms; });
  b.integer<int>("notification.http_timeout_ms", "timeout of one outgoing webhook / push request", 100, 120'000,
                 [](Config& c) -> int& { return c.notification.http_timeout_ms; });
  b.boolean("notification.allow_insecure_endpoints", "allow http:// and internal addresses for webhooks (tests only)",
            [](Config& c) -> bool& { return c.notification.allow_insecure_endpoints; });
  b.text("notification.vapid_key_file", "Web Push VAPID private key (PEM; generated 0600 when missing)",
         [](Config& c) -> std::string& { return c.notification.vapid_key_file; });
  b.text("notification.vapid_subject", "VAPID contact (mailto: or https: URL)",
         [](Config& c) -> std::string& { return c.notification.vapid_subject; });
  b.integer<int>("medication.horizon_hours", "dose reminders are scheduled this many hours ahead", 1, 24 * 14,
                 [](Config& c) -> int& { return c.medication.horizon_hours; });
  b.integer<int>("medication.late_after_s", "a reminder fired later than this many seconds is marked late", 1, 86'400,
                 [](Config& c) -> int& { return c.medication.late_after_s; });
  b.integer<int>("medication.stale_after_s", "reminders older than this (server was down) are not sent but recorded",
                 60, 7 * 86'400, [](Config& c) -> int& { return c.medication.stale_after_s; });
  b.integer<int>("medication.missed_after_s", "an unanswered dose becomes missed after this many seconds", 60,
                 7 * 86'400, [](Config& c) -> int& { return c.medication.missed_after_s; });
  b.integer<int>("medication.followup_after_s", "one follow-up reminder after this many seconds (0 = off)", 0,
                 86'400, [](Config& c) -> int& { return c.medication.followup_after_s; });
  b.integer<int>("medication.on_time_window_s", "adherence: a dose within +/- this many seconds is on time", 60,
                 86'400, [](Config& c) -> int& { return c.medication.on_time_window_s; });
  b.integer<int>("medication.match_window_s", "adherence: intake records match the nearest slot within +/- this", 60,
                 86'400, [](Config& c) -> int& { return c.medication.match_window_s; });
  b.integer<int>("medication.rescue_days_per_week", "reliever use on more days than this in a week is signalled", 0,
                 7, [](Config& c) -> int& { return c.medication.rescue_days_per_week; });
  b.integer<int>("medication.rescue_doses_per_week", "more reliever doses than this in a week is signalled (0 = off)",
                 0, 10'000, [](Config& c) -> int& { return c.medication.rescue_doses_per_week; });
  b.integer<int>("medication.invites_per_hour", "care-partner invitations per patient and hour (0 = no limit)", 0,
                 10'000, [](Config& c) -> int& { return c.medication.invites_per_hour; });
  b.integer<int>("medication.lease_ms", "reminder claim lease; a dead worker's reminders fire after it", 1'000,
                 600'000, [](Config& c) -> int& { return c.medication.lease_ms; });
  b.integer<int>("medication.batch_size", "reminders claimed per pass", 1, 10'000,
                 [](Config& c) -> int& { return c.medication.batch_size; });
  b.integer<int>("community.auto_hide_reports", "distinct reports that hide a post or comment pending review", 1,
                 1000, [](Config& c) -> int& { return c.community.auto_hide_reports; });
  b.integer<int>("community.rate_window_s", "window of the per-user community rate limits", 1, 86'400,
                 [](Config& c) -> int& { return c.community.rate_window_s; });
  b.integer<int>("community.posts_per_window", "posts per user and window (0 = unlimited)", 0, 100'000,
                 [](Config& c) -> int& { return c.community.posts_per_window; });
  b.integer<int>("community.comments_per_window", "comments per user and window (0 = unlimited)", 0, 100'000,
                 [](Config& c) -> int& { return c.community.comments_per_window; });
  b.integer<int>("community.likes_per_window", "likes per user and window (0 = unlimited)", 0, 100'000,
                 [](Config& c) -> int& { return c.community.likes_per_window; });
  b.integer<int>("community.duplicate_window_s", "the same body again within this many seconds is refused", 0,
                 7 * 86'400, [](Config& c) -> int& { return c.community.duplicate_window_s; });
  b.text("community.image_dir", "directory of post images (empty = <var_dir>/images)",
         [](Config& c) -> std::string& { return c.community.image_dir; });
  b.integer<int>("community.images_per_window", "image uploads per user and window (0 = unlimited)", 0, 100'000,
                 [](Config& c) -> int& { return c.community.images_per_window; });
  b.integer<int>("community.max_unattached_images", "uploaded images not yet on a post, per user (0 = unlimited)", 0,
                 10'000, [](Config& c) -> int& { return c.community.max_unattached_images; });
  b.integer<int>("community.image_ttl_s", "unattached images older than this many seconds are purged", 7'200,
                 30 * 86'400, [](Config& c) -> int& { return c.community.image_ttl_s; });
  b.integer<int>("report.personal_best_window_days",
                 "reports: days searched for the highest peak flow on well days when no personal best is set", 14, 730,
                 [](Config& c) -> int& { return c.report.personal_best_window_days; });
  b.integer<int>("search.query_log_days", "search queries (text, result count, click; no user) are kept this many days",
                 1, 3650, [](Config& c) -> int& { return c.search.query_log_days; });
  b.text("log.level", "trace, debug, info, warn, error or off",
         [](Config& c) -> std::string& { return c.log.level; });
  b.boolean("log.access_log", "write one JSON line per request", [](Config& c) -> bool& { return c.log.access_log; });
  for (auto& [info, set] : b.out) {
    infos_.push_back(info);
    entries_.push_back(Entry{info, set});
  }
}

const std::vector<SettingInfo>& ConfigLoader::settings() const { return infos_; }

Status ConfigLoader::apply(Config& config, const std::string& key, const std::string& value) const {
  for (const auto& e : entries_) {
    if (e.info.key == key) return e.set(config, value);
  }
  return Error::make(ErrorCode::kValidationFailed, "unknown setting " + key);
}

Status ConfigLoader::apply_toml(Config& config, const std::string& toml_text) const {
  toml::table table;
  try {
    table = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return Error::make(ErrorCode::kValidationFailed, std::string("invalid TOML: ") + std::string(e.description()));
  }
  Status status;
  auto visit = [&](auto& self, const toml::table& t, const std::string& prefix) -> void {
    for (auto&& [k, node] : t) {
      if (!status.ok()) return;
      const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
      if (auto sub = node.as_table()) {
        self(self, *sub, key);
      } else {
        status = apply(config, key, toml_value_to_string(node));
      }
    }
  };
  visit(visit, table, "");
  return status;
}

Status ConfigLoader::apply_toml_file(Config& config, const std::string& path) const {
  std::ifstream in(path);
  if (!in) return Error::make(ErrorCode::kValidationFailed, "cannot read config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return apply_toml(config, ss.str());
}

Status ConfigLoader::apply_env(Config& config, const std::map<std::string, std::string>& env) const {
  for (const auto& e : entries_) {
    auto it = env.find(e.info.env_name());
    if (it == env.end()) continue;
    if (auto s = e.set(config, it->second); !s.ok()) return s;
  }
  return {};
}

std::map<std::string, std::string> ConfigLoader::process_env() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    if (!kv.starts_with("SOOMCARE_")) continue;
    auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return out;
}

std::string ConfigLoader::describe() const {
  std::ostringstream out;
  out << "Settings (TOML key / environment variable / flag --set KEY=VALUE), default in brackets:\n";
  for (const auto& s : infos_) {
    out << "  " << s.key << "  (" << s.env_name() << ")  [" << s.default_value << "]\n      " << s.help << "\n";
  }
  return out.str();
}

}  // namespace soom
