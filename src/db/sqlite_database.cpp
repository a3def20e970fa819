// SQLite engine: one writer connection behind a mutex (SQLite allows a single
// writer anyway; queueing in-process is cheaper than spinning on SQLITE_BUSY),
// with group commit (sqlite_writer.hpp), plus a pool of reader connections that
// see WAL snapshots.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "db/connection_pool.hpp"
#include "db/engines.hpp"
#include "db/guarded_session.hpp"
#include "db/sqlite_connection.hpp"
#include "db/sqlite_writer.hpp"

namespace soom::db {
namespace {

constexpr std::string_view kMemoryUrl = "sqlite::memory:";

SqliteConnection::Settings settings_for(const OpenOptions& options) {
  SqliteConnection::Settings settings;
  settings.busy_timeout_ms = options.busy_timeout_ms;
  if (options.url == kMemoryUrl) {
    // memdb databases whose name starts with '/' are shared by every connection
    // in the process that names them, so the readers see the writer's data.
    static std::atomic<unsigned> counter{0};
    settings.filename = "file:/soom-memory-" + std::to_string(counter.fetch_add(1)) + "?vfs=memdb";
    settings.uri = true;
    settings.wal = false;
    return settings;
  }
  const std::filesystem::path path(options.url.substr(std::string_view("sqlite:").size()));
  if (path.empty()) throw DbError(DbError::Kind::kOther, "sqlite: URL without a path");
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      throw DbError(DbError::Kind::kOther,
                    "cannot create directory '" + path.parent_path().string() + "': " + ec.message());
    }
  }
  settings.filename = path.string();
  return settings;
}

[[noreturn]] void throw_aborted() {
  throw DbError(DbError::Kind::kOther, "transaction aborted by an earlier error; it was rolled back");
}

// Ends a read transaction and returns the reader to the pool.
class ReaderControl final : public Transaction::Control {
 public:
  ReaderControl(std::unique_ptr<SqliteConnection> connection, ConnectionPool<SqliteConnection>& pool)
      : connection_(std::move(connection)), pool_(pool), session_(std::make_shared<GuardedSession>(*connection_)) {}
  ~ReaderControl() override { rollback(); }

  void start() {
    connection_->execute_script("BEGIN");
    // A deferred BEGIN takes its snapshot at the first read; take it now so the
    // snapshot is the database as of read(), like PostgreSQL's REPEATABLE READ.
    connection_->query("SELECT 1 FROM sqlite_schema LIMIT 1", {});
  }
  // read_single(): the one statement runs in autocommit and is its own snapshot.
  void start_single() { session_->limit_to_one_statement(); }
  std::shared_ptr<Session> session() const { return session_; }

  void commit() override {
    if (session_->aborted()) throw_aborted();
    if (connection_->in_transaction()) connection_->execute_script("COMMIT");
    release();
  }

  void rollback() noexcept override {
    if (!connection_) return;
    if (connection_->in_transaction()) {
      try {
        connection_->execute_script("ROLLBACK");
      } catch (...) {  // NOLINT(bugprone-empty-catch): release() discards the connection
      }
    }
    release();
  }

 private:
  void release() {
    session_->finish();
    const bool healthy = !connection_->in_transaction();
    pool_.release(std::move(connection_), healthy);
  }

  std::unique_ptr<SqliteConnection> connection_;
  ConnectionPool<SqliteConnection>& pool_;
  std::shared_ptr<GuardedSession> session_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const OpenOptions& options)
      : settings_(settings_for(options)),
        acquire_timeout_(options.acquire_timeout_ms),
        writer_(std::make_unique<SqliteConnection>(settings_), acquire_timeout_, SqliteWriter::Limits{}),
        readers_(options.pool_size, [this] {
          auto reader_settings = settings_;
          reader_settings.read_only = true;
          return std::make_unique<SqliteConnection>(reader_settings);
        }) {}

  Engine engine() const override { return Engine::kSqlite; }

  Transaction begin() override { return writer_.begin(); }

  Transaction read() override {
    auto control = std::make_unique<ReaderControl>(
        readers_.acquire(acquire_timeout_), readers_);
    control->start();
    auto session = control->session();
    return Transaction(std::move(session), std::move(control));
  }

  Transaction read_single() override {
    auto control = std::make_unique<ReaderControl>(readers_.acquire(acquire_timeout_), readers_);
    control->start_single();
    auto session = control->session();
    return Transaction(std::move(session), std::move(control));
  }

  bool ping() override {
    try {
      auto tx = read_single();
      return tx.query("SELECT 1").rows.at(0).get_int(0) == 1;
    } catch (const DbError&) {
      return false;
    }
  }

  PoolStats pool_stats() const override {
    return PoolStats{readers_.capacity() + 1, readers_.in_use() + (writer_.busy() ? 1 : 0)};
  }

 private:
  SqliteConnection::Settings settings_;
  std::chrono::milliseconds acquire_timeout_;
  // Declared before the readers: a memdb database lives as long as the writer.
  SqliteWriter writer_;
  ConnectionPool<SqliteConnection> readers_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const OpenOptions& options) {
  return std::make_unique<SqliteDatabase>(options);
}

}  // namespace soom::db
