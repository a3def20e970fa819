// PostgreSQL-only behaviour: reconnects, connection errors, constraint names.
#include <gtest/gtest.h>

#include "db/db.hpp"
#include "db/testing/temp_database.hpp"

namespace soom::db {
namespace {

using testing::TempDatabase;

class PostgresDatabase : public ::testing::Test {
 protected:
  void SetUp() override { SOOM_REQUIRE_ENGINE(Engine::kPostgres); }
};

std::int64_t backend_pid(Database& db) {
  auto tx = db.read();
  return tx.query("SELECT pg_backend_pid()").rows.at(0).get_int(0);
}

TEST_F(PostgresDatabase, ReconnectsWhenTheServerDroppedTheConnection) {
  TempDatabase temp(Engine::kPostgres);
  auto db = open_database(temp.options(1));
  const auto pid = backend_pid(*db);
  {
    auto admin = open_database(OpenOptions{temp.url()});
    auto tx = admin->begin();
    EXPECT_TRUE(tx.query("SELECT pg_terminate_backend($1, 5000)", {pid}).rows.at(0).get_bool(0));
    tx.commit();
  }
  EXPECT_TRUE(db->ping());
  const auto new_pid = backend_pid(*db);
  EXPECT_NE(new_pid, pid);
  auto tx = db->begin();
  tx.query("CREATE TABLE after_reconnect (x BIGINT)");
  tx.commit();
}

TEST_F(PostgresDatabase, ReadIsRepeatableReadAndReadOnly) {
  TempDatabase temp(Engine::kPostgres);
  auto db = open_database(temp.options());
  auto read = db->read();
  EXPECT_EQ(read.query("SHOW transaction_isolation").rows.at(0).get_text(0), "repeatable read");
  EXPECT_EQ(read.query("SHOW transaction_read_only").rows.at(0).get_text(0), "on");
  auto write = db->begin();
  EXPECT_EQ(write.query("SHOW transaction_isolation").rows.at(0).get_text(0), "read committed");
}

TEST_F(PostgresDatabase, CheckConstraintNameIsReported) {
  TempDatabase temp(Engine::kPostgres);
  auto db = open_database(temp.options());
  {
    auto tx = db->begin();
    tx.query("CREATE TABLE doses (puffs BIGINT CONSTRAINT doses_puffs_positive CHECK (puffs > 0))");
    tx.commit();
  }
  auto tx = db->begin();
  try {
    tx.query("INSERT INTO doses (puffs) VALUES ($1)", {std::int64_t{-1}});
    FAIL() << "expected a check violation";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kCheckViolation);
    EXPECT_EQ(e.constraint(), "doses_puffs_positive");
  }
}

TEST(PostgresConnectionErrors, MessageOmitsThePassword) {
  // Port 1 on loopback refuses at once; no server needed.
  try {
    open_database(OpenOptions{"postgresql://soom:hunter2secret@127.0.0.1:1/soom?connect_timeout=2"});
    FAIL() << "expected DbError";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kOther);
    const std::string message = e.what();
    EXPECT_EQ(message.find("hunter2secret"), std::string::npos) << message;
    EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace soom::db
