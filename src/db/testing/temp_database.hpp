#pragma once
// Fresh, empty databases for tests, on either engine.
//
// SQLite: a file in a new temporary directory. PostgreSQL: a new database on
// the throwaway cluster named by env SOOMCARE_TEST_PG_URL (an admin URL, see
// scripts/pg_cluster.sh). Both are removed again by the destructor.
#include <string>

#include "db/db.hpp"

namespace soom::db::testing {

// SOOMCARE_TEST_PG_URL is set.
bool postgres_available();
// SOOMCARE_REQUIRE_PG=1: a missing PostgreSQL must fail tests, not skip them (CI).
bool postgres_required();

class TempDatabase final {
 public:
  explicit TempDatabase(Engine engine);
  ~TempDatabase();
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  Engine engine() const { return engine_; }
  const std::string& url() const { return url_; }
  // Ready-to-use options for open_database().
  OpenOptions options(int pool_size = 4) const { return OpenOptions{url_, pool_size, 5000, 10'000}; }

 private:
  Engine engine_;
  std::string url_;
  std::string directory_;      // SQLite
  std::string database_name_;  // PostgreSQL
};

std::string engine_name(Engine engine);

}  // namespace soom::db::testing

// Use in a gtest SetUp() or test body: skips when the engine is unavailable, or
// fails when PostgreSQL is required (SOOMCARE_REQUIRE_PG=1) but not configured.
#define SOOM_REQUIRE_ENGINE(engine)                                                                   \
  do {                                                                                                \
    if ((engine) == ::soom::db::Engine::kPostgres && !::soom::db::testing::postgres_available()) {    \
      if (::soom::db::testing::postgres_required()) {                                                 \
        FAIL() << "SOOMCARE_REQUIRE_PG=1 but SOOMCARE_TEST_PG_URL is not set; start a cluster with "  \
                  "`scripts/pg_cluster.sh start DIR` and export its URL";                             \
      }                                                                                               \
      GTEST_SKIP() << "PostgreSQL tests need SOOMCARE_TEST_PG_URL (see scripts/pg_cluster.sh)";       \
    }                                                                                                 \
  } while (false)
