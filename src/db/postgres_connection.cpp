#include "db/postgres_connection.hpp"

#include <libpq-fe.h>

#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <vector>

#include "db/engines.hpp"

namespace soom::db {
namespace {

constexpr std::size_t kMaxSqlInMessages = 200;

std::string abbreviated(std::string_view sql) {
  if (sql.size() <= kMaxSqlInMessages) return std::string(sql);
  return std::string(sql.substr(0, kMaxSqlInMessages)) + "…";
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

DbError::Kind kind_for(std::string_view sqlstate) {
  if (sqlstate == "23505") return DbError::Kind::kUniqueViolation;
  if (sqlstate == "23503") return DbError::Kind::kForeignKeyViolation;
  if (sqlstate == "23514") return DbError::Kind::kCheckViolation;
  if (sqlstate == "40001" || sqlstate == "40P01") return DbError::Kind::kSerialization;
  if (sqlstate == "55P03") return DbError::Kind::kBusy;  // lock_not_available (lock_timeout)
  return DbError::Kind::kOther;
}

void ignore_notice(void*, const char*) {}

std::string format_double(double value) {
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), end);
}

// Text-format parameters; nullopt is SQL NULL.
std::optional<std::string> to_text(const Value& value) {
  struct Formatter {
    std::optional<std::string> operator()(const Null&) const { return std::nullopt; }
    std::optional<std::string> operator()(std::int64_t v) const { return std::to_string(v); }
    std::optional<std::string> operator()(double v) const { return format_double(v); }
    std::optional<std::string> operator()(bool v) const { return std::string(v ? "true" : "false"); }
    std::optional<std::string> operator()(const std::string& v) const { return v; }
  };
  return std::visit(Formatter{}, value);
}

bool changes_rows(const char* tag) {
  for (const char* verb : {"INSERT", "UPDATE", "DELETE", "MERGE"}) {
    if (std::strncmp(tag, verb, std::strlen(verb)) == 0) return true;
  }
  return false;
}

}  // namespace

void PostgresConnection::ResultDeleter::operator()(pg_result* result) const { PQclear(result); }

PostgresConnection::PostgresConnection(std::string url) : url_(std::move(url)) { connect(); }

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

void PostgresConnection::connect() {
  // Defaults first: keywords after an expanded "dbname" URL override it, those before do not.
  const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname", "client_encoding", nullptr};
  const char* values[] = {"10", "soomcare", url_.c_str(), "UTF8", nullptr};
  PQfinish(conn_);
  conn_ = PQconnectdbParams(keys, values, 1);
  if (conn_ == nullptr) throw DbError(DbError::Kind::kOther, "out of memory creating a PostgreSQL connection");
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string reason = trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);  // a throwing constructor runs no destructor
    conn_ = nullptr;
    throw DbError(DbError::Kind::kOther, "cannot connect to PostgreSQL at " + redact_url(url_) + ": " + reason);
  }
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);  // "already exists, skipping" is not news
  statements_.clear();
}

bool PostgresConnection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

bool PostgresConnection::in_transaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

bool PostgresConnection::reusable() const { return !broken() && PQtransactionStatus(conn_) == PQTRANS_IDLE; }

void PostgresConnection::reconnect() {
  statements_.clear();
  connect();
}

PostgresConnection::ResultPtr PostgresConnection::check(ResultPtr result, std::string_view sql) const {
  const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;

  if (broken()) {
    throw DbError(DbError::Kind::kOther,
                  "connection to PostgreSQL lost: " + trimmed(PQerrorMessage(conn_)) + " in: " + abbreviated(sql));
  }
  if (!result) throw DbError(DbError::Kind::kOther, trimmed(PQerrorMessage(conn_)));
  const char* sqlstate = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
  // The primary message only: DETAIL repeats the offending values, which may be
  // health data and must not end up in logs.
  const char* primary = PQresultErrorField(result.get(), PG_DIAG_MESSAGE_PRIMARY);
  const char* constraint = PQresultErrorField(result.get(), PG_DIAG_CONSTRAINT_NAME);
  const std::string state = sqlstate != nullptr ? sqlstate : "?????";
  throw DbError(kind_for(state),
                "PostgreSQL error " + state + " (" + (primary != nullptr ? primary : "unknown") +
                    ") in: " + abbreviated(sql),
                constraint != nullptr ? constraint : "");
}

const std::string& PostgresConnection::prepare(std::string_view sql) {
  const std::string key(sql);
  if (const auto* name = statements_.find(key)) return *name;
  std::string name = "soom_" + std::to_string(next_statement_++);
  check(ResultPtr(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr)), sql);
  if (auto evicted = statements_.insert(key, std::move(name))) {
    // Best effort: a failure only leaves an unused statement until reconnect.
    ResultPtr(PQexec(conn_, ("DEALLOCATE " + evicted->second).c_str()));
  }
  return *statements_.find(key);
}

QueryResult PostgresConnection::query(std::string_view sql, const Params& params) {
  const std::string& name = prepare(sql);

  std::vector<std::optional<std::string>> texts;
  texts.reserve(params.size());
  for (const auto& value : params) texts.push_back(to_text(value));
  std::vector<const char*> values;
  values.reserve(texts.size());
  for (const auto& text : texts) values.push_back(text ? text->c_str() : nullptr);

  auto result = check(ResultPtr(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(),
                                               nullptr, nullptr, 0)),
                      sql);
  pg_result* raw = result.get();
  QueryResult out;
  const int columns = PQnfields(raw);
  const int rows = PQntuples(raw);
  out.columns.reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) out.columns.emplace_back(PQfname(raw, c));
  out.rows.reserve(static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(raw, r, c)) {
        cells.emplace_back(std::nullopt);
      } else {
        cells.emplace_back(std::string(PQgetvalue(raw, r, c), static_cast<std::size_t>(PQgetlength(raw, r, c))));
      }
    }
    out.rows.emplace_back(std::move(cells));
  }
  // PQcmdTuples also counts SELECTed rows; `affected` is about changed rows only.
  if (changes_rows(PQcmdStatus(raw))) {
    const char* tuples = PQcmdTuples(raw);
    std::from_chars(tuples, tuples + std::strlen(tuples), out.affected);
  }
  return out;
}

void PostgresConnection::execute_script(std::string_view sql) { command(sql); }

std::string PostgresConnection::command(std::string_view sql) {
  const std::string text(sql);
  auto result = check(ResultPtr(PQexec(conn_, text.c_str())), sql);
  return PQcmdStatus(result.get());
}

}  // namespace soom::db
