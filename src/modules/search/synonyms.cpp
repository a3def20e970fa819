// The synonym table (search_synonyms): seeded from content/synonyms.tsv once, owned by
// editors afterwards. Terms are stored normalized (NFKC + case folding) so lookups match
// the analyzer; a term belongs to at most one group (primary key).
#include <chrono>
#include <map>

#include "db/db.hpp"
#include "modules/search/search.hpp"

namespace soom::search {
namespace {

constexpr std::size_t kMaxTermCodepoints = 40;

// Every process compares this with the version its synonyms were loaded at (database_index.cpp).
void bump_version(db::Transaction& tx) {
  tx.query("UPDATE search_state SET synonyms_version = synonyms_version + 1 WHERE id = 1");
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::string> normalize_term(const std::string& term) {
  auto n = normalize(term);
  if (!n) return Error::validation("term", "invalid_encoding", "UTF-8이 아닌 용어입니다.");
  std::string t = *n;
  const auto first = t.find_first_not_of(' ');
  if (first == std::string::npos) return Error::validation("term", "required", "용어를 입력하세요.");
  t = t.substr(first, t.find_last_not_of(' ') - first + 1);
  if (codepoint_count(t) > kMaxTermCodepoints || t.find_first_of("\t\r\n") != std::string::npos) {
    return Error::validation("term", "invalid", "용어는 40자 이하의 한 줄이어야 합니다.");
  }
  return t;
}

}  // namespace

std::vector<SynonymGroup> parse_synonyms_tsv(std::string_view text) {
  std::vector<SynonymGroup> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    SynonymGroup group;
    group.id = "g" + std::to_string(out.size() + 1);
    std::size_t at = 0;
    while (at <= line.size()) {
      const std::size_t tab = std::min(line.find('\t', at), line.size());
      if (tab > at) group.terms.emplace_back(line.substr(at, tab - at));
      at = tab + 1;
    }
    if (group.terms.size() >= 2) out.push_back(std::move(group));
  }
  return out;
}

Result<int> seed_synonyms_if_empty(db::Database& db, const std::vector<SynonymGroup>& groups) {
  auto tx = db.begin();
  if (tx.query("SELECT COUNT(*) FROM search_synonyms").rows.at(0).get_int(0) > 0) return 0;
  int written = 0;
  for (const auto& group : groups) {
    std::int64_t position = 0;
    for (const auto& term : group.terms) {
      auto t = normalize_term(term);
      if (!t) return std::move(t).error();
      const auto r = tx.query(
          "INSERT INTO search_synonyms (term, group_id, position, created_at) VALUES ($1, $2, $3, $4) "
          "ON CONFLICT (term) DO NOTHING",
          {*t, group.id, position++, now_ms()});
      written += r.affected > 0 ? 1 : 0;
    }
  }
  if (written > 0) bump_version(tx);
  tx.commit();
  return written;
}

Result<std::vector<SynonymGroup>> list_synonyms(db::Database& db) {
  auto tx = db.read();
  const auto rows = tx.query("SELECT group_id, term FROM search_synonyms ORDER BY group_id, position, term");
  std::vector<SynonymGroup> out;
  for (const auto& r : rows.rows) {
    if (out.empty() || out.back().id != r.get_text(0)) out.push_back({r.get_text(0), {}});
    out.back().terms.push_back(r.get_text(1));
  }
  return out;
}

Status add_synonym(db::Database& db, const std::string& group_id, const std::string& term) {
  if (group_id.empty() || group_id.size() > 64) return Error::validation("group_id", "invalid", "그룹 id가 올바르지 않습니다.");
  auto t = normalize_term(term);
  if (!t) return std::move(t).error();
  auto tx = db.begin();
  const auto existing = tx.query("SELECT group_id FROM search_synonyms WHERE term = $1", {*t});
  if (!existing.empty()) {
    if (existing.rows[0].get_text(0) == group_id) return {};  // idempotent
    return Error::conflict("이미 다른 동의어 그룹에 있는 용어입니다.");
  }
  const auto next = tx.query("SELECT COALESCE(MAX(position) + 1, 0) FROM search_synonyms WHERE group_id = $1", {group_id})
                        .rows.at(0)
                        .get_int(0);
  tx.query("INSERT INTO search_synonyms (term, group_id, position, created_at) VALUES ($1, $2, $3, $4)",
           {*t, group_id, next, now_ms()});
  bump_version(tx);
  tx.commit();
  return {};
}

Status remove_synonym(db::Database& db, const std::string& term) {
  auto t = normalize_term(term);
  if (!t) return std::move(t).error();
  auto tx = db.begin();
  if (tx.query("DELETE FROM search_synonyms WHERE term = $1", {*t}).affected > 0) bump_version(tx);
  tx.commit();
  return {};
}

}  // namespace soom::search
