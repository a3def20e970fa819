#pragma once
// The database seam: one interface, two engines (SQLite embedded default,
// PostgreSQL for scale-out). Repositories write portable SQL with $1, $2 …
// placeholders; the SQLite engine rewrites them. Parameterized queries only.
//
// Portable SQL rules (see docs/database.md): instants are BIGINT unix milliseconds,
// booleans are bound as bool and read with get_bool, ids are TEXT (uuid on PG),
// upserts use INSERT … ON CONFLICT, RETURNING is allowed on both engines.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace soom::db {

enum class Engine { kSqlite, kPostgres };

struct Null final {};
using Value = std::variant<Null, std::int64_t, double, bool, std::string>;

// Thrown only for infrastructure failures (connection lost, syntax error = bug).
// Constraint violations are reported as DbError with kind kUniqueViolation etc.
class DbError final : public std::runtime_error {
 public:
  enum class Kind { kUniqueViolation, kForeignKeyViolation, kCheckViolation, kSerialization, kBusy, kOther };
  DbError(Kind kind, const std::string& what, std::string constraint = {})
      : std::runtime_error(what), kind_(kind), constraint_(std::move(constraint)) {}
  Kind kind() const { return kind_; }
  // Name of the violated constraint/index when the engine reports it (may be empty).
  const std::string& constraint() const { return constraint_; }

 private:
  Kind kind_;
  std::string constraint_;
};

// One result row, values already copied out of the engine.
class Row final {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const { return !cells_.at(i).has_value(); }
  std::int64_t get_int(std::size_t i) const;
  double get_double(std::size_t i) const;
  bool get_bool(std::size_t i) const;  // accepts 0/1 and t/f
  const std::string& get_text(std::size_t i) const;
  std::optional<std::int64_t> opt_int(std::size_t i) const;
  std::optional<double> opt_double(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const;
  std::optional<bool> opt_bool(std::size_t i) const;

 private:
  std::vector<std::optional<std::string>> cells_;  // text form of every value
};

struct QueryResult final {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
  bool empty() const { return rows.empty(); }
};

using Params = std::vector<Value>;

// A live connection, possibly inside a transaction. Not thread-safe.
class Session {
 public:
  virtual ~Session() = default;
  virtual QueryResult query(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  virtual Engine engine() const = 0;
};

// RAII transaction: rolls back unless commit() was called.
class Transaction final {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Session& session() { return *session_; }
  QueryResult query(std::string_view sql, const Params& params = {}) { return session_->query(sql, params); }
  void commit();
  Engine engine() const { return session_->engine(); }

  // Engine-provided: how to end it. Not for repositories.
  struct Control {
    virtual ~Control() = default;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
  };
  Transaction(std::shared_ptr<Session> session, std::unique_ptr<Control> control);

 private:
  std::shared_ptr<Session> session_;
  std::unique_ptr<Control> control_;
  bool done_ = false;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Engine engine() const = 0;
  // A write transaction (SQLite: BEGIN IMMEDIATE on the single writer; PG: pooled connection).
  virtual Transaction begin() = 0;
  // A read-only transaction with a consistent snapshot (SQLite: a reader connection).
  virtual Transaction read() = 0;
  // For a read that is exactly ONE statement: no BEGIN/COMMIT around it (a single statement
  // is its own snapshot on both engines), which saves two round trips on PostgreSQL and two
  // statements on SQLite for the hottest lookups. A second statement throws (a bug).
  virtual Transaction read_single() = 0;
  // Cheap liveness probe for /readyz.
  virtual bool ping() = 0;
  struct PoolStats {
    int size = 0;
    int in_use = 0;
  };
  virtual PoolStats pool_stats() const = 0;
};

struct OpenOptions final {
  std::string url;  // "sqlite:path" | "sqlite::memory:" | "postgresql://…" | "postgres://…"
  int pool_size = 8;
  int busy_timeout_ms = 5000;
  // How long begin()/read() wait for a free connection before throwing kBusy.
  int acquire_timeout_ms = 10'000;
};

// Opens the engine named by the URL. Throws DbError when it cannot connect.
std::unique_ptr<Database> open_database(const OpenOptions& options);

// Rewrites $1..$N placeholders to SQLite's ?1..?N, leaving string literals,
// quoted identifiers and comments alone.
std::string rewrite_placeholders_for_sqlite(std::string_view sql);

// "$first, $first+1, …": the placeholders of an IN list of `count` parameters.
std::string placeholder_list(std::size_t first, std::size_t count);

}  // namespace soom::db
