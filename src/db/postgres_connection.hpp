#pragma once
// One libpq connection with its prepared-statement cache. Used by a single
// thread at a time (a pool lease guarantees that).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "db/db.hpp"
#include "db/statement_cache.hpp"

struct pg_conn;
struct pg_result;

namespace soom::db {

class PostgresConnection final : public Session {
 public:
  // Connects or throws DbError (kOther) with a message free of passwords.
  explicit PostgresConnection(std::string url);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  QueryResult query(std::string_view sql, const Params& params) override;
  void execute_script(std::string_view sql) override;
  Engine engine() const override { return Engine::kPostgres; }

  // Runs a parameterless command and returns its command tag ("COMMIT", "ROLLBACK", …).
  std::string command(std::string_view sql);
  // The socket is gone (server restart, idle kill); reconnect() may revive it.
  bool broken() const;
  // Idle and connected: safe to hand to the next user.
  bool reusable() const;
  bool in_transaction() const;
  // Re-establishes the session; prepared statements are lost with it.
  void reconnect();

 private:
  struct ResultDeleter final {
    void operator()(pg_result* result) const;
  };
  using ResultPtr = std::unique_ptr<pg_result, ResultDeleter>;

  void connect();
  const std::string& prepare(std::string_view sql);
  ResultPtr check(ResultPtr result, std::string_view sql) const;

  std::string url_;
  pg_conn* conn_ = nullptr;
  StatementCache<std::string> statements_;  // SQL text -> server-side statement name
  std::uint64_t next_statement_ = 0;
};

}  // namespace soom::db
