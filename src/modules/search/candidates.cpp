// Few matches: the engine returns them all (PostgreSQL) or its best by bm25 (SQLite). Many
// (a word in most posts): scoring every match costs time proportional to the matches, so
// stage 1 takes what the engine finds without scoring them all — the newest matches, the
// newest with the words in a title, tags or summary, and the best-matching articles — and
// stage 2 ranks those.
#include "modules/search/candidates.hpp"

#include <algorithm>
#include <cmath>

namespace soom::search::stage1 {
namespace {

constexpr std::int64_t kCandidates = 300;
// SQLite: up to this many matches, bm25() in FTS5 ranks them all (≈ 3 µs a match).
constexpr double kEngineRankedMatches = 1000;
constexpr std::int64_t kRecentCandidates = 150;
constexpr std::int64_t kHeadingCandidates = 100;
constexpr std::int64_t kArticleCandidates = 60;
// PostgreSQL: the most rows a backward walk may expect to read — each re-reads a tsvector
// (recent) or a small in-row heading_tsv (headings). Sparser matches use the GIN bitmap.
constexpr double kRecentWalkRows = 600;
constexpr double kHeadingWalkRows = 3000;

// Tokens only contain letters, digits and Hangul (analyzer.cpp), so quoting is safe; the
// escaping below is defence in depth.
std::string fts5_or(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    std::string quoted;
    for (const char c : t) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += (out.empty() ? "\"" : " OR \"") + quoted + "\"";
  }
  return out;
}

std::string tsquery_or(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    std::string quoted;
    for (const char c : t) {
      if (c == '\'' || c == '\\') quoted += '\\';
      quoted += c;
    }
    out += (out.empty() ? "'" : " | '") + quoted + "'";
  }
  return out;
}

// Runs `sql` with plain index scans off: the planner is left with bitmap scans, so it ANDs the
// GIN bitmap with the id window instead of re-testing every row of the window (it chose that
// for a window of 2,000 rows: 26 ms against 10 ms). Scoped to this statement.
db::QueryResult with_bitmaps_only(db::Transaction& tx, const std::string& sql, const db::Params& params) {
  tx.query("SELECT set_config('enable_indexscan', 'off', true)");
  auto rows = tx.query(sql, params);
  tx.query("SELECT set_config('enable_indexscan', 'on', true)");
  return rows;
}

class Collector final {
 public:
  void add(const db::QueryResult& rows) {
    for (const auto& r : rows.rows) {
      const std::int64_t id = r.get_int(0);
      if (std::find(ids_.begin(), ids_.end(), id) == ids_.end()) ids_.push_back(id);
    }
  }
  std::vector<std::int64_t> take() { return std::move(ids_); }

 private:
  std::vector<std::int64_t> ids_;
};

}  // namespace

std::vector<std::int64_t> sqlite_ids(db::Transaction& tx, const Request& request) {
  Collector ids;
  const std::string any = fts5_or(request.tokens);
  // The FTS table holds every generation; while a reindex builds one, ask for twice as many.
  const std::int64_t scale = request.rebuilding ? 2 : 1;
  if (request.matches <= kEngineRankedMatches) {
    ids.add(tx.query("SELECT rowid FROM search_fts WHERE search_fts MATCH $1 "
                     "ORDER BY bm25(search_fts, 5.0, 4.0, 2.5, 1.0), rowid LIMIT $2",
                     {any, scale * kCandidates}));
    return ids.take();
  }
  // FTS5 walks its doclists backwards and stops at the limit: no per-match scoring.
  ids.add(tx.query("SELECT rowid FROM search_fts WHERE search_fts MATCH $1 ORDER BY rowid DESC LIMIT $2",
                   {any, scale * kRecentCandidates}));
  ids.add(tx.query("SELECT rowid FROM search_fts WHERE search_fts MATCH $1 ORDER BY rowid DESC LIMIT $2",
                   {"{title tags summary} : (" + any + ")", scale * kHeadingCandidates}));
  // Articles carry kArticleMarker in the FTS tags column: the AND seeks through the long
  // doclists by the marker's short one, so only articles are scored.
  ids.add(tx.query("SELECT rowid FROM search_fts WHERE search_fts MATCH $1 "
                   "ORDER BY bm25(search_fts, 5.0, 4.0, 2.5, 1.0), rowid LIMIT $2",
                   {"(" + any + ") AND \"" + std::string(kArticleMarker) + "\"", scale * kArticleCandidates}));
  return ids.take();
}

// PostgreSQL reads a matching row's tsvector (≈ 2.5 KB, often out of line in TOAST) to test
// it — 10–35 µs a row — unless the GIN bitmap alone decides, and a GIN bitmap costs ≈ 0.6 µs
// per posting of every token ORed in. So no query here ranks or re-tests many rows, and each
// picks its access path from the document frequencies instead of leaving it to the planner
// (whose estimates for ORed lexemes were off by 5× and walked 100K rows for a rare word):
//   * few matches: all of them, straight from the GIN bitmap;
//   * many: only the exact tokens (no syllable bigrams: they are common and only add partial
//     matches), then
//     - the newest: a backward walk of the primary key when matches are dense (few rows read;
//       `IS TRUE` keeps the GIN index out of it), else the GIN bitmap ANDed with an id window
//       sized to hold about twice kRecentCandidates matches (MATERIALIZED: no walk);
//     - the newest with the words in a heading (heading_tsv: small and in the row, so a walk is
//       cheap), the same choice by the heading frequencies;
//     - the best articles (a partial GIN index over articles only).
std::vector<std::int64_t> postgres_ids(db::Transaction& tx, const Request& request) {
  Collector ids;
  // Prepared statements switch to a generic plan after five runs; for this transaction only,
  // plan each with its tsquery (the window and walk bounds depend on it too).
  tx.query("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)");
  if (request.matches <= static_cast<double>(kCandidates)) {
    ids.add(tx.query("SELECT id FROM search_documents WHERE generation = $1 AND tsv @@ $2::tsquery LIMIT $3",
                     {request.generation, tsquery_or(request.tokens), kCandidates}));
    return ids.take();
  }
  const bool exact = request.exact_matches > 0;
  const std::string any = tsquery_or(exact ? request.exact : request.tokens);
  const double span = static_cast<double>(std::max<std::int64_t>(1, request.last_id - request.first_id + 1));
  const auto from = [&](double ids_back) {
    return request.last_id - static_cast<std::int64_t>(std::min(span, std::ceil(ids_back)));
  };

  // The `limit` newest documents whose `column` matches: a backward walk of the primary key when
  // `matches` (of that column) are dense enough for it to read ≤ `walk_rows` rows (matches spread
  // evenly over the ids), else the GIN bitmap — over an id window sized for twice `limit` when
  // `windowed`, so the bitmap's heap visits stay few.
  const auto newest = [&](const char* column, double matches, std::int64_t limit, double walk_rows, bool windowed) {
    const double walk = static_cast<double>(limit) * span / std::max(1.0, matches);
    const std::string match = std::string(column) + " @@ $2::tsquery";
    if (walk <= walk_rows) {
      ids.add(tx.query("SELECT id FROM search_documents WHERE generation = $1 AND (" + match +
                           ") IS TRUE AND id >= $3 ORDER BY id DESC LIMIT $4",
                       {request.generation, any, from(4 * walk), limit}));
      return;
    }
    // No id bound at all unless windowed: a bound over the whole span still costs a bitmap of it.
    const std::string window = windowed ? " AND id >= $4" : "";
    db::Params params{request.generation, any, limit};
    if (windowed) params.emplace_back(from(2 * walk));
    ids.add(with_bitmaps_only(tx,
                              "WITH m AS MATERIALIZED (SELECT id FROM search_documents WHERE generation = $1 AND " +
                                  match + window + ") SELECT id FROM m ORDER BY id DESC LIMIT $3",
                              params));
  };
  newest("tsv", exact ? request.widest : request.matches, kRecentCandidates, kRecentWalkRows, true);
  if (exact && request.heading_matches > 0) {
    newest("heading_tsv", request.heading_matches, kHeadingCandidates, kHeadingWalkRows, false);
  }
  ids.add(tx.query("SELECT id FROM search_documents WHERE generation = $1 AND kind = 'article' AND "
                   "tsv @@ $2::tsquery ORDER BY ts_rank(tsv, $2::tsquery) DESC, id LIMIT $3",
                   {request.generation, any, kArticleCandidates}));
  return ids.take();
}

}  // namespace soom::search::stage1
