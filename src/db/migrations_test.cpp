#include "db/migrations.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/random.hpp"
#include "db/testing/engine_fixture.hpp"

namespace soom::db {
namespace {

namespace fs = std::filesystem;

// A temporary directory of migration files.
class MigrationDir final {
 public:
  MigrationDir() : path_(fs::temp_directory_path() / ("soom-migrations-" + random_token(8))) {
    fs::create_directories(path_);
  }
  ~MigrationDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  MigrationDir(const MigrationDir&) = delete;
  MigrationDir& operator=(const MigrationDir&) = delete;

  void write(const std::string& name, const std::string& sql) const {
    std::ofstream(path_ / name, std::ios::binary) << sql;
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::vector<int> versions(const std::vector<Migration>& migrations) {
  std::vector<int> out;
  for (const auto& m : migrations) out.push_back(m.version);
  return out;
}

TEST(LoadMigrations, ReadsSortsAndChecksums) {
  MigrationDir dir;
  dir.write("0002_add_notes.sql", "ALTER TABLE t ADD COLUMN note TEXT;");
  dir.write("0001_create_t.sql", "");
  dir.write("0010_later.sql", "SELECT 1;");
  dir.write("README.md", "not a migration");
  const auto loaded = load_migrations(dir.path());
  ASSERT_TRUE(loaded) << loaded.error().internal_message;
  EXPECT_EQ(versions(*loaded), (std::vector<int>{1, 2, 10}));
  EXPECT_EQ((*loaded)[0].name, "create_t");
  EXPECT_EQ((*loaded)[1].sql, "ALTER TABLE t ADD COLUMN note TEXT;");
  // SHA-256 of the empty string.
  EXPECT_EQ((*loaded)[0].checksum, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ((*loaded)[1].checksum, migration_checksum((*loaded)[1].sql));
  EXPECT_NE((*loaded)[1].checksum, (*loaded)[2].checksum);
}

TEST(LoadMigrations, RejectsBadNames) {
  for (const std::string bad : {"1_short.sql", "0001-dash.sql", "0001_Upper.sql", "0001_.sql", "abcd_x.sql",
                                "0000_zero.sql", "0001_sp ace.sql"}) {
    MigrationDir dir;
    dir.write(bad, "SELECT 1;");
    const auto loaded = load_migrations(dir.path());
    EXPECT_FALSE(loaded) << bad;
    if (!loaded) {
      EXPECT_NE(loaded.error().internal_message.find(bad), std::string::npos);
    }
  }
}

TEST(LoadMigrations, RejectsDuplicateVersionsAndMissingDirectories) {
  MigrationDir dir;
  dir.write("0001_a.sql", "SELECT 1;");
  dir.write("0001_b.sql", "SELECT 2;");
  EXPECT_FALSE(load_migrations(dir.path()));
  EXPECT_FALSE(load_migrations(dir.path() + "/missing"));
}

TEST(MigrationsDirectory, PicksTheEngineSubdirectory) {
  EXPECT_EQ(migrations_directory("/srv/migrations", Engine::kSqlite), "/srv/migrations/sqlite");
  EXPECT_EQ(migrations_directory("migrations", Engine::kPostgres), "migrations/postgres");
}

TEST(EmbeddedMigrations, MatchTheSourceTree) {
  const auto root = fs::path(SOOM_SOURCE_DIR) / "migrations";
  for (const auto engine : {Engine::kSqlite, Engine::kPostgres}) {
    const auto embedded = embedded_migrations(engine);
    const auto on_disk = load_migrations(migrations_directory(root.string(), engine));
    ASSERT_TRUE(on_disk) << on_disk.error().internal_message;
    ASSERT_EQ(versions(embedded), versions(*on_disk));
    for (std::size_t i = 0; i < embedded.size(); ++i) {
      EXPECT_EQ(embedded[i].name, (*on_disk)[i].name);
      EXPECT_EQ(embedded[i].checksum, (*on_disk)[i].checksum) << embedded[i].name;
    }
  }
}

class MigratorTest : public testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    dir_.write("0001_create_notes.sql", "CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL);\n");
    dir_.write("0002_add_flag.sql", "ALTER TABLE notes ADD COLUMN pinned BOOLEAN;\n"
                                    "CREATE INDEX notes_pinned ON notes (pinned);\n");
    dir_.write("0003_seed.sql", "INSERT INTO notes (id, body, pinned) VALUES ('welcome', '환영합니다', TRUE);\n");
  }

  std::vector<Migration> load() {
    auto loaded = load_migrations(dir_.path());
    EXPECT_TRUE(loaded);
    return loaded ? *loaded : std::vector<Migration>{};
  }

  MigrationDir dir_;
};

TEST_P(MigratorTest, AppliesPendingMigrationsInOrder) {
  Migrator migrator(db(), load());
  const auto before = migrator.status();
  EXPECT_EQ(before.pending, (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(before.current());

  const auto applied = migrator.migrate();
  ASSERT_TRUE(applied) << applied.error().internal_message;
  EXPECT_EQ(*applied, (std::vector<int>{1, 2, 3}));

  const auto after = migrator.status();
  EXPECT_TRUE(after.current());
  ASSERT_EQ(after.applied.size(), 3u);
  EXPECT_EQ(after.applied[1].name, "add_flag");
  EXPECT_EQ(after.applied[1].checksum, load()[1].checksum);
  EXPECT_GT(after.applied[1].applied_at_ms, 1'600'000'000'000);
  auto tx = db().read();
  const auto row = tx.query("SELECT body, pinned FROM notes WHERE id = 'welcome'").rows.at(0);
  EXPECT_EQ(row.get_text(0), "환영합니다");
  EXPECT_TRUE(row.get_bool(1));
}

TEST_P(MigratorTest, MigratesUpToATarget) {
  Migrator migrator(db(), load());
  const auto first = migrator.migrate(2);
  ASSERT_TRUE(first) << first.error().internal_message;
  EXPECT_EQ(*first, (std::vector<int>{1, 2}));
  EXPECT_EQ(migrator.status().pending, (std::vector<int>{3}));
  EXPECT_EQ(count("notes"), 0);
  const auto rest = migrator.migrate();
  ASSERT_TRUE(rest);
  EXPECT_EQ(*rest, (std::vector<int>{3}));
  EXPECT_FALSE(migrator.migrate(42));  // unknown target
}

TEST_P(MigratorTest, RerunIsANoOp) {
  Migrator migrator(db(), load());
  ASSERT_TRUE(migrator.migrate());
  const auto again = Migrator(db(), load()).migrate();
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(count("notes"), 1);  // the seed ran once
}

TEST_P(MigratorTest, EditedAppliedMigrationIsDetectedAndRefused) {
  ASSERT_TRUE(Migrator(db(), load()).migrate(2));
  dir_.write("0002_add_flag.sql", "ALTER TABLE notes ADD COLUMN pinned BOOLEAN; -- edited\n");
  Migrator migrator(db(), load());
  const auto status = migrator.status();
  EXPECT_EQ(status.checksum_mismatch, (std::vector<int>{2}));
  EXPECT_EQ(status.pending, (std::vector<int>{3}));
  const auto refused = migrator.migrate();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInternal);
  EXPECT_NE(refused.error().internal_message.find("checksum"), std::string::npos);
  EXPECT_EQ(migrator.status().pending, (std::vector<int>{3}));  // nothing applied
}

TEST_P(MigratorTest, ReportsMigrationsTheBinaryDoesNotKnow) {
  ASSERT_TRUE(Migrator(db(), load()).migrate());
  auto older = load();
  older.pop_back();
  const auto status = Migrator(db(), older).status();
  EXPECT_EQ(status.unknown_applied, (std::vector<int>{3}));
  EXPECT_FALSE(status.current());
}

TEST_P(MigratorTest, FailedMigrationRollsBackCompletely) {
  dir_.write("0004_broken.sql", "CREATE TABLE half (x BIGINT);\nINSERT INTO nowhere VALUES (1);\n");
  Migrator migrator(db(), load());
  const auto result = migrator.migrate();
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().internal_message.find("0004_broken"), std::string::npos) << result.error().internal_message;
  const auto status = migrator.status();
  EXPECT_EQ(status.pending, (std::vector<int>{4}));
  EXPECT_EQ(status.applied.size(), 3u);
  auto tx = db().read();
  EXPECT_THROW(tx.query("SELECT COUNT(*) FROM half"), DbError);  // DDL rolled back too
}

TEST_P(MigratorTest, ConcurrentMigratorsApplyEachVersionOnce) {
  // Two Database instances stand in for two processes starting at once.
  auto other = open_database(temp().options());
  Result<std::vector<int>> first = std::vector<int>{};
  Result<std::vector<int>> second = std::vector<int>{};
  std::thread a([&] { first = Migrator(db(), load()).migrate(); });
  std::thread b([&] { second = Migrator(*other, load()).migrate(); });
  a.join();
  b.join();
  ASSERT_TRUE(first) << first.error().internal_message;
  ASSERT_TRUE(second) << second.error().internal_message;
  auto all = *first;
  all.insert(all.end(), second->begin(), second->end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(count("notes"), 1);
}

SOOM_INSTANTIATE_FOR_ENGINES(MigratorTest);

}  // namespace
}  // namespace soom::db
