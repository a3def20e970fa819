#pragma once
// One sqlite3 connection with its prepared-statement cache. Used by a single
// thread at a time (the writer mutex or a reader-pool lease guarantees that).
#include <memory>
#include <string>
#include <string_view>

#include "db/db.hpp"
#include "db/statement_cache.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace soom::db {

class SqliteConnection final : public Session {
 public:
  struct Settings final {
    std::string filename;     // a path, or a "file:" URI when `uri` is set
    bool uri = false;
    bool wal = true;          // false for in-memory databases, which cannot use WAL
    bool read_only = false;   // reader connections: PRAGMA query_only
    int busy_timeout_ms = 5000;
  };

  explicit SqliteConnection(const Settings& settings);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  QueryResult query(std::string_view sql, const Params& params) override;
  void execute_script(std::string_view sql) override;
  Engine engine() const override { return Engine::kSqlite; }

  // True while a transaction is open (SQLite may end one by itself after some errors).
  bool in_transaction() const;

 private:
  struct StatementDeleter final {
    void operator()(sqlite3_stmt* statement) const;
  };
  struct CachedStatement final {
    std::unique_ptr<sqlite3_stmt, StatementDeleter> statement;
    bool counts_changes = false;  // INSERT/UPDATE/DELETE: sqlite3_changes() is meaningful
  };

  CachedStatement& prepare(std::string_view sql);
  void set_pragma(const std::string& pragma);

  sqlite3* db_ = nullptr;
  StatementCache<CachedStatement> cache_;
};

// Maps an SQLite result code to a DbError (constraint kinds, busy, other).
DbError sqlite_error(sqlite3* db, int code, std::string_view context);

}  // namespace soom::db
