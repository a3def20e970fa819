#include "db/sqlite_connection.hpp"

#include <sqlite3.h>

#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

namespace soom::db {
namespace {

constexpr std::size_t kMaxSqlInMessages = 200;

std::string abbreviated(std::string_view sql) {
  if (sql.size() <= kMaxSqlInMessages) return std::string(sql);
  return std::string(sql.substr(0, kMaxSqlInMessages)) + "…";
}

// "UNIQUE constraint failed: users.email, users.org" -> "users.email, users.org".
std::string constraint_from_message(std::string_view message) {
  const auto colon = message.find(": ");
  return colon == std::string_view::npos ? std::string() : std::string(message.substr(colon + 2));
}

DbError::Kind kind_for(int code) {
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return DbError::Kind::kUniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DbError::Kind::kForeignKeyViolation;
    case SQLITE_CONSTRAINT_CHECK:
      return DbError::Kind::kCheckViolation;
    default:
      break;
  }
  const int primary = code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return DbError::Kind::kBusy;
  return DbError::Kind::kOther;
}

// The first keyword of a statement, upper-cased, after whitespace and comments.
std::string leading_keyword(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      const auto end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      const auto end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i]))));
    ++i;
  }
  return word;
}

bool changes_rows(std::string_view sql) {
  const auto keyword = leading_keyword(sql);
  return keyword == "INSERT" || keyword == "UPDATE" || keyword == "DELETE" || keyword == "REPLACE" ||
         keyword == "WITH";
}

// Shortest text that parses back to the same double (SQLite's own text
// conversion keeps only 15 digits).
std::string format_double(double value) {
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), end);
}

std::optional<std::string> read_cell(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_NULL:
      return std::nullopt;
    case SQLITE_INTEGER:
      return std::to_string(sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT:
      return format_double(sqlite3_column_double(statement, column));
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      const int size = sqlite3_column_bytes(statement, column);
      return text == nullptr ? std::string() : std::string(text, static_cast<std::size_t>(size));
    }
  }
}

int bind_value(sqlite3_stmt* statement, int index, const Value& value) {
  struct Binder {
    sqlite3_stmt* statement;
    int index;
    int operator()(const Null&) const { return sqlite3_bind_null(statement, index); }
    int operator()(std::int64_t v) const { return sqlite3_bind_int64(statement, index, v); }
    int operator()(double v) const { return sqlite3_bind_double(statement, index, v); }
    int operator()(bool v) const { return sqlite3_bind_int(statement, index, v ? 1 : 0); }
    int operator()(const std::string& v) const {
      // SQLITE_STATIC: the caller's Params outlive the statement run, and the
      // bindings are cleared before query() returns.
      return sqlite3_bind_text64(statement, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
    }
  };
  return std::visit(Binder{statement, index}, value);
}

// Resets the statement when a run ends, however it ends, so the cached
// statement holds no read lock and no pointers into the caller's parameters.
class StatementRun final {
 public:
  explicit StatementRun(sqlite3_stmt* statement) : statement_(statement) {}
  ~StatementRun() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  StatementRun(const StatementRun&) = delete;
  StatementRun& operator=(const StatementRun&) = delete;

 private:
  sqlite3_stmt* statement_;
};

}  // namespace

DbError sqlite_error(sqlite3* db, int code, std::string_view context) {
  const std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  const auto kind = kind_for(code);
  std::string constraint;
  if (kind == DbError::Kind::kUniqueViolation || kind == DbError::Kind::kCheckViolation) {
    constraint = constraint_from_message(message);
  }
  return DbError(kind, "SQLite error " + std::to_string(code) + " (" + message + ") in: " + abbreviated(context),
                 std::move(constraint));
}

void SqliteConnection::StatementDeleter::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }

SqliteConnection::SqliteConnection(const Settings& settings) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                    (settings.uri ? SQLITE_OPEN_URI : 0);
  const int rc = sqlite3_open_v2(settings.filename.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw DbError(DbError::Kind::kOther, "cannot open SQLite database '" + settings.filename + "': " + message);
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    set_pragma("busy_timeout = " + std::to_string(settings.busy_timeout_ms));
    if (settings.wal && !settings.read_only) {
      // Persistent in the file; readers then never block the writer or each other.
      const auto mode = query("PRAGMA journal_mode = WAL", {});
      if (mode.rows.empty() || mode.rows[0].get_text(0) != "wal") {
        throw DbError(DbError::Kind::kOther, "SQLite database '" + settings.filename + "' cannot use WAL mode");
      }
    }
    // FULL fsyncs the WAL on every commit: an acknowledged write survives a crash.
    set_pragma("synchronous = FULL");
    set_pragma("foreign_keys = ON");
    if (settings.read_only) set_pragma("query_only = ON");
  } catch (...) {
    cache_.clear();
    sqlite3_close_v2(db_);
    throw;
  }
}

SqliteConnection::~SqliteConnection() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close_v2(db_);
}

void SqliteConnection::set_pragma(const std::string& pragma) { execute_script("PRAGMA " + pragma); }

bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

SqliteConnection::CachedStatement& SqliteConnection::prepare(std::string_view sql) {
  const std::string key(sql);
  if (auto* cached = cache_.find(key)) return *cached;

  const std::string rewritten = rewrite_placeholders_for_sqlite(sql);
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_, rewritten.c_str(), static_cast<int>(rewritten.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  if (rc != SQLITE_OK) throw sqlite_error(db_, rc, sql);
  CachedStatement entry{std::unique_ptr<sqlite3_stmt, StatementDeleter>(raw), false};
  if (raw == nullptr) throw DbError(DbError::Kind::kOther, "empty statement: " + abbreviated(sql));

  // query() runs exactly one statement, like PostgreSQL's extended protocol.
  if (tail != nullptr && *tail != '\0') {
    sqlite3_stmt* extra = nullptr;
    sqlite3_prepare_v2(db_, tail, -1, &extra, nullptr);
    const bool has_more = extra != nullptr;
    sqlite3_finalize(extra);
    if (has_more) throw DbError(DbError::Kind::kOther, "query() takes one statement: " + abbreviated(sql));
  }
  entry.counts_changes = sqlite3_stmt_readonly(raw) == 0 && changes_rows(rewritten);
  cache_.insert(key, std::move(entry));
  return *cache_.find(key);
}

QueryResult SqliteConnection::query(std::string_view sql, const Params& params) {
  auto& cached = prepare(sql);
  sqlite3_stmt* statement = cached.statement.get();
  StatementRun run(statement);

  const int expected = sqlite3_bind_parameter_count(statement);
  if (static_cast<std::size_t>(expected) != params.size()) {
    throw DbError(DbError::Kind::kOther, "statement wants " + std::to_string(expected) + " parameters, got " +
                                             std::to_string(params.size()) + ": " + abbreviated(sql));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int rc = bind_value(statement, static_cast<int>(i + 1), params[i]);
    if (rc != SQLITE_OK) throw sqlite_error(db_, rc, sql);
  }

  QueryResult result;
  const int columns = sqlite3_column_count(statement);
  result.columns.reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) result.columns.emplace_back(sqlite3_column_name(statement, c));

  for (;;) {
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) throw sqlite_error(db_, rc, sql);
    std::vector<std::optional<std::string>> cells;
    cells.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) cells.push_back(read_cell(statement, c));
    result.rows.emplace_back(std::move(cells));
  }
  if (cached.counts_changes) result.affected = sqlite3_changes64(db_);
  return result;
}

void SqliteConnection::execute_script(std::string_view sql) {
  const std::string text(sql);
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);  // sqlite3_errmsg() below carries the same text
  if (rc != SQLITE_OK) throw sqlite_error(db_, sqlite3_extended_errcode(db_), sql);
}

}  // namespace soom::db
