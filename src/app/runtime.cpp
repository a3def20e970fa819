#include "app/runtime.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/random.hpp"
#include "db/migrations.hpp"
#include "observability/metrics.hpp"

namespace soom::app {

std::string load_or_create_secret(const Config& config) {
  if (!config.auth.jwt_secret.empty()) {
    if (config.auth.jwt_secret.size() < 32) throw std::runtime_error("auth.jwt_secret must be at least 32 bytes");
    return config.auth.jwt_secret;
  }
  const std::filesystem::path path = config.auth.jwt_secret_file.empty()
                                         ? std::filesystem::path(config.var_dir) / "jwt.key"
                                         : std::filesystem::path(config.auth.jwt_secret_file);
  if (std::filesystem::exists(path)) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    auto secret = ss.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.size() < 32) throw std::runtime_error("signing secret file is shorter than 32 bytes: " + path.string());
    return secret;
  }
  std::filesystem::create_directories(path.parent_path().empty() ? "." : path.parent_path());
  const auto secret = random_token(48);
  // Create with 0600 from the start so the secret is never world-readable, even briefly.
  const auto old_mask = ::umask(077);
  {
    std::ofstream out(path, std::ios::trunc);
    out << secret << '\n';
    if (!out) {
      ::umask(old_mask);
      throw std::runtime_error("cannot write signing secret to " + path.string());
    }
  }
  ::umask(old_mask);
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  spdlog::info("generated a new signing secret at {}", path.string());
  return secret;
}

std::string schema_state(db::Database& db) {
  db::Migrator migrator(db, db::embedded_migrations(db.engine()));
  const auto status = migrator.status();
  if (!status.checksum_mismatch.empty()) {
    return "migration " + std::to_string(status.checksum_mismatch.front()) + " was edited after it was applied";
  }
  if (!status.unknown_applied.empty()) return "the database has migrations this binary does not know";
  if (!status.pending.empty()) return std::to_string(status.pending.size()) + " pending migration(s): run `soomcare migrate`";
  return "ok";
}

std::unique_ptr<Runtime> build_runtime(const Config& config) {
  auto rt = std::make_unique<Runtime>();
  rt->config = config;
  rt->clock = std::make_shared<SystemClock>();
  std::filesystem::create_directories(config.var_dir);
  rt->db = db::open_database(db::OpenOptions{config.database.url, config.database.pool_size,
                                             config.database.busy_timeout_ms});
  rt->cache = config.cache.redis_url.empty() ? cache::make_memory_cache(rt->clock)
                                             : cache::make_redis_cache(config.cache.redis_url);
  identity::IdentitySettings ids;
  ids.jwt_secret = load_or_create_secret(config);
  ids.access_ttl_s = config.auth.access_ttl_s;
  ids.refresh_ttl_s = config.auth.refresh_ttl_s;
  ids.login_max_failures = config.auth.login_max_failures;
  ids.login_ip_max = config.auth.login_ip_max;
  ids.login_window_s = config.auth.login_window_s;
  rt->identity = identity::make_identity_service(rt->db, rt->cache, rt->clock, ids);
  std::weak_ptr<db::Database> weak_db = rt->db;
  rt->metrics = std::make_shared<observability::Metrics>(PROJECT_VERSION_STRING, [weak_db] {
    auto db = weak_db.lock();
    if (!db) return std::pair<int, int>(0, 0);
    const auto s = db->pool_stats();
    return std::pair<int, int>(s.in_use, s.size);
  });
  return rt;
}

}  // namespace soom::app
