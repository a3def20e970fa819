// Few matches: the engine returns them all (PostgreSQL) or its best by bm25 (SQLite). Many
// (a word in most posts): scoring every match costs time proportional to the matches, so
// stage 1 takes what the engine finds without scoring them all — the newest matches, the
// newest with the words in a title, tags or summary, and the best-matching articles — and
// stage 2 ranks those.
#include "modules/search/candidates.hpp"

#include <algorithm>
#include <cmath>

#include "modules/search/search_sql.hpp"

namespace soom::search::stage1 {
namespace {

constexpr std::int64_t kCandidates = 300;
// SQLite: up to this many matches, bm25() in FTS5 ranks them all (≈ 3 µs a match).
constexpr double kEngineRankedMatches = 1000;
constexpr std::int64_t kRecentCandidates = 150;
constexpr std::int64_t kHeadingCandidates = 100;
constexpr std::int64_t kArticleCandidates = 60;
// PostgreSQL: how much an id window grows when it held fewer matches than wanted.
constexpr double kWindowGrowth = 4;
// PostgreSQL: ids past the generation's last known id that an id window still covers.
constexpr std::int64_t kWindowSlack = 2 * sql::kCoarseBucket;

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

std::string id_window(std::int64_t generation, std::int64_t from_id, std::int64_t to_id) {
  constexpr std::int64_t kFinePerCoarse = sql::kCoarseBucket / sql::kFineBucket;
  const std::int64_t base = generation * sql::kGenerationStride;
  std::string out = "{";
  const auto append = [&](std::int64_t value) {
    if (out.size() > 1) out += ',';
    out += std::to_string(value);
  };
  std::int64_t fine = std::max<std::int64_t>(0, from_id) / sql::kFineBucket;
  for (; fine % kFinePerCoarse != 0 && fine * sql::kFineBucket <= to_id; ++fine) append(base + fine);
  if (fine % kFinePerCoarse == 0) {
    for (std::int64_t coarse = fine / kFinePerCoarse; coarse * sql::kCoarseBucket <= to_id; ++coarse) {
      append(-1 - base - coarse);
    }
  }
  return out + "}";
}

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

// PostgreSQL tests a row it reads by its tsvector, and a GIN bitmap costs ≈ 0.5 µs per posting
// of every token ORed in, so no query here ranks or re-tests many rows:
//   * few matches: all of them, straight from the GIN bitmap;
//   * many: only the exact tokens (no syllable bigrams: they are common and only add partial
//     matches), then
//     - the newest: the GIN index with an id window (its second column is the id buckets,
//       migration 0022), so GIN skips through the words' long posting lists instead of reading
//       them; the window is sized from the document frequencies (the planner's estimates for
//       ORed lexemes were off by 5×) to hold about twice the candidates wanted, and widened
//       when the matches are older than an even spread would put them;
//     - the newest with the words in a heading (heading_tsv, same index shape);
//     - the best articles (a partial GIN index over articles only).
std::vector<std::int64_t> postgres_ids(db::Transaction& tx, const Request& request) {
  Collector ids;
  // For this transaction only: plan each statement with its tsquery and window (prepared
  // statements switch to a generic plan after five runs), and use bitmap scans — an index scan
  // would walk the primary key backwards re-testing every row's tsvector for ORDER BY id DESC.
  tx.query("SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
           "set_config('enable_indexscan', 'off', true)");
  if (request.matches <= static_cast<double>(kCandidates)) {
    ids.add(tx.query("SELECT id FROM search_documents WHERE generation = $1 AND tsv @@ $2::tsquery LIMIT $3",
                     {request.generation, tsquery_or(request.tokens), kCandidates}));
  } else {
    const bool exact = request.exact_matches > 0;
    const std::string any = tsquery_or(exact ? request.exact : request.tokens);
    const double span = static_cast<double>(std::max<std::int64_t>(1, request.last_id - request.first_id + 1));

    // The `limit` newest documents whose `column` matches, `matches` of them spread over the span.
    // Rows added since the span was read (it is cached for a minute) are in the window's slack.
    const std::int64_t window_end = std::max(request.last_id, request.top_id) + kWindowSlack;
    const auto newest = [&](const char* column, double matches, std::int64_t limit) {
      double back = 2.0 * static_cast<double>(limit) * span / std::max(1.0, matches);
      for (;;) {
        // The whole generation is a window too: during a reindex newer ids belong to the other one.
        const bool whole = back >= span;
        const std::int64_t from = whole ? request.first_id : request.last_id - static_cast<std::int64_t>(std::ceil(back));
        const auto rows =
            tx.query(sql::newest_matches(column), {any, limit, id_window(request.generation, from, window_end)});
        if (whole || rows.rows.size() >= static_cast<std::size_t>(limit)) {
          ids.add(rows);
          return;
        }
        back *= kWindowGrowth;
      }
    };
    // widest ≤ the documents matching any exact token: the window errs on the large side.
    newest("tsv", exact ? request.widest : request.matches, kRecentCandidates);
    if (exact && request.heading_matches > 0) newest("heading_tsv", request.heading_matches, kHeadingCandidates);
    ids.add(tx.query("SELECT id FROM search_documents WHERE generation = $1 AND kind = 'article' AND "
                     "tsv @@ $2::tsquery ORDER BY ts_rank(tsv, $2::tsquery) DESC, id LIMIT $3",
                     {request.generation, any, kArticleCandidates}));
  }
  // Stage 2 probes the primary key.
  tx.query("SELECT set_config('enable_indexscan', 'on', true)");
  return ids.take();
}

}  // namespace soom::search::stage1
