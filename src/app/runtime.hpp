#pragma once
// The composition root: builds infrastructure and modules from Config and wires
// routes in code (no static registration).
#include <memory>
#include <string>

#include "cache/cache.hpp"
#include "core/config.hpp"
#include "core/time.hpp"
#include "db/db.hpp"
#include "http/router.hpp"
#include "modules/community/community.hpp"
#include "modules/content/content.hpp"
#include "modules/identity/identity.hpp"
#include "modules/medication/medication.hpp"
#include "modules/notification/notification.hpp"
#include "modules/records/records.hpp"
#include "modules/report/report.hpp"
#include "modules/search/search.hpp"

namespace soom::observability {
class Metrics;
}

namespace soom::app {

struct Runtime final {
  Config config;
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<db::Database> db;
  std::shared_ptr<cache::Cache> cache;
  std::shared_ptr<identity::IdentityService> identity;
  std::shared_ptr<notification::NotificationCenter> notifications;
  std::shared_ptr<records::RecordsService> records;
  std::shared_ptr<content::ContentService> content;
  std::shared_ptr<medication::MedicationService> medication;
  std::shared_ptr<medication::ReminderScheduler> reminders;  // run by Workers
  medication::Dependencies medication_deps;                  // for its outbox consumers
  std::shared_ptr<report::ReportService> report;
  report::Dependencies report_deps;  // for its outbox consumers
  std::shared_ptr<community::CommunityService> community;
  community::Dependencies community_deps;  // for its outbox consumers
  std::shared_ptr<search::SearchIndex> search;
  std::shared_ptr<search::DocumentSource> search_source;  // content + community, for indexing
  std::shared_ptr<observability::Metrics> metrics;
};

// Opens the database and cache, loads or generates the signing secret, and builds
// the modules. Throws std::runtime_error with an operator-facing message on failure.
std::unique_ptr<Runtime> build_runtime(const Config& config);

// Public API routes (/v1, /healthz, /readyz, /docs).
std::shared_ptr<http::Router> build_api_router(Runtime& runtime);
// Back-office routes (/healthz, /metrics, placeholder home page).
std::shared_ptr<http::Router> build_admin_router(Runtime& runtime);

// Reads the JWT secret from config or its file, generating a 0600 file when missing.
std::string load_or_create_secret(const Config& config);
// Reads the data key (core/secret_box.hpp) from its file, generating a 0600 file when missing.
std::string load_or_create_data_key(const Config& config);

// "ok" when every migration is applied and unchanged, else the reason.
std::string schema_state(db::Database& db);

}  // namespace soom::app
