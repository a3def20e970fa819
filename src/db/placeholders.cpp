#include <cctype>
#include <string>

#include "db/db.hpp"

namespace soom::db {
namespace {

// Index just past a quoted run starting at `start` (which holds the quote).
// A doubled quote inside ('it''s', "a""b") simply closes and reopens the run.
std::size_t skip_quoted(std::string_view sql, std::size_t start, char quote) {
  const auto close = sql.find(quote, start + 1);
  return close == std::string_view::npos ? sql.size() : close + 1;
}

std::size_t skip_line_comment(std::string_view sql, std::size_t start) {
  const auto newline = sql.find('\n', start);
  return newline == std::string_view::npos ? sql.size() : newline + 1;
}

std::size_t skip_block_comment(std::string_view sql, std::size_t start) {
  const auto close = sql.find("*/", start + 2);
  return close == std::string_view::npos ? sql.size() : close + 2;
}

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// PostgreSQL allows '$' inside identifiers (price$1); only a '$' that starts a
// token is a placeholder.
bool continues_identifier(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$'; }

}  // namespace

std::string rewrite_placeholders_for_sqlite(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    std::size_t next = i + 1;
    if (c == '\'' || c == '"') {
      next = skip_quoted(sql, i, c);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      next = skip_line_comment(sql, i);
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      next = skip_block_comment(sql, i);
    } else if (c == '$' && i + 1 < sql.size() && is_digit(sql[i + 1]) &&
               (i == 0 || !continues_identifier(sql[i - 1]))) {
      // $N -> ?N keeps the number, so a parameter used twice binds once.
      out.push_back('?');
      ++i;
      continue;
    }
    out.append(sql.substr(i, next - i));
    i = next;
  }
  return out;
}

std::string placeholder_list(std::size_t first, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += (i > 0 ? ", $" : "$") + std::to_string(first + i);
  return out;
}

}  // namespace soom::db
