#pragma once
// Document frequencies per generation (table search_terms, migration 0019): kept by the
// index's own writes instead of being counted at query time. A write turns the tokens a
// document had and has into a difference (+1 for tokens it gained, −1 for tokens it lost) and
// applies it in the same transaction.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "db/db.hpp"

namespace soom::search::terms {

// The empty token's row counts the generation's documents (analyzer tokens are never empty).
inline constexpr std::string_view kDocuments = "";

// token → change in the number of documents containing it.
using Delta = std::map<std::string, std::int64_t, std::less<>>;

// PostgreSQL also counts the tokens of a document's headings (title, tags, summary: its
// heading_tsv) under this prefix — stage 1 sizes its heading query by them. Tokens are letters,
// digits and Hangul only, so the prefix cannot collide.
inline constexpr std::string_view kHeadingPrefix = "#";

// The distinct tokens of a document's four stored token fields ("a b | c …"), sorted.
std::vector<std::string> distinct_tokens(const std::string (&fields)[4]);

// What a document counts for: its distinct tokens, and with `headings` also kHeadingPrefix +
// each distinct token of its first three fields; sorted.
std::vector<std::string> document_terms(const std::string (&fields)[4], bool headings);

// Adds `sign` for every token and for kDocuments (one document more or less).
void count_document(Delta& delta, const std::vector<std::string>& tokens, std::int64_t sign);

// Only what changed between two versions of a document (the document count stays).
void count_change(Delta& delta, const std::vector<std::string>& before, const std::vector<std::string>& after);

// {"token": change, …} without zero changes; the parameter of the statements below.
std::string to_json(const Delta& delta);

// Adds `delta` to generation's counts (chunked; PostgreSQL locks rows in key order).
void apply(db::Transaction& tx, bool postgres, std::int64_t generation, const Delta& delta);

// Document frequencies of `tokens` in `generation` (absent or zero: not in the map); ask for
// kDocuments to get the generation's document count.
std::map<std::string, double, std::less<>> read(db::Transaction& tx, std::int64_t generation,
                                                const std::vector<std::string>& tokens);

}  // namespace soom::search::terms
