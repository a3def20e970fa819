#include "db/migrations.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/encoding.hpp"

namespace soom::embedded {
// Generated at build time from migrations/<engine>/*.sql (cmake/embed.cmake).
std::vector<std::pair<std::string, std::string>> sqlite_migrations();
std::vector<std::pair<std::string, std::string>> postgres_migrations();
}  // namespace soom::embedded

namespace soom::db {
namespace {

// Serializes migrators across processes on PostgreSQL ("soommigr" in ASCII).
constexpr std::int64_t kMigrationLockKey = 0x736f6f6d6d696772;

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)";

struct ParsedName final {
  int version = 0;
  std::string name;
};

// "0001_create_users.sql" -> {1, "create_users"}; the error text names the file.
Result<ParsedName> parse_file_name(const std::string& file_name) {
  static const std::regex kPattern(R"(^([0-9]{4,9})_([a-z0-9_]+)\.sql$)");
  std::smatch match;
  if (!std::regex_match(file_name, match, kPattern)) {
    return Error::internal("bad migration file name '" + file_name + "' (want NNNN_lower_snake_name.sql)");
  }
  const int version = std::stoi(match[1].str());
  if (version <= 0) return Error::internal("migration '" + file_name + "' must have a version above 0");
  return ParsedName{version, match[2].str()};
}

// Validates and sorts (file name, contents) pairs into migrations.
Result<std::vector<Migration>> build_migrations(std::vector<std::pair<std::string, std::string>> files) {
  std::map<int, Migration> by_version;
  for (auto& [file_name, sql] : files) {
    auto parsed = parse_file_name(file_name);
    if (!parsed) return std::move(parsed).error();
    if (by_version.contains(parsed->version)) {
      return Error::internal("duplicate migration version " + std::to_string(parsed->version) + " ('" +
                             by_version[parsed->version].name + "' and '" + parsed->name + "')");
    }
    Migration migration{parsed->version, parsed->name, std::move(sql), {}};
    migration.checksum = migration_checksum(migration.sql);
    by_version.emplace(migration.version, std::move(migration));
  }
  std::vector<Migration> out;
  out.reserve(by_version.size());
  for (auto& [version, migration] : by_version) out.push_back(std::move(migration));
  return out;
}

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string version_list(const std::vector<int>& versions) {
  std::string out;
  for (const int v : versions) out += (out.empty() ? "" : ", ") + std::to_string(v);
  return out;
}

// "0004_add_flag", as the file is named.
std::string file_label(const Migration& migration) {
  std::string version = std::to_string(migration.version);
  if (version.size() < 4) version = std::string(4 - version.size(), '0') + version;
  return version + "_" + migration.name;
}

void lock_if_postgres(Transaction& tx) {
  if (tx.engine() == Engine::kPostgres) tx.query("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey});
}

}  // namespace

std::string migration_checksum(const std::string& sql) { return hex_encode(sha256(sql)); }

Result<std::vector<Migration>> load_migrations(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) return Error::internal("migrations directory '" + directory + "' not found");

  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& entry : fs::directory_iterator(directory, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;  // README etc.
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    if (!in) return Error::internal("cannot read migration '" + entry.path().string() + "'");
    files.emplace_back(entry.path().filename().string(), contents.str());
  }
  if (ec) return Error::internal("cannot list '" + directory + "': " + ec.message());
  return build_migrations(std::move(files));
}

std::string migrations_directory(const std::string& root, Engine engine) {
  return (std::filesystem::path(root) / (engine == Engine::kSqlite ? "sqlite" : "postgres")).string();
}

std::vector<Migration> embedded_migrations(Engine engine) {
  auto files = engine == Engine::kSqlite ? embedded::sqlite_migrations() : embedded::postgres_migrations();
  auto migrations = build_migrations(std::move(files));
  if (!migrations) throw std::logic_error("compiled-in migrations: " + migrations.error().internal_message);
  return std::move(migrations).value();
}

Migrator::Migrator(Database& db, std::vector<Migration> migrations) : db_(db), migrations_(std::move(migrations)) {
  std::sort(migrations_.begin(), migrations_.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

void Migrator::ensure_table() {
  auto tx = db_.begin();
  // Concurrent CREATE TABLE IF NOT EXISTS can still collide on PostgreSQL's catalog.
  lock_if_postgres(tx);
  tx.session().execute_script(kCreateTable);
  tx.commit();
}

MigrationStatus Migrator::status() {
  ensure_table();
  MigrationStatus status;
  status.available = migrations_;
  {
    auto tx = db_.read();
    const auto rows = tx.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
    for (const auto& row : rows.rows) {
      status.applied.push_back(AppliedMigration{static_cast<int>(row.get_int(0)), row.get_text(1), row.get_text(2),
                                                row.get_int(3)});
    }
    tx.commit();
  }
  std::map<int, const AppliedMigration*> applied;
  for (const auto& a : status.applied) applied.emplace(a.version, &a);
  std::set<int> known;
  for (const auto& m : migrations_) {
    known.insert(m.version);
    const auto it = applied.find(m.version);
    if (it == applied.end()) {
      status.pending.push_back(m.version);
    } else if (it->second->checksum != m.checksum) {
      status.checksum_mismatch.push_back(m.version);
    }
  }
  for (const auto& a : status.applied) {
    if (!known.contains(a.version)) status.unknown_applied.push_back(a.version);
  }
  return status;
}

Result<std::vector<int>> Migrator::migrate(std::optional<int> target) {
  try {
    const auto current = status();
    if (!current.checksum_mismatch.empty()) {
      return Error::internal("refusing to migrate: applied migrations " + version_list(current.checksum_mismatch) +
                             " were edited after being applied (checksum mismatch)");
    }
    if (target && *target != 0 &&
        std::none_of(migrations_.begin(), migrations_.end(), [&](const Migration& m) { return m.version == *target; })) {
      return Error::internal("unknown target migration version " + std::to_string(*target));
    }

    std::vector<int> applied;
    for (const auto& migration : migrations_) {
      if (target && migration.version > *target) break;
      if (std::find(current.pending.begin(), current.pending.end(), migration.version) == current.pending.end()) {
        continue;
      }
      auto tx = db_.begin();
      lock_if_postgres(tx);
      // Another process may have applied it while we waited for the lock.
      const auto existing = tx.query("SELECT checksum FROM schema_migrations WHERE version = $1",
                                     {static_cast<std::int64_t>(migration.version)});
      if (!existing.empty()) {
        if (existing.rows[0].get_text(0) != migration.checksum) {
          return Error::internal("migration " + std::to_string(migration.version) +
                                 " was applied concurrently with a different checksum");
        }
        continue;
      }
      try {
        tx.session().execute_script(migration.sql);
      } catch (const DbError& e) {
        return Error::internal("migration " + file_label(migration) + " failed: " + e.what());
      }
      tx.query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
               {static_cast<std::int64_t>(migration.version), migration.name, migration.checksum, now_unix_ms()});
      tx.commit();
      applied.push_back(migration.version);
    }
    return applied;
  } catch (const DbError& e) {
    return Error::internal(std::string("migration failed: ") + e.what());
  }
}

}  // namespace soom::db
