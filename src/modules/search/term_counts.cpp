#include "modules/search/term_counts.hpp"

#include <algorithm>
#include <cstdio>

#include "modules/search/analyzer.hpp"
#include "modules/search/search_sql.hpp"

namespace soom::search::terms {
namespace {

// Bounds one statement's JSON parameter (a full reindex adds a few hundred thousand tokens).
constexpr std::size_t kTokensPerStatement = 5'000;

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

std::vector<std::string> distinct_tokens(const std::string (&fields)[4]) {
  std::vector<std::string> out;
  for (const auto& field : fields) {
    for (auto& word : parse_index_text(field)) std::move(word.begin(), word.end(), std::back_inserter(out));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> document_terms(const std::string (&fields)[4], bool headings) {
  auto out = distinct_tokens(fields);
  if (!headings) return out;
  const std::string heading_fields[4] = {fields[0], fields[1], fields[2], {}};
  for (const auto& t : distinct_tokens(heading_fields)) out.push_back(std::string(kHeadingPrefix) + t);
  std::sort(out.begin(), out.end());
  return out;
}

void count_document(Delta& delta, const std::vector<std::string>& tokens, std::int64_t sign) {
  for (const auto& t : tokens) delta[t] += sign;
  delta[std::string(kDocuments)] += sign;
}

void count_change(Delta& delta, const std::vector<std::string>& before, const std::vector<std::string>& after) {
  std::vector<std::string> lost, gained;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(lost));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(gained));
  for (const auto& t : lost) delta[t] -= 1;
  for (const auto& t : gained) delta[t] += 1;
}

std::string to_json(const Delta& delta) {
  std::string out = "{";
  for (const auto& [token, change] : delta) {
    if (change == 0) continue;
    if (out.size() > 1) out += ',';
    append_json_string(out, token);
    out += ':' + std::to_string(change);
  }
  out += '}';
  return out;
}

void apply(db::Transaction& tx, bool postgres, std::int64_t generation, const Delta& delta) {
  const std::string statement = sql::add_term_counts(postgres);
  Delta chunk;
  const auto flush = [&] {
    if (!chunk.empty()) tx.query(statement, {generation, to_json(chunk)});
    chunk.clear();
  };
  for (const auto& [token, change] : delta) {
    if (change == 0) continue;
    chunk.emplace(token, change);
    if (chunk.size() >= kTokensPerStatement) flush();
  }
  flush();
}

std::map<std::string, double, std::less<>> read(db::Transaction& tx, std::int64_t generation,
                                                const std::vector<std::string>& tokens) {
  std::map<std::string, double, std::less<>> out;
  db::Params params{generation};
  for (const auto& t : tokens) params.emplace_back(t);
  for (const auto& r : tx.query(sql::term_counts(tokens.size()), params).rows) {
    if (r.get_int(1) > 0) out[r.get_text(0)] = static_cast<double>(r.get_int(1));
  }
  return out;
}

}  // namespace soom::search::terms
