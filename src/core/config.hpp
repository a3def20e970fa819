#pragma once
// Process configuration. Precedence (lowest → highest): built-in defaults, the TOML
// file given with --config, SOOMCARE_* environment variables, command-line flags.
// Every setting is declared once in config.cpp's table, which also drives
// `--help`, the environment names and the TOML keys.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace soom {

struct ServerConfig final {
  std::string api_host = "127.0.0.1";
  int api_port = 8080;
  std::string admin_host = "127.0.0.1";
  int admin_port = 8081;
  int threads = 0;                       // 0 = one io_context per core
  int worker_threads = 8;                // blocking pool for handlers (DB work)
  std::int64_t body_limit = 1 << 20;     // bytes; larger → 413
  std::int64_t header_limit = 16 << 10;  // bytes
  int header_timeout_ms = 10'000;        // whole request head must arrive within
  int body_timeout_ms = 30'000;
  int idle_timeout_ms = 60'000;          // keep-alive idle
  int max_connections = 10'000;
  int drain_timeout_ms = 10'000;         // graceful shutdown bound
  std::string cors_origins;              // comma-separated allow-list; "*" for any
  std::string port_file;                 // when set, bound ports are written here (tests)
};

struct DatabaseConfig final {
  // "sqlite:./var/soomcare.db" or a libpq URI "postgresql://…" / "postgres://…".
  std::string url = "sqlite:./var/soomcare.db";
  int pool_size = 8;
  int busy_timeout_ms = 5'000;
};

struct CacheConfig final {
  std::string redis_url;  // empty → in-process
};

struct AuthConfig final {
  std::string jwt_secret;       // inline secret (discouraged); else the file below
  std::string jwt_secret_file;  // default: <var_dir>/jwt.key, generated 0600
  std::string data_key_file;    // default: <var_dir>/data.key, generated 0600 (core/secret_box.hpp)
  int access_ttl_s = 900;
  int refresh_ttl_s = 30 * 24 * 3600;
  int login_max_failures = 5;    // per account per window
  int login_ip_max = 30;         // per IP per window
  int login_window_s = 900;
};

struct LogConfig final {
  std::string level = "info";
  bool access_log = true;
};

struct NotificationConfig final {
  int max_attempts = 8;                  // webhook / web push attempts before the dead letter
  int backoff_base_ms = 30'000;          // retry n waits uniform(0, min(cap, base·2^(n-1)))
  int backoff_cap_ms = 6 * 3600 * 1000;
  int http_timeout_ms = 10'000;
  bool allow_insecure_endpoints = false;  // tests only: http:// and loopback endpoints
  std::string vapid_key_file;             // default: <var_dir>/vapid.pem, generated 0600
  std::string vapid_subject = "mailto:ops@soomcare.kr";
};

struct MedicationConfig final {
  int horizon_hours = 48;          // dose slots are materialized this far ahead (rolling)
  int late_after_s = 60;           // reminders fired later than this are marked late
  int stale_after_s = 3 * 3600;    // older reminders are not sent; the outcome "expired" is recorded
  int missed_after_s = 3 * 3600;   // unanswered doses become missed after this
  int followup_after_s = 0;        // 0 = off; else one follow-up reminder for an unanswered dose
  int on_time_window_s = 3600;     // adherence: taken within ± this counts as on time
  int match_window_s = 6 * 3600;   // adherence: intake records match the nearest slot within ± this
  int rescue_days_per_week = 2;    // reliever use on more days than this in a week → rescue_overuse
  int rescue_doses_per_week = 0;   // 0 = off; else more reliever doses than this in a week → rescue_overuse
  int invites_per_hour = 10;  // care-partner invitations per patient and hour (0 = no limit)
  int lease_ms = 30'000;           // reminder claim lease (a dead worker's claims fire after it)
  int batch_size = 500;
};

// community: rate limits per user and window, duplicate guard, report threshold.
struct CommunityConfig final {
  int auto_hide_reports = 3;     // distinct reporters that hide a post/comment pending review
  int rate_window_s = 600;
  int posts_per_window = 5;      // 0 = unlimited
  int comments_per_window = 30;
  int likes_per_window = 120;
  int duplicate_window_s = 600;  // same author + same normalized body within this → 409
  std::string image_dir;          // post images; empty = <var_dir>/images
  int images_per_window = 20;     // uploads per user and window (0 = unlimited)
  int max_unattached_images = 20; // uploaded but not on a post yet, per user (0 = unlimited)
  int image_ttl_s = 86'400;       // unattached images older than this are purged
};

// report: how far back "the highest reading while well controlled" looks for a personal best.
struct ReportConfig final {
  int personal_best_window_days = 182;
};

// search: how long the query log (query text, result count, click; no user id) is kept.
struct SearchConfig final {
  int query_log_days = 180;
};

struct Config final {
  std::string var_dir = "./var";
  ServerConfig server;
  DatabaseConfig database;
  CacheConfig cache;
  AuthConfig auth;
  LogConfig log;
  NotificationConfig notification;
  MedicationConfig medication;
  CommunityConfig community;
  ReportConfig report;
  SearchConfig search;
};

// One declared setting: "server.api_port" ↔ env SOOMCARE_SERVER_API_PORT ↔ --server.api_port.
struct SettingInfo final {
  std::string key;
  std::string help;
  std::string default_value;
  std::string env_name() const;
};

class ConfigLoader final {
 public:
  ConfigLoader();
  const std::vector<SettingInfo>& settings() const;

  // Applies a TOML document (not a path) to `config`.
  Status apply_toml(Config& config, const std::string& toml_text) const;
  Status apply_toml_file(Config& config, const std::string& path) const;
  // Applies SOOMCARE_* variables from `env` (name → value).
  Status apply_env(Config& config, const std::map<std::string, std::string>& env) const;
  // Applies one key=value (a flag).
  Status apply(Config& config, const std::string& key, const std::string& value) const;
  // Environment of the current process as a map (SOOMCARE_* only).
  static std::map<std::string, std::string> process_env();
  // Human-readable list of settings for --help.
  std::string describe() const;

 private:
  struct Entry {
    SettingInfo info;
    std::function<Status(Config&, const std::string&)> set;
  };
  std::vector<Entry> entries_;
  std::vector<SettingInfo> infos_;
};

}  // namespace soom
