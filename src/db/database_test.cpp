// Behaviour both engines must share; every test runs on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <thread>
#include <vector>

#include "db/db.hpp"
#include "db/testing/engine_fixture.hpp"

namespace soom::db {
namespace {

using testing::EngineTest;

constexpr const char* kItemsTable =
    "CREATE TABLE items (id TEXT PRIMARY KEY, n BIGINT, d DOUBLE PRECISION, flag BOOLEAN, note TEXT, "
    "CHECK (n IS NULL OR n <> 13))";

class DatabaseTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    exec(kItemsTable);
  }
};

TEST_P(DatabaseTest, RoundTripsEveryValueType) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  const std::string korean = "숨케어 천식 일지: 흡입기 2회 💨";
  {
    auto tx = db().begin();
    tx.query("INSERT INTO items (id, n, d, flag, note) VALUES ($1, $2, $3, $4, $5)",
             {std::string("max"), kMax, 0.1, true, korean});
    tx.query("INSERT INTO items (id, n, d, flag, note) VALUES ($1, $2, $3, $4, $5)",
             {std::string("min"), kMin, -1.0 / 3.0, false, std::string("")});
    tx.query("INSERT INTO items (id, n, d, flag, note) VALUES ($1, $2, $3, $4, $5)",
             {std::string("nulls"), Null{}, Null{}, Null{}, Null{}});
    tx.query("INSERT INTO items (id, n, d, flag) VALUES ($1, $2, $3, $4)",
             {std::string("big"), std::int64_t{0}, std::numeric_limits<double>::max(), true});
    tx.commit();
  }
  auto tx = db().read();
  const auto result = tx.query("SELECT id, n, d, flag, note FROM items ORDER BY id");
  ASSERT_EQ(result.rows.size(), 4u);
  EXPECT_EQ(result.columns, (std::vector<std::string>{"id", "n", "d", "flag", "note"}));

  const auto& big = result.rows[0];
  EXPECT_EQ(big.get_text(0), "big");
  EXPECT_EQ(big.get_double(2), std::numeric_limits<double>::max());

  const auto& max = result.rows[1];
  EXPECT_EQ(max.get_int(1), kMax);
  EXPECT_EQ(max.get_double(2), 0.1);
  EXPECT_TRUE(max.get_bool(3));
  EXPECT_EQ(max.get_text(4), korean);

  const auto& min = result.rows[2];
  EXPECT_EQ(min.get_int(1), kMin);
  EXPECT_EQ(min.get_double(2), -1.0 / 3.0);  // exact: no 15-digit rounding on the way
  EXPECT_FALSE(min.get_bool(3));
  EXPECT_EQ(min.opt_text(4), std::optional<std::string>(""));  // empty is not NULL

  const auto& nulls = result.rows[3];
  for (std::size_t i = 1; i < 5; ++i) EXPECT_TRUE(nulls.is_null(i)) << i;
  EXPECT_EQ(nulls.opt_int(1), std::nullopt);
  EXPECT_EQ(nulls.opt_bool(3), std::nullopt);
}

TEST_P(DatabaseTest, BooleanParametersWorkInPredicates) {
  exec("INSERT INTO items (id, flag) VALUES ('a', $1), ('b', $2), ('c', $1)", {true, false});
  auto tx = db().read();
  EXPECT_EQ(tx.query("SELECT COUNT(*) FROM items WHERE flag = $1", {true}).rows[0].get_int(0), 2);
  EXPECT_EQ(tx.query("SELECT COUNT(*) FROM items WHERE flag = $1", {false}).rows[0].get_int(0), 1);
}

TEST_P(DatabaseTest, AffectedCountsOnlyChangedRows) {
  auto tx = db().begin();
  EXPECT_EQ(tx.query("INSERT INTO items (id, n) VALUES ('a', 1), ('b', 2), ('c', 3)").affected, 3);
  EXPECT_EQ(tx.query("UPDATE items SET n = n + 100 WHERE n >= $1", {std::int64_t{2}}).affected, 2);
  EXPECT_EQ(tx.query("UPDATE items SET n = 0 WHERE id = 'none'").affected, 0);
  const auto selected = tx.query("SELECT id FROM items");
  EXPECT_EQ(selected.rows.size(), 3u);
  EXPECT_EQ(selected.affected, 0);
  tx.session().execute_script("CREATE TABLE other (x BIGINT)");
  EXPECT_EQ(tx.query("DELETE FROM items WHERE id = $1", {std::string("a")}).affected, 1);
  tx.commit();
  EXPECT_EQ(count("items"), 2);
}

TEST_P(DatabaseTest, ReturningAndUpsertArePortable) {
  auto tx = db().begin();
  const auto inserted = tx.query("INSERT INTO items (id, n) VALUES ($1, $2) RETURNING id, n",
                                 {std::string("x"), std::int64_t{5}});
  ASSERT_EQ(inserted.rows.size(), 1u);
  EXPECT_EQ(inserted.rows[0].get_int(1), 5);
  EXPECT_EQ(inserted.affected, 1);
  const auto upserted = tx.query(
      "INSERT INTO items (id, n) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET n = items.n + excluded.n "
      "RETURNING n",
      {std::string("x"), std::int64_t{7}});
  EXPECT_EQ(upserted.rows.at(0).get_int(0), 12);
  tx.commit();
}

TEST_P(DatabaseTest, PlaceholdersInLiteralsAndRepeatedPlaceholders) {
  auto tx = db().read();
  const auto r = tx.query("SELECT '$1' AS literal, CAST($1 AS BIGINT) + CAST($1 AS BIGINT) AS twice, "
                          "CAST($2 AS TEXT) AS second -- $3 in a comment",
                          {std::int64_t{21}, std::string("둘")});
  EXPECT_EQ(r.rows.at(0).get_text(0), "$1");
  EXPECT_EQ(r.rows.at(0).get_int(1), 42);
  EXPECT_EQ(r.rows.at(0).get_text(2), "둘");
}

TEST_P(DatabaseTest, ManyDistinctStatementsSurviveCacheEviction) {
  // More distinct SQL texts than the per-connection cache holds (128), twice over.
  for (int round = 0; round < 2; ++round) {
    auto tx = db().read();
    for (int i = 0; i < 300; ++i) {
      const auto sql = "SELECT CAST($1 AS BIGINT) + " + std::to_string(i);
      ASSERT_EQ(tx.query(sql, {std::int64_t{1000}}).rows.at(0).get_int(0), 1000 + i);
    }
  }
}

TEST_P(DatabaseTest, ReadSingleRunsOneStatementWithoutATransaction) {
  {
    auto tx = db().begin();
    tx.query("INSERT INTO items (id, n) VALUES ($1, $2)", {std::string("a"), std::int64_t{5}});
    tx.commit();
  }
  // Many rounds on a small pool: the connection must come back clean every time.
  for (int round = 0; round < 20; ++round) {
    auto tx = db().read_single();
    EXPECT_EQ(tx.query("SELECT n FROM items WHERE id = $1", {std::string("a")}).rows.at(0).get_int(0), 5);
    tx.commit();
  }
  {
    auto tx = db().read_single();  // dropped without commit: released as well
    EXPECT_EQ(tx.query("SELECT COUNT(*) FROM items").rows.at(0).get_int(0), 1);
  }
  // A normal snapshot read still works on the same connections afterwards.
  auto tx = db().read();
  EXPECT_EQ(tx.query("SELECT COUNT(*) FROM items").rows.at(0).get_int(0), 1);
  EXPECT_EQ(tx.query("SELECT n FROM items").rows.at(0).get_int(0), 5);
  tx.commit();
}

TEST_P(DatabaseTest, ReadSingleRefusesASecondStatement) {
  auto tx = db().read_single();
  tx.query("SELECT COUNT(*) FROM items");
  EXPECT_THROW(tx.query("SELECT COUNT(*) FROM items"), std::logic_error);
}

TEST_P(DatabaseTest, WrongParameterCountIsAnError) {
  auto tx = db().read();
  EXPECT_THROW(tx.query("SELECT id FROM items WHERE id = $1", {}), DbError);
}

TEST_P(DatabaseTest, QueryRejectsSeveralStatements) {
  auto tx = db().begin();
  EXPECT_THROW(tx.query("INSERT INTO items (id) VALUES ('a'); INSERT INTO items (id) VALUES ('b')"), DbError);
}

TEST_P(DatabaseTest, ExecuteScriptRunsSeveralStatements) {
  auto tx = db().begin();
  tx.session().execute_script(
      "CREATE TABLE s1 (x BIGINT);\n-- comment\nINSERT INTO s1 VALUES (1);\nINSERT INTO s1 VALUES (2);");
  tx.commit();
  EXPECT_EQ(count("s1"), 2);
}

TEST_P(DatabaseTest, UniqueViolationHasKindAndConstraint) {
  exec("INSERT INTO items (id) VALUES ('dup')");
  auto tx = db().begin();
  try {
    tx.query("INSERT INTO items (id, note) VALUES ($1, $2)", {std::string("dup"), std::string("민감한 메모")});
    FAIL() << "expected a unique violation";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kUniqueViolation) << e.what();
    EXPECT_EQ(e.constraint(), engine() == Engine::kSqlite ? "items.id" : "items_pkey");
    EXPECT_EQ(std::string(e.what()).find("민감한"), std::string::npos) << "values must not leak: " << e.what();
  }
}

TEST_P(DatabaseTest, UniqueIndexViolationNamesTheColumnsOrIndex) {
  exec("CREATE UNIQUE INDEX items_n_note ON items (n, note)");
  exec("INSERT INTO items (id, n, note) VALUES ('a', 1, 'x')");
  try {
    exec("INSERT INTO items (id, n, note) VALUES ('b', 1, 'x')");
    FAIL() << "expected a unique violation";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kUniqueViolation);
    EXPECT_EQ(e.constraint(), engine() == Engine::kSqlite ? "items.n, items.note" : "items_n_note");
  }
}

TEST_P(DatabaseTest, ForeignKeyAndCheckViolationKinds) {
  exec("CREATE TABLE parent (id TEXT PRIMARY KEY)");
  exec("CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent (id))");
  try {
    exec("INSERT INTO child (id, parent_id) VALUES ('c', 'missing')");
    FAIL() << "expected a foreign key violation";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kForeignKeyViolation) << e.what();
  }
  try {
    exec("INSERT INTO items (id, n) VALUES ('unlucky', 13)");
    FAIL() << "expected a check violation";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::kCheckViolation) << e.what();
  }
  exec("INSERT INTO parent (id) VALUES ('p')");
  exec("INSERT INTO child (id, parent_id) VALUES ('c', 'p')");
  EXPECT_EQ(count("child"), 1);
}

TEST_P(DatabaseTest, DestructorRollsBack) {
  {
    auto tx = db().begin();
    tx.query("INSERT INTO items (id) VALUES ('gone')");
  }
  EXPECT_EQ(count("items"), 0);
}

TEST_P(DatabaseTest, FailedStatementAbortsTransactionButConnectionStaysUsable) {
  auto single = open_database(temp().options(1));  // one connection: reuse is certain
  {
    auto tx = single->begin();
    tx.query("INSERT INTO items (id) VALUES ('a')");
    tx.commit();
  }
  {
    auto tx = single->begin();
    tx.query("INSERT INTO items (id) VALUES ('b')");
    EXPECT_THROW(tx.query("INSERT INTO items (id) VALUES ('a')"), DbError);
    // Same rule on both engines: an aborted transaction takes no more statements.
    EXPECT_THROW(tx.query("SELECT 1"), DbError);
    EXPECT_THROW(tx.commit(), DbError);
  }
  {
    auto tx = single->begin();
    EXPECT_THROW(tx.query("SELEC nonsense"), DbError);
  }
  auto tx = single->begin();
  tx.query("INSERT INTO items (id) VALUES ('c')");
  tx.commit();
  auto read = single->read();
  const auto ids = read.query("SELECT id FROM items ORDER BY id");
  ASSERT_EQ(ids.rows.size(), 2u);  // 'b' was rolled back
  EXPECT_EQ(ids.rows[0].get_text(0), "a");
  EXPECT_EQ(ids.rows[1].get_text(0), "c");
}

TEST_P(DatabaseTest, FinishedOrMovedTransactionsRefuseUse) {
  auto tx = db().begin();
  tx.query("INSERT INTO items (id) VALUES ('m')");
  Transaction moved(std::move(tx));
  moved.commit();
  EXPECT_THROW(moved.commit(), DbError);
  EXPECT_THROW(moved.query("SELECT 1"), DbError);
  EXPECT_EQ(count("items"), 1);
}

TEST_P(DatabaseTest, ReadSeesASnapshotTakenAtReadTime) {
  exec("INSERT INTO items (id) VALUES ('one')");
  auto snapshot = db().read();
  exec("INSERT INTO items (id) VALUES ('two')");  // committed after the snapshot began
  EXPECT_EQ(snapshot.query("SELECT COUNT(*) FROM items").rows[0].get_int(0), 1);
  exec("INSERT INTO items (id) VALUES ('three')");
  EXPECT_EQ(snapshot.query("SELECT COUNT(*) FROM items").rows[0].get_int(0), 1);
  snapshot.commit();
  EXPECT_EQ(count("items"), 3);
}

TEST_P(DatabaseTest, ReadTransactionsRejectWrites) {
  auto tx = db().read();
  EXPECT_THROW(tx.query("INSERT INTO items (id) VALUES ('w')"), DbError);
}

TEST_P(DatabaseTest, ConcurrentWritersLoseNoUpdates) {
  exec("CREATE TABLE counter (id BIGINT PRIMARY KEY, value BIGINT NOT NULL)");
  exec("INSERT INTO counter (id, value) VALUES (1, 0)");
  constexpr int kThreads = 4;
  constexpr int kIncrements = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        try {
          auto tx = db().begin();
          tx.query("UPDATE counter SET value = value + 1 WHERE id = 1");
          tx.commit();
        } catch (const DbError&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto tx = db().read();
  EXPECT_EQ(tx.query("SELECT value FROM counter WHERE id = 1").rows.at(0).get_int(0), kThreads * kIncrements);
}

TEST_P(DatabaseTest, PoolStatsTrackLeases) {
  const auto idle = db().pool_stats();
  EXPECT_GE(idle.size, 4);
  EXPECT_EQ(idle.in_use, 0);
  {
    auto write = db().begin();
    auto read = db().read();
    EXPECT_EQ(db().pool_stats().in_use, 2);
  }
  EXPECT_EQ(db().pool_stats().in_use, 0);
}

TEST_P(DatabaseTest, ExhaustedPoolReportsBusy) {
  auto options = temp().options(1);
  options.acquire_timeout_ms = 100;
  auto small = open_database(options);
  auto held = small->read();
  std::thread other([&] {
    try {
      auto tx = small->read();
      ADD_FAILURE() << "a second read() should not get a connection";
    } catch (const DbError& e) {
      EXPECT_EQ(e.kind(), DbError::Kind::kBusy);
    }
  });
  other.join();
}

TEST_P(DatabaseTest, PingAnswers) { EXPECT_TRUE(db().ping()); }

SOOM_INSTANTIATE_FOR_ENGINES(DatabaseTest);

}  // namespace
}  // namespace soom::db
