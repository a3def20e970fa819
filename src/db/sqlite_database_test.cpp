// SQLite-only behaviour: durability settings, in-memory URLs, file handling.
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <optional>
#include <stdexcept>
#include <thread>

#include "core/event_loop.hpp"

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

// An event-loop thread serves many connections: its reads must not queue behind a pool that
// handler threads have emptied (here: the only reader is held), and it must never write.
TEST(SqliteDatabase, EventLoopThreadsReadThroughTheirOwnConnectionAndNeverWrite) {
  TempDatabase temp(Engine::kSqlite);
  auto options = temp.options();
  options.pool_size = 1;
  options.acquire_timeout_ms = 50;
  auto db = open_database(options);
  {
    auto tx = db->begin();
    tx.query("CREATE TABLE t (x INTEGER)");
    tx.query("INSERT INTO t (x) VALUES (7)");
    tx.commit();
  }
  auto held = db->read();  // the pool's only reader
  EXPECT_THROW(db->read_single(), DbError);  // a handler thread waits, then gives up

  std::thread loop([&] {
    const EventLoopThread mark;
    for (int i = 0; i < 3; ++i) {  // the thread's connection is reused
      auto tx = db->read_single();
      EXPECT_EQ(tx.query("SELECT x FROM t").rows.at(0).get_int(0), 7);
      tx.commit();
    }
    auto outer = db->read();  // a nested read falls back to the pool (busy here)
    EXPECT_EQ(outer.query("SELECT count(*) FROM t").rows.at(0).get_int(0), 1);
    EXPECT_THROW(db->read_single(), DbError);
    outer.commit();
    EXPECT_THROW(db->begin(), std::logic_error);
  });
  loop.join();

  // A read begun on the loop thread and finished on another still returns the loop's reader:
  // the loop reads again (the pool is still held) through its own connection.
  std::optional<Transaction> handed_over;
  std::promise<void> begun;
  std::promise<void> finished;
  std::thread loop_thread([&] {
    const EventLoopThread mark;
    handed_over.emplace(db->read_single());
    begun.set_value();
    finished.get_future().wait();
    EXPECT_NO_THROW({
      auto tx = db->read_single();
      EXPECT_EQ(tx.query("SELECT x FROM t").rows.at(0).get_int(0), 7);
    });
  });
  begun.get_future().wait();
  handed_over.reset();  // ends on this thread
  finished.set_value();
  loop_thread.join();
  held.commit();

  // Readers on the loop thread see later commits (no snapshot kept between reads).
  {
    auto tx = db->begin();
    tx.query("UPDATE t SET x = 8");
    tx.commit();
  }
  std::thread again([&] {
    const EventLoopThread mark;
    auto tx = db->read_single();
    EXPECT_EQ(tx.query("SELECT x FROM t").rows.at(0).get_int(0), 8);
  });
  again.join();
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
