#include <charconv>
#include <string>

#include "db/db.hpp"

namespace soom::db {
namespace {

[[noreturn]] void throw_conversion(std::size_t i, const std::string& text, const char* type) {
  // The value itself is left out: cells may hold health data that must not reach logs.
  throw DbError(DbError::Kind::kOther, "column " + std::to_string(i) + " is not " + type + " (" +
                                           std::to_string(text.size()) + " bytes of text)");
}

[[noreturn]] void throw_null(std::size_t i) {
  throw DbError(DbError::Kind::kOther, "column " + std::to_string(i) + " is NULL");
}

std::int64_t parse_int(std::size_t i, const std::string& text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) throw_conversion(i, text, "an integer");
  return value;
}

double parse_double(std::size_t i, const std::string& text) {
  // PostgreSQL spells the special values "Infinity"/"-Infinity"/"NaN", which
  // from_chars accepts case-insensitively.
  double value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) throw_conversion(i, text, "a number");
  return value;
}

bool parse_bool(std::size_t i, const std::string& text) {
  // SQLite stores booleans as 0/1; PostgreSQL prints them as t/f.
  if (text == "1" || text == "t" || text == "true") return true;
  if (text == "0" || text == "f" || text == "false") return false;
  throw_conversion(i, text, "a boolean");
}

}  // namespace

const std::string& Row::get_text(std::size_t i) const {
  const auto& cell = cells_.at(i);
  if (!cell) throw_null(i);
  return *cell;
}

std::int64_t Row::get_int(std::size_t i) const { return parse_int(i, get_text(i)); }
double Row::get_double(std::size_t i) const { return parse_double(i, get_text(i)); }
bool Row::get_bool(std::size_t i) const { return parse_bool(i, get_text(i)); }

std::optional<std::int64_t> Row::opt_int(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_int(i);
}

std::optional<double> Row::opt_double(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_double(i);
}

std::optional<std::string> Row::opt_text(std::size_t i) const { return cells_.at(i); }

std::optional<bool> Row::opt_bool(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_bool(i);
}

}  // namespace soom::db
