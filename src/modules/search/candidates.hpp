#pragma once
// Stage 1 of a search: the ids of the documents stage 2 ranks, from the engine's full-text
// index (SQLite FTS5, PostgreSQL GIN), asked only for the tokens of the rarest required words.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"

namespace soom::search::stage1 {

// Added to the FTS tags column of articles on SQLite (never to the stored tokens stage 2
// reads, so a query for the word itself still finds nothing).
inline constexpr std::string_view kArticleMarker = "KindArticle";

struct Request final {
  std::int64_t generation = 0;
  bool rebuilding = false;        // a reindex is writing another generation (SQLite: FTS holds both)
  std::vector<std::string> tokens;  // the required words' tokens, syllable bigrams included
  std::vector<std::string> exact;   // the same without bigrams: stems, joins, synonyms, corrections
  double matches = 0;               // summed document frequencies of `tokens`: ≥ the documents matching
  double exact_matches = 0;         // … of `exact`
  double widest = 0;                // the largest document frequency in `exact`: ≤ the documents matching
  double heading_matches = 0;       // PostgreSQL: summed heading frequencies of `exact` (terms::kHeadingPrefix)
  std::int64_t first_id = 0;      // PostgreSQL: the generation's id span (rows spread evenly over it)
  std::int64_t last_id = 0;
  std::int64_t top_id = 0;        // PostgreSQL: the largest id of any generation (see corpus_stats)
};

// PostgreSQL: the id buckets (sql::kIdBuckets) of `generation` covering every id from `from_id`
// to `to_id`, as an array literal: fine buckets up to the first coarse boundary, whole coarse
// buckets after it (at most 15 + (to_id − from_id) / 4096 + 1 values). Ids below `from_id` in
// its fine bucket are covered too.
std::string id_window(std::int64_t generation, std::int64_t from_id, std::int64_t to_id);

// Candidate ids, without duplicates, at most ≈ 300.
std::vector<std::int64_t> sqlite_ids(db::Transaction& tx, const Request& request);
std::vector<std::int64_t> postgres_ids(db::Transaction& tx, const Request& request);

}  // namespace soom::search::stage1
