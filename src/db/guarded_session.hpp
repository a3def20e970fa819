#pragma once
// The Session a Transaction hands out. It forwards to the engine connection
// while the transaction is open and refuses use afterwards. After a failed
// statement it refuses further statements on both engines: PostgreSQL aborts the
// transaction anyway, and making SQLite behave the same keeps code written
// against the default engine correct on the other one.
#include <string_view>

#include "db/db.hpp"

namespace soom::db {

class GuardedSession final : public Session {
 public:
  explicit GuardedSession(Session& connection) : connection_(connection) {}

  QueryResult query(std::string_view sql, const Params& params) override {
    check_usable();
    try {
      return connection_.query(sql, params);
    } catch (...) {
      aborted_ = true;
      throw;
    }
  }

  void execute_script(std::string_view sql) override {
    check_usable();
    try {
      connection_.execute_script(sql);
    } catch (...) {
      aborted_ = true;
      throw;
    }
  }

  Engine engine() const override { return connection_.engine(); }

  bool aborted() const { return aborted_; }
  void finish() { finished_ = true; }

 private:
  void check_usable() const {
    if (finished_) throw DbError(DbError::Kind::kOther, "transaction already finished");
    if (aborted_) {
      throw DbError(DbError::Kind::kOther,
                    "current transaction is aborted after an earlier error; roll it back");
    }
  }

  Session& connection_;
  bool finished_ = false;
  bool aborted_ = false;
};

}  // namespace soom::db
