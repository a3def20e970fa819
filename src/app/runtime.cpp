#include "app/runtime.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "app/search_sources.hpp"
#include "core/random.hpp"
#include "db/migrations.hpp"
#include "observability/metrics.hpp"

namespace soom::embedded {
std::vector<std::pair<std::string, std::string>> search_data();
}

namespace soom::app {

namespace {

// The content of a key file (≥ 32 bytes, trailing newline dropped), generating a random one
// (mode 0600 from the start, so never world-readable even briefly) when missing.
std::string load_or_create_key_file(const std::filesystem::path& path, const char* what) {
  if (std::filesystem::exists(path)) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    auto secret = ss.str();
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
    if (secret.size() < 32) throw std::runtime_error(std::string(what) + " file is shorter than 32 bytes: " + path.string());
    return secret;
  }
  std::filesystem::create_directories(path.parent_path().empty() ? "." : path.parent_path());
  const auto secret = random_token(48);
  const auto old_mask = ::umask(077);
  {
    std::ofstream out(path, std::ios::trunc);
    out << secret << '\n';
    if (!out) {
      ::umask(old_mask);
      throw std::runtime_error(std::string("cannot write ") + what + " to " + path.string());
    }
  }
  ::umask(old_mask);
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  spdlog::info("generated a new {} at {}", what, path.string());
  return secret;
}

std::filesystem::path in_var_dir_unless(const Config& config, const std::string& configured, const char* name) {
  return configured.empty() ? std::filesystem::path(config.var_dir) / name : std::filesystem::path(configured);
}

}  // namespace

std::string load_or_create_secret(const Config& config) {
  if (!config.auth.jwt_secret.empty()) {
    if (config.auth.jwt_secret.size() < 32) throw std::runtime_error("auth.jwt_secret must be at least 32 bytes");
    return config.auth.jwt_secret;
  }
  return load_or_create_key_file(in_var_dir_unless(config, config.auth.jwt_secret_file, "jwt.key"), "signing secret");
}

std::string load_or_create_data_key(const Config& config) {
  return load_or_create_key_file(in_var_dir_unless(config, config.auth.data_key_file, "data.key"), "data key");
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

namespace {

medication::Dependencies medication_dependencies(Runtime& rt, const MedicationConfig& c) {
  medication::Dependencies d;
  d.db = rt.db;
  d.clock = rt.clock;
  d.identity = rt.identity;
  d.records = rt.records;
  d.notifications = rt.notifications;
  d.cache = rt.cache;
  d.email_of = [identity = rt.identity](const std::string& user_id) -> Result<std::string> {
    auto profile = identity->profile(user_id);
    if (!profile) return profile.error();
    return profile->email;
  };
  d.settings.horizon_hours = c.horizon_hours;
  d.settings.late_after_s = c.late_after_s;
  d.settings.stale_after_s = c.stale_after_s;
  d.settings.missed_after_s = c.missed_after_s;
  d.settings.followup_after_s = c.followup_after_s;
  d.settings.on_time_window_s = c.on_time_window_s;
  d.settings.match_window_s = c.match_window_s;
  d.settings.rescue_days_per_week = c.rescue_days_per_week;
  d.settings.rescue_doses_per_week = c.rescue_doses_per_week;
  d.settings.invites_per_hour = c.invites_per_hour;
  d.settings.lease_ms = c.lease_ms;
  d.settings.batch_size = c.batch_size;
  return d;
}

// Synonyms ship in content/synonyms.tsv and are loaded once; editors own the table afterwards.
// Drug names from the medication catalog are offered as suggestions.
void build_search(Runtime& rt) {
  rt.search = search::make_search_index(*rt.db);
  rt.search_source = make_search_source(rt.content, rt.community);
  const bool schema_ready = schema_state(*rt.db) == "ok";  // `soomcare openapi` runs on a bare database
  for (const auto& [name, contents] : embedded::search_data()) {
    if (name != "synonyms.tsv" || !schema_ready) continue;
    const auto seeded = search::seed_synonyms_if_empty(*rt.db, search::parse_synonyms_tsv(contents));
    if (!seeded) {
      spdlog::warn("search synonyms not seeded: {}", seeded.error().internal_message);
    } else if (*seeded > 0) {
      spdlog::info("seeded {} search synonym terms", *seeded);
      rt.search->reload_synonyms();
    }
  }
  std::vector<std::string> drug_names;
  for (const auto& d : rt.medication->search_drugs("", 50)) {
    for (const auto* name : {&d.brand_ko, &d.generic_ko}) {
      if (!name->empty()) drug_names.push_back(*name);
    }
  }
  rt.search->set_extra_suggestions(std::move(drug_names));
}

}  // namespace

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
  const std::string data_key = load_or_create_data_key(config);
  ids.data_key = data_key;
  ids.access_ttl_s = config.auth.access_ttl_s;
  ids.refresh_ttl_s = config.auth.refresh_ttl_s;
  ids.login_max_failures = config.auth.login_max_failures;
  ids.login_ip_max = config.auth.login_ip_max;
  ids.login_window_s = config.auth.login_window_s;
  rt->identity = identity::make_identity_service(rt->db, rt->cache, rt->clock, ids);
  notification::NotificationSettings ns;
  ns.webhook_max_attempts = config.notification.max_attempts;
  ns.data_key = data_key;
  ns.backoff_base_ms = config.notification.backoff_base_ms;
  ns.backoff_cap_ms = config.notification.backoff_cap_ms;
  ns.http_timeout_ms = config.notification.http_timeout_ms;
  ns.allow_insecure_endpoints = config.notification.allow_insecure_endpoints;
  ns.vapid_key_file = config.notification.vapid_key_file.empty()
                          ? (std::filesystem::path(config.var_dir) / "vapid.pem").string()
                          : config.notification.vapid_key_file;
  ns.vapid_subject = config.notification.vapid_subject;
  rt->notifications = notification::make_notification_service(
      rt->db, rt->clock, notification::identity_recipients(rt->identity), ns);
  rt->records = records::make_records_service(rt->db, rt->cache, rt->clock, rt->identity);
  rt->content = content::make_content_service(rt->db, rt->clock);
  rt->medication_deps = medication_dependencies(*rt, config.medication);
  rt->medication = medication::make_medication_service(rt->medication_deps);
  rt->reminders = medication::make_reminder_scheduler(rt->medication_deps);
  rt->records->set_dose_summary_provider(medication::make_dose_summary_provider(rt->medication_deps));
  rt->report_deps = report::Dependencies{rt->db, rt->clock, rt->identity, rt->records, rt->medication,
                                         rt->notifications,
                                         report::ReportSettings{config.report.personal_best_window_days},
                                         rt->cache};
  rt->report = report::make_report_service(rt->report_deps);
  rt->community_deps = community::Dependencies{rt->db, rt->cache, rt->clock, rt->identity, rt->records,
                                                rt->notifications,
                                                community::CommunitySettings{
                                                    config.community.auto_hide_reports, config.community.rate_window_s,
                                                    config.community.posts_per_window,
                                                    config.community.comments_per_window,
                                                    config.community.likes_per_window,
                                                    config.community.duplicate_window_s,
                                                    config.community.images_per_window,
                                                    config.community.max_unattached_images,
                                                    config.community.image_ttl_s},
                                                community::make_image_store(
                                                    config.community.image_dir.empty()
                                                        ? (std::filesystem::path(config.var_dir) / "images").string()
                                                        : config.community.image_dir)};
  rt->community = community::make_community_service(rt->community_deps);
  build_search(*rt);
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
