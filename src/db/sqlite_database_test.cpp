// SQLite-only behaviour: durability settings, in-memory URLs, file handling.
#include <gtest/gtest.h>

#include <filesystem>

#include "db/db.hpp"
#include "db/testing/temp_database.hpp"

namespace soom::db {
namespace {

using testing::TempDatabase;

std::string pragma(Transaction& tx, const std::string& name) {
  return tx.query("PRAGMA " + name).rows.at(0).get_text(0);
}

TEST(SqliteDatabase, UsesDurableWalSettingsOnWriterAndReaders) {
  TempDatabase temp(Engine::kSqlite);
  auto db = open_database(temp.options());
  {
    auto tx = db->begin();
    EXPECT_EQ(pragma(tx, "journal_mode"), "wal");
    EXPECT_EQ(pragma(tx, "synchronous"), "2");  // FULL
    EXPECT_EQ(pragma(tx, "foreign_keys"), "1");
    EXPECT_EQ(pragma(tx, "busy_timeout"), "5000");
  }
  auto tx = db->read();
  EXPECT_EQ(pragma(tx, "journal_mode"), "wal");
  EXPECT_EQ(pragma(tx, "synchronous"), "2");
  EXPECT_EQ(pragma(tx, "query_only"), "1");
}

TEST(SqliteDatabase, CreatesParentDirectories) {
  TempDatabase temp(Engine::kSqlite);
  const auto file = std::filesystem::path(temp.url().substr(7)).parent_path() / "nested" / "deeper" / "soom.db";
  auto db = open_database(OpenOptions{"sqlite:" + file.string()});
  EXPECT_TRUE(db->ping());
  EXPECT_TRUE(std::filesystem::exists(file));
}

TEST(SqliteDatabase, InMemoryDatabasesShareDataAcrossConnectionsButNotInstances) {
  auto first = open_database(OpenOptions{"sqlite::memory:"});
  auto second = open_database(OpenOptions{"sqlite::memory:"});
  {
    auto tx = first->begin();
    tx.query("CREATE TABLE t (x BIGINT)");
    tx.query("INSERT INTO t (x) VALUES ($1)", {std::int64_t{7}});
    tx.commit();
  }
  auto read = first->read();  // a reader connection sees the writer's commit
  EXPECT_EQ(read.query("SELECT x FROM t").rows.at(0).get_int(0), 7);
  auto other = second->read();
  EXPECT_THROW(other.query("SELECT x FROM t"), DbError);  // no such table: independent
}

TEST(SqliteDatabase, AnotherProcessHoldingTheWriteLockMeansBusy) {
  TempDatabase temp(Engine::kSqlite);
  auto holder = open_database(temp.options());
  auto options = temp.options();
  options.busy_timeout_ms = 50;
  auto contender = open_database(options);  // a second instance stands in for another process
  auto held = holder->begin();
  try {
    auto tx = contender->begin();
    FAIL() << "expected SQLITE_BUSY";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kBusy) << e.what();
  }
  held.commit();
  auto tx = contender->begin();  // free again
  tx.commit();
}

TEST(SqliteDatabase, NestedWriteTransactionOnOneThreadFailsInsteadOfHanging) {
  TempDatabase temp(Engine::kSqlite);
  auto db = open_database(temp.options());
  auto outer = db->begin();
  EXPECT_THROW(db->begin(), DbError);
  outer.commit();
  auto again = db->begin();  // the writer was released
  again.commit();
}

TEST(SqliteDatabase, CommittedDataSurvivesReopen) {
  TempDatabase temp(Engine::kSqlite);
  {
    auto db = open_database(temp.options());
    auto tx = db->begin();
    tx.query("CREATE TABLE t (x TEXT)");
    tx.query("INSERT INTO t (x) VALUES ($1)", {std::string("기록")});
    tx.commit();
  }
  auto db = open_database(temp.options());
  auto tx = db->read();
  EXPECT_EQ(tx.query("SELECT x FROM t").rows.at(0).get_text(0), "기록");
}

TEST(SqliteDatabase, UnopenableFileIsADbError) {
  EXPECT_THROW(open_database(OpenOptions{"sqlite:/proc/definitely/not/here.db"}), DbError);
  EXPECT_THROW(open_database(OpenOptions{"sqlite:"}), DbError);
  EXPECT_THROW(open_database(OpenOptions{"mysql://nope"}), DbError);
}

}  // namespace
}  // namespace soom::db
