#include "db/testing/temp_database.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "core/encoding.hpp"
#include "core/random.hpp"

namespace soom::db::testing {
namespace {

constexpr const char* kPgUrlVariable = "SOOMCARE_TEST_PG_URL";

std::string admin_url() {
  const char* url = std::getenv(kPgUrlVariable);
  if (url == nullptr || *url == '\0') throw std::runtime_error(std::string(kPgUrlVariable) + " is not set");
  return url;
}

std::string percent_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// The admin URL with another database name, as a URI (open_database() picks the
// engine by the "postgresql://" prefix). Every other setting carries over as a
// query parameter, which libpq accepts for any connection keyword.
std::string url_for_database(const std::string& admin, const std::string& database) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(admin.c_str(), &error),
                                                                       &PQconninfoFree);
  if (!options) {
    const std::string message = error != nullptr ? error : "unparsable";
    PQfreemem(error);
    throw std::runtime_error(std::string(kPgUrlVariable) + ": " + message);
  }
  std::string url = "postgresql:///" + database;
  char separator = '?';
  for (const auto* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr || std::string_view(option->keyword) == "dbname") continue;
    url += separator;
    url += option->keyword;
    url += '=';
    url += percent_encode(option->val);
    separator = '&';
  }
  return url;
}

// Runs one administrative command (CREATE/DROP DATABASE cannot run in a transaction).
void admin_command(const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(admin_url().c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    throw std::runtime_error(std::string("cannot connect to ") + kPgUrlVariable + ": " + PQerrorMessage(conn.get()));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    throw std::runtime_error(sql + ": " + PQerrorMessage(conn.get()));
  }
}

}  // namespace

bool postgres_available() {
  const char* url = std::getenv(kPgUrlVariable);
  return url != nullptr && *url != '\0';
}

bool postgres_required() {
  const char* required = std::getenv("SOOMCARE_REQUIRE_PG");
  return required != nullptr && std::string_view(required) == "1";
}

std::string engine_name(Engine engine) { return engine == Engine::kSqlite ? "sqlite" : "postgres"; }

TempDatabase::TempDatabase(Engine engine) : engine_(engine) {
  const auto bytes = random_bytes(8);
  const std::string suffix = hex_encode(std::string(bytes.begin(), bytes.end()));
  if (engine == Engine::kSqlite) {
    const auto directory = std::filesystem::temp_directory_path() / ("soom-db-" + suffix);
    std::filesystem::create_directories(directory);
    directory_ = directory.string();
    url_ = "sqlite:" + (directory / "test.db").string();
    return;
  }
  database_name_ = "soom_t_" + suffix;
  admin_command("CREATE DATABASE " + database_name_);
  url_ = url_for_database(admin_url(), database_name_);
}

TempDatabase::~TempDatabase() {
  try {
    if (!directory_.empty()) std::filesystem::remove_all(directory_);
    // FORCE: a test that leaked a connection must not leak the database too.
    if (!database_name_.empty()) admin_command("DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)");
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): cleanup is best effort
  }
}

}  // namespace soom::db::testing
