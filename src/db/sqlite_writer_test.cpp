// Group commit: transactions queued for the writer share one COMMIT, and each one's
// outcome stays its own.
#include "db/sqlite_writer.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "db/testing/temp_database.hpp"

namespace soom::db {
namespace {

using namespace std::chrono_literals;

class SqliteWriterTest : public ::testing::Test {
 protected:
  SqliteWriterTest() : temp_(Engine::kSqlite) {
    SqliteConnection::Settings settings;
    settings.filename = temp_.url().substr(std::string_view("sqlite:").size());
    writer_ = std::make_unique<SqliteWriter>(std::make_unique<SqliteConnection>(settings), 10'000ms,
                                             SqliteWriter::Limits{64, 10'000ms});
    auto tx = writer_->begin();
    tx.query("CREATE TABLE t (x INTEGER PRIMARY KEY)");
    tx.commit();
  }

  std::int64_t count() {
    auto tx = writer_->begin();
    const auto n = tx.query("SELECT count(*) FROM t").rows.at(0).get_int(0);
    tx.commit();
    return n;
  }

  // Starts `n` threads that each call `work` (which begins a transaction), and returns once
  // all of them are queued behind the transaction the caller holds.
  std::vector<std::thread> queue_behind(int n, const std::function<void(int)>& work) {
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) threads.emplace_back(work, i);
    while (writer_->queued() < n) std::this_thread::sleep_for(1ms);
    return threads;
  }

  testing::TempDatabase temp_;
  std::unique_ptr<SqliteWriter> writer_;
};

TEST_F(SqliteWriterTest, QueuedTransactionsShareOneCommit) {
  const auto groups_before = writer_->groups();
  auto first = writer_->begin();
  first.query("INSERT INTO t (x) VALUES (1000)");
  std::atomic<int> committed{0};
  auto threads = queue_behind(8, [&](int i) {
    auto tx = writer_->begin();
    tx.query("INSERT INTO t (x) VALUES ($1)", {std::int64_t{i}});
    tx.commit();
    ++committed;
  });
  first.commit();
  for (auto& t : threads) t.join();
  EXPECT_EQ(committed.load(), 8);
  EXPECT_EQ(writer_->groups(), groups_before + 1) << "nine transactions, one COMMIT";
  EXPECT_EQ(count(), 9);
}

TEST_F(SqliteWriterTest, AFailedTransactionInAGroupLeavesTheOthersIntact) {
  auto first = writer_->begin();
  first.query("INSERT INTO t (x) VALUES (1)");
  std::atomic<int> failures{0};
  auto threads = queue_behind(4, [&](int i) {
    auto tx = writer_->begin();
    try {
      tx.query("INSERT INTO t (x) VALUES ($1)", {std::int64_t{100 + i}});
      if (i % 2 == 0) tx.query("INSERT INTO t (x) VALUES (1)");  // duplicate key: this one fails
      tx.commit();
    } catch (const DbError&) {
      ++failures;  // the destructor rolls back to the savepoint
    }
  });
  first.commit();
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 2);
  auto tx = writer_->begin();
  auto rows = tx.query("SELECT x FROM t ORDER BY x").rows;
  tx.commit();
  std::vector<std::int64_t> xs;
  for (const auto& r : rows) xs.push_back(r.get_int(0));
  EXPECT_EQ(xs, (std::vector<std::int64_t>{1, 101, 103}));
}

TEST_F(SqliteWriterTest, ALastMemberThatRollsBackStillCommitsTheGroup) {
  auto first = writer_->begin();
  first.query("INSERT INTO t (x) VALUES (7)");
  auto threads = queue_behind(1, [&](int) {
    auto tx = writer_->begin();
    tx.query("INSERT INTO t (x) VALUES (8)");
    // Abandoned without commit: rolled back, and the queued commit of `first` must complete.
  });
  first.commit();  // returns only once the group is durable
  for (auto& t : threads) t.join();
  auto tx = writer_->begin();
  auto rows = tx.query("SELECT x FROM t").rows;
  tx.commit();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get_int(0), 7);
}

TEST_F(SqliteWriterTest, CommittedDataIsVisibleToOtherConnectionsWhenCommitReturns) {
  SqliteConnection::Settings settings;
  settings.filename = temp_.url().substr(std::string_view("sqlite:").size());
  settings.read_only = true;
  std::vector<std::thread> threads;
  std::atomic<int> unseen{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      SqliteConnection reader(settings);
      for (int k = 0; k < 20; ++k) {
        const std::int64_t x = i * 100 + k;
        auto tx = writer_->begin();
        tx.query("INSERT INTO t (x) VALUES ($1)", {x});
        tx.commit();
        // Acknowledged means committed: another connection must see it now.
        if (reader.query("SELECT count(*) FROM t WHERE x = $1", {x}).rows.at(0).get_int(0) != 1) ++unseen;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(unseen.load(), 0);
  EXPECT_EQ(count(), 160);
}

}  // namespace
}  // namespace soom::db
