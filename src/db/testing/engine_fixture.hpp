#pragma once
// A gtest fixture parameterized over both engines: each test gets a fresh empty
// database (see TempDatabase). Instantiate with SOOM_INSTANTIATE_FOR_ENGINES.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "db/db.hpp"
#include "db/migrations.hpp"
#include "db/testing/temp_database.hpp"

namespace soom::db::testing {

class EngineTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    SOOM_REQUIRE_ENGINE(GetParam());
    temp_ = std::make_unique<TempDatabase>(GetParam());
    db_ = open_database(temp_->options());
  }
  void TearDown() override {
    db_.reset();  // close connections before the database is dropped
    temp_.reset();
  }

  Engine engine() const { return GetParam(); }
  Database& db() { return *db_; }
  TempDatabase& temp() { return *temp_; }

  // Runs statements in one committed write transaction.
  void exec(const std::string& sql, const Params& params = {}) {
    auto tx = db_->begin();
    tx.query(sql, params);
    tx.commit();
  }
  std::int64_t count(const std::string& table) {
    auto tx = db_->read();
    return tx.query("SELECT COUNT(*) FROM " + table).rows.at(0).get_int(0);
  }
  // The engine's plan for `sql` as one text, a line per plan row (EXPLAIN QUERY PLAN on
  // SQLite, EXPLAIN on PostgreSQL): what index-use tests search.
  std::string query_plan(const std::string& sql, const Params& params = {}) {
    auto tx = db_->read();
    const std::string prefix = engine() == Engine::kSqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
    std::string text;
    for (const auto& row : tx.query(prefix + sql, params).rows) text += row.get_text(row.size() - 1) + "\n";
    return text;
  }

 private:
  std::unique_ptr<TempDatabase> temp_;
  std::unique_ptr<Database> db_;
};

// An EngineTest whose database already has every migration applied: what repository and
// service tests start from.
class MigratedEngineTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Migrator migrator(db(), embedded_migrations(engine()));
    ASSERT_TRUE(migrator.migrate().ok());
  }
};

inline std::string engine_param_name(const ::testing::TestParamInfo<Engine>& info) {
  return engine_name(info.param);
}

}  // namespace soom::db::testing

#define SOOM_INSTANTIATE_FOR_ENGINES(fixture)                                                              \
  INSTANTIATE_TEST_SUITE_P(Engines, fixture,                                                               \
                           ::testing::Values(::soom::db::Engine::kSqlite, ::soom::db::Engine::kPostgres), \
                           ::soom::db::testing::engine_param_name)
