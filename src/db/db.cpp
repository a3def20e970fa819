#include "db/db.hpp"

#include <regex>
#include <string>

#include "db/engines.hpp"

namespace soom::db {

Transaction::Transaction(std::shared_ptr<Session> session, std::unique_ptr<Control> control)
    : session_(std::move(session)), control_(std::move(control)) {}

Transaction::Transaction(Transaction&& other) noexcept
    : session_(std::move(other.session_)), control_(std::move(other.control_)), done_(other.done_) {
  other.done_ = true;
}

Transaction::~Transaction() {
  if (control_ && !done_) control_->rollback();
}

void Transaction::commit() {
  if (!control_ || done_) throw DbError(DbError::Kind::kOther, "transaction already finished");
  done_ = true;
  try {
    control_->commit();
  } catch (...) {
    // A failed COMMIT must still give the connection (and SQLite's writer lock) back.
    control_->rollback();
    throw;
  }
}

std::string redact_url(std::string_view url) {
  std::string text(url);
  // scheme://user:password@host  and  ?password=…  /  &password=…
  static const std::regex kUserInfo(R"(^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/?#@]*):[^@/?#]*@)");
  static const std::regex kQueryPassword(R"(([?&]password=)[^&]*)", std::regex::icase);
  text = std::regex_replace(text, kUserInfo, "$1:***@");
  return std::regex_replace(text, kQueryPassword, "$1***");
}

std::unique_ptr<Database> open_database(const OpenOptions& options) {
  const std::string_view url = options.url;
  if (url.starts_with("sqlite:")) return open_sqlite(options);
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return open_postgres(options);
  throw DbError(DbError::Kind::kOther,
                "unsupported database URL '" + redact_url(url) + "' (want sqlite:… or postgresql://…)");
}

}  // namespace soom::db
