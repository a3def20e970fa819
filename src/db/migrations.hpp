#pragma once
// Versioned migrations per engine: migrations/<engine>/NNNN_name.sql, applied in
// order inside a transaction each, recorded in schema_migrations with a SHA-256
// checksum. Editing an applied file is detected and refuses startup.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/db.hpp"

namespace soom::db {

struct Migration final {
  int version = 0;
  std::string name;
  std::string sql;
  std::string checksum;  // hex SHA-256 of sql
};

struct AppliedMigration final {
  int version = 0;
  std::string name;
  std::string checksum;
  std::int64_t applied_at_ms = 0;
};

struct MigrationStatus final {
  std::vector<Migration> available;
  std::vector<AppliedMigration> applied;
  std::vector<int> pending;            // available but not applied
  std::vector<int> checksum_mismatch;  // applied, but the file changed since
  std::vector<int> unknown_applied;    // applied, file missing (DB newer than binary)
  bool current() const { return pending.empty() && checksum_mismatch.empty() && unknown_applied.empty(); }
};

// Reads NNNN_name.sql files from a directory; errors on bad names or duplicate versions.
Result<std::vector<Migration>> load_migrations(const std::string& directory);
std::string migration_checksum(const std::string& sql);

class Migrator final {
 public:
  Migrator(Database& db, std::vector<Migration> migrations);
  MigrationStatus status();
  // Applies pending migrations up to `target` (all when empty). Refuses when any
  // applied checksum mismatches. Returns the versions applied.
  Result<std::vector<int>> migrate(std::optional<int> target = std::nullopt);

 private:
  void ensure_table();
  Database& db_;
  std::vector<Migration> migrations_;
};

// The directory for an engine below the migrations root ("migrations/sqlite").
std::string migrations_directory(const std::string& root, Engine engine);

// The migrations compiled into the binary for an engine (migrations/<engine>/*.sql
// at build time), sorted by version. Names are validated like load_migrations;
// a bad compiled-in name is a build bug and throws std::logic_error.
std::vector<Migration> embedded_migrations(Engine engine);

}  // namespace soom::db
