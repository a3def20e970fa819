// PostgreSQL engine: a bounded pool of libpq connections. Write transactions
// run at READ COMMITTED; read() gets a REPEATABLE READ, READ ONLY snapshot.
#include <algorithm>
#include <chrono>

#include "db/connection_pool.hpp"
#include "db/engines.hpp"
#include "db/guarded_session.hpp"
#include "db/postgres_connection.hpp"

namespace soom::db {
namespace {

constexpr std::string_view kBeginWrite = "BEGIN";
// The trailing SELECT pins the snapshot at read() time (REPEATABLE READ takes
// it at the first statement), in the same round trip.
constexpr std::string_view kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT 1";
constexpr auto kPingAcquireTimeout = std::chrono::milliseconds(2000);

using Pool = ConnectionPool<PostgresConnection>;

// Runs the first command on a leased connection, reconnecting once if the
// server dropped it while idle (nothing has happened yet, so a retry is safe).
void run_first(PostgresConnection& connection, std::string_view sql) {
  if (connection.broken()) connection.reconnect();
  try {
    connection.command(sql);
  } catch (const DbError&) {
    if (!connection.broken()) throw;
    connection.reconnect();
    connection.command(sql);
  }
}

class PooledControl final : public Transaction::Control {
 public:
  PooledControl(std::unique_ptr<PostgresConnection> connection, Pool& pool)
      : connection_(std::move(connection)), pool_(pool), session_(std::make_shared<GuardedSession>(*connection_)) {}
  ~PooledControl() override { rollback(); }

  void start(std::string_view begin_sql) { run_first(*connection_, begin_sql); }
  // Autocommit for one statement: nothing to begin, and a connection the server dropped
  // while idle is replaced before the statement is sent.
  void start_single() {
    if (connection_->broken()) connection_->reconnect();
    session_->limit_to_one_statement();
    single_ = true;
  }
  std::shared_ptr<Session> session() const { return session_; }

  void commit() override {
    if (session_->aborted()) {
      throw DbError(DbError::Kind::kOther, "transaction aborted by an earlier error; it was rolled back");
    }
    if (single_) {  // read_single(): the statement committed itself
      release();
      return;
    }
    // COMMIT of a transaction the server already aborted "succeeds" as ROLLBACK.
    if (connection_->command("COMMIT") == "ROLLBACK") {
      throw DbError(DbError::Kind::kOther, "the server rolled the transaction back instead of committing");
    }
    release();
  }

  void rollback() noexcept override {
    if (!connection_) return;
    if (!connection_->broken() && connection_->in_transaction()) {
      try {
        connection_->command("ROLLBACK");
      } catch (...) {  // NOLINT(bugprone-empty-catch): release() discards the connection
      }
    }
    release();
  }

 private:
  void release() {
    session_->finish();
    const bool reusable = connection_->reusable();
    pool_.release(std::move(connection_), reusable);
  }

  std::unique_ptr<PostgresConnection> connection_;
  Pool& pool_;
  std::shared_ptr<GuardedSession> session_;
  bool single_ = false;
};

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(const OpenOptions& options)
      : acquire_timeout_(options.acquire_timeout_ms),
        pool_(options.pool_size, [url = options.url] { return std::make_unique<PostgresConnection>(url); }) {
    // Connect once now so a bad URL or a down server fails at startup.
    pool_.adopt(std::make_unique<PostgresConnection>(options.url));
  }

  Engine engine() const override { return Engine::kPostgres; }
  Transaction begin() override { return start(kBeginWrite); }
  Transaction read() override { return start(kBeginRead); }
  Transaction read_single() override {
    auto control = std::make_unique<PooledControl>(pool_.acquire(acquire_timeout_), pool_);
    control->start_single();
    auto session = control->session();
    return Transaction(std::move(session), std::move(control));
  }

  bool ping() override {
    try {
      auto connection = pool_.acquire(std::min(kPingAcquireTimeout, acquire_timeout_));
      bool alive = false;
      try {
        run_first(*connection, "SELECT 1");
        alive = true;
      } catch (const DbError&) {
        alive = false;
      }
      const bool reusable = connection->reusable();
      pool_.release(std::move(connection), reusable);
      return alive;
    } catch (const DbError&) {
      return false;
    }
  }

  PoolStats pool_stats() const override { return PoolStats{pool_.capacity(), pool_.in_use()}; }

 private:
  Transaction start(std::string_view begin_sql) {
    auto control = std::make_unique<PooledControl>(pool_.acquire(acquire_timeout_), pool_);
    control->start(begin_sql);
    auto session = control->session();
    return Transaction(std::move(session), std::move(control));
  }

  std::chrono::milliseconds acquire_timeout_;
  Pool pool_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const OpenOptions& options) {
  return std::make_unique<PostgresDatabase>(options);
}

}  // namespace soom::db
