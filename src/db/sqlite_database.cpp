// SQLite engine: one writer connection behind a mutex (SQLite allows a single
// writer anyway; queueing in-process is cheaper than spinning on SQLITE_BUSY),
// with group commit (sqlite_writer.hpp), plus a pool of reader connections that
// see WAL snapshots. Event-loop threads (core/event_loop.hpp) read through a connection
// reserved for each of them, so an inline read never queues behind the pool.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "core/event_loop.hpp"
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

// One reader per event-loop thread, created on its first read and kept for the next. A
// thread's reader is out while one of its reads is open; a nested read then uses the pool.
class LoopReaders final {
 public:
  using Factory = std::function<std::unique_ptr<SqliteConnection>()>;
  explicit LoopReaders(Factory factory) : factory_(std::move(factory)) {}

  // The calling thread's reader, or null when it is already out.
  std::unique_ptr<SqliteConnection> take() {
    {
      std::lock_guard lock(mutex_);
      auto [slot, fresh] = idle_.try_emplace(std::this_thread::get_id());
      if (!fresh) return std::move(slot->second);  // null while out
    }
    try {
      return factory_();  // the slot stays null (out) until give_back()
    } catch (...) {
      std::lock_guard lock(mutex_);
      idle_.erase(std::this_thread::get_id());
      throw;
    }
  }

  // `owner`: the thread that took it (a transaction may end on another thread).
  void give_back(std::thread::id owner, std::unique_ptr<SqliteConnection> connection, bool healthy) {
    std::lock_guard lock(mutex_);
    if (healthy) {
      idle_[owner] = std::move(connection);
    } else {
      idle_.erase(owner);  // the next read opens a fresh one
    }
  }

 private:
  Factory factory_;
  std::mutex mutex_;
  std::unordered_map<std::thread::id, std::unique_ptr<SqliteConnection>> idle_;  // guarded by mutex_
};

// Ends a read transaction and returns the reader to where it came from.
class ReaderControl final : public Transaction::Control {
 public:
  ReaderControl(std::unique_ptr<SqliteConnection> connection, ConnectionPool<SqliteConnection>& pool,
                LoopReaders* loop_readers)
      : connection_(std::move(connection)),
        pool_(pool),
        loop_readers_(loop_readers),
        session_(std::make_shared<GuardedSession>(*connection_)) {}
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
    if (loop_readers_ != nullptr) {
      loop_readers_->give_back(owner_, std::move(connection_), healthy);
    } else {
      pool_.release(std::move(connection_), healthy);
    }
  }

  std::unique_ptr<SqliteConnection> connection_;
  ConnectionPool<SqliteConnection>& pool_;
  LoopReaders* loop_readers_;  // set when the connection is an event-loop thread's own
  std::thread::id owner_ = std::this_thread::get_id();  // whose loop reader it is
  std::shared_ptr<GuardedSession> session_;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(const OpenOptions& options)
      : settings_(settings_for(options)),
        acquire_timeout_(options.acquire_timeout_ms),
        writer_(std::make_unique<SqliteConnection>(settings_), acquire_timeout_, SqliteWriter::Limits{}),
        readers_(options.pool_size, [this] { return open_reader(); }),
        loop_readers_([this] { return open_reader(); }) {}

  Engine engine() const override { return Engine::kSqlite; }

  Transaction begin() override {
    // Writes wait for the single writer (and for fsync): never on a thread serving connections.
    if (on_event_loop_thread()) throw std::logic_error("sqlite: write transaction started on an event-loop thread");
    return writer_.begin();
  }

  Transaction read() override {
    auto control = reader_control();
    control->start();
    auto session = control->session();
    return Transaction(std::move(session), std::move(control));
  }

  Transaction read_single() override {
    auto control = reader_control();
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
  std::unique_ptr<SqliteConnection> open_reader() const {
    auto reader_settings = settings_;
    reader_settings.read_only = true;
    return std::make_unique<SqliteConnection>(reader_settings);
  }

  std::unique_ptr<ReaderControl> reader_control() {
    if (on_event_loop_thread()) {
      if (auto own = loop_readers_.take()) return std::make_unique<ReaderControl>(std::move(own), readers_, &loop_readers_);
    }
    return std::make_unique<ReaderControl>(readers_.acquire(acquire_timeout_), readers_, nullptr);
  }

  SqliteConnection::Settings settings_;
  std::chrono::milliseconds acquire_timeout_;
  // Declared before the readers: a memdb database lives as long as the writer.
  SqliteWriter writer_;
  ConnectionPool<SqliteConnection> readers_;
  LoopReaders loop_readers_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const OpenOptions& options) {
  return std::make_unique<SqliteDatabase>(options);
}

}  // namespace soom::db
