#pragma once
// The Session a Transaction hands out. It forwards to the engine connection
// while the transaction is open and refuses use afterwards. After a failed
// statement it refuses further statements on both engines: PostgreSQL aborts the
// transaction anyway, and making SQLite behave the same keeps code written
// against the default engine correct on the other one.
#include <stdexcept>
#include <string_view>

#include "db/db.hpp"

namespace soom::db {

class GuardedSession final : public Session {
 public:
  explicit GuardedSession(Session& connection) : connection_(connection) {}

  // read_single(): the session runs in autocommit, so a second statement would see a
  // different snapshot than the first; refuse it instead of returning inconsistent data.
  void limit_to_one_statement() { statements_left_ = 1; }

  QueryResult query(std::string_view sql, const Params& params) override {
    check_usable();
    if (statements_left_ == 0) {
      throw std::logic_error("read_single(): a second statement needs read() for one snapshot");
    }
    if (statements_left_ > 0) --statements_left_;
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
  int statements_left_ = -1;  // -1: unlimited
};

}  // namespace soom::db
