#pragma once
// SQL of the database index that tests inspect (query plans), kept apart from the code that
// runs it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "db/db.hpp"

namespace soom::search::sql {

// What stage 2 needs to rank a candidate; titles, summaries and bodies are read only for the
// page that is shown.
inline constexpr const char* kRankColumns =
    "id, kind, doc_id, category, published_at, popularity, title_tokens, tags_tokens, summary_tokens, body_tokens";

// The ranking columns of `count` candidates ($1 generation, $2… ids): one primary-key probe
// per id. `+generation` keeps SQLite off the (generation, kind, doc_id) index: without
// statistics it walked that index over the whole generation (100K entries, ≈ 30 ms) to test
// each id instead of probing the primary key 300 times.
inline std::string rank_rows(std::size_t count) {
  return std::string("SELECT ") + kRankColumns + " FROM search_documents WHERE +generation = $1 AND id IN (" +
         db::placeholder_list(2, count) + ")";
}

// PostgreSQL: the GIN indexes over tsv and heading_tsv have the row's id buckets as a second
// column (migrations 0022, 0024): fine, G + id / kFineBucket, and coarse, −1 − G − id /
// kCoarseBucket, where G = generation · kGenerationStride keeps generations apart. Queries must
// repeat the index expression exactly for the planner to match it.
inline constexpr std::int64_t kFineBucket = 256;
inline constexpr std::int64_t kCoarseBucket = 4096;
inline constexpr std::int64_t kGenerationStride = std::int64_t{1} << 40;
inline constexpr const char* kIdBuckets =
    "ARRAY[generation * 1099511627776 + id / 256, -1 - generation * 1099511627776 - id / 4096]";

// The newest $2 documents whose `column` (tsv or heading_tsv) matches the tsquery $1 and whose
// id buckets meet the bigint[] $3 — an id window of one generation (stage1::id_window()), so
// the buckets select the generation: a `generation = …` condition would only tempt the planner
// into ANDing a bitmap of the whole generation.
inline std::string newest_matches(std::string_view column) {
  return "SELECT id FROM search_documents WHERE " + std::string(column) + " @@ $1::tsquery AND " + kIdBuckets +
         " && $3::bigint[] ORDER BY id DESC LIMIT $2";
}

// Titles, summaries and bodies of the page shown ($1… ids).
inline std::string shown_texts(std::size_t count) {
  return "SELECT id, title, summary, body FROM search_documents WHERE id IN (" + db::placeholder_list(1, count) + ")";
}

// Adds {"token": change, …} ($2, JSON) to generation $1's document frequencies. JSON because
// neither engine takes arrays as parameters here; PostgreSQL's jsonb orders the keys, so
// concurrent indexers lock the rows in the same order.
inline std::string add_term_counts(bool postgres) {
  return std::string("INSERT INTO search_terms (generation, token, documents) ") +
         (postgres ? "SELECT $1, key, value::bigint FROM jsonb_each_text($2::jsonb) "
                   : "SELECT $1, key, value FROM json_each($2) WHERE true ") +
         "ON CONFLICT (generation, token) DO UPDATE SET documents = search_terms.documents + excluded.documents";
}

// Document frequencies of `count` tokens ($2…) in generation $1.
inline std::string term_counts(std::size_t count) {
  return "SELECT token, documents FROM search_terms WHERE generation = $1 AND token IN (" + db::placeholder_list(2, count) +
         ")";
}

}  // namespace soom::search::sql
