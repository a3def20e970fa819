#pragma once
// Query planning and the second-stage ranker. The database (FTS5 / tsvector) only finds
// candidates; the final BM25F score, minimum-should-match, proximity bonus and post
// tie-breaks are computed here, once, so both engines rank identically.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/string_hash.hpp"
#include "modules/search/analyzer.hpp"

namespace soom::search {

// Synonyms keyed by the analyzed form of a term (stems joined by spaces).
class SynonymIndex final {
 public:
  void add_group(const std::vector<std::string>& normalized_terms);
  // Other terms of the group, each as the token a document carries for it (stems
  // concatenated: "흡입 스테로이드" → "흡입스테로이드"), plus their display forms.
  struct Alternative final {
    std::string token;
    std::string surface;
  };
  std::vector<Alternative> alternatives(const std::string& key) const;
  std::vector<std::string> all_terms() const;
  bool empty() const { return group_of_.empty(); }

 private:
  std::unordered_map<std::string, std::size_t> group_of_;
  std::vector<std::vector<std::string>> groups_;  // keys
  std::vector<std::vector<std::string>> surfaces_;
};

std::string synonym_key(const Analyzer& analyzer, const std::string& normalized_term);

struct QueryGroup final {
  std::string stem;
  std::vector<std::string> exact;    // stem, spacing joins, synonyms, typo corrections
  std::vector<std::string> bigrams;  // partial matching for words of 3+ syllables
  bool stopword = false;
  bool predicate = false;       // question/predicate form: never required
  bool verbal_ending = false;   // inflected verb: never required
  bool ambiguous_ending = false;  // verb or noun + particle: required when the stem is common
};

struct QueryPlan final {
  std::vector<QueryGroup> groups;
  std::vector<std::string> highlight;  // normalized surface strings to <mark>
  // Every token worth asking the database about.
  std::vector<std::string> all_tokens() const;
};

// `typo_candidates(stem)` returns known vocabulary within one jamo edit; only consulted
// for words the index does not contain (`known(token)` false).
QueryPlan plan_query(const Analyzer& analyzer, const SynonymIndex& synonyms, const std::string& normalized,
                     const std::function<bool(const std::string&)>& known,
                     const std::function<std::vector<std::string>(const std::string&)>& typo_candidates);

// One candidate as the ranker sees it.
struct Candidate final {
  std::string_view fields[4];  // Analyzer::index_text() of title, tags, summary, body
  bool is_post = false;
  std::int64_t published_at_ms = 0;
  double popularity = 0;  // likes + 2·comments + views/20
};

struct CorpusStats final {
  double documents = 1;
  double average_words[4] = {1, 1, 1, 1};
  std::unordered_map<std::string, double> document_frequency;
};

struct Ranked final {
  double score = 0;
  double coverage = 0;  // idf-weighted share of the query's topic words the document matches
};

inline constexpr double kFieldWeights[4] = {3.0, 2.5, 1.5, 1.0};
inline constexpr double kMinimumShouldMatch = 0.65;

// The query tokens rank() looks for in a candidate's fields, built once per query.
class TokenSet final {
 public:
  explicit TokenSet(const QueryPlan& plan);
  bool contains(std::string_view token) const {
    // Most tokens of a body are not query tokens: a bit per (length, leading bytes) rejects
    // them without hashing the whole token.
    return !token.empty() && (filter_[bucket(token) / 64] >> (bucket(token) % 64) & 1) != 0 &&
           tokens_.find(token) != tokens_.end();
  }

 private:
  static std::size_t bucket(std::string_view t) {
    const auto b = [&](std::size_t i) { return i < t.size() ? static_cast<std::size_t>(static_cast<unsigned char>(t[i])) : 0; };
    return (b(0) * 31 + b(1) * 7 + b(2) + t.size() * 131) % 4096;
  }
  std::uint64_t filter_[64] = {};
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> tokens_;
};

Ranked rank(const QueryPlan& plan, const TokenSet& wanted, const Candidate& candidate, const CorpusStats& stats,
            std::int64_t now_ms);

// Per query group, the idf weight it carries toward minimum-should-match (0 when it does not
// count), by exactly rank()'s rules. A document matching none of a set of groups whose weights
// sum to more than (1 − kMinimumShouldMatch) of the total cannot be relevant: stage 1 only has
// to ask the engine for such a set (the rarest groups), which keeps candidate sets small at scale.
std::vector<double> match_weights(const QueryPlan& plan, const CorpusStats& stats);

// Indexes of the groups stage 1 must match: the cheapest (by summed document frequency of
// their tokens) whose weights exceed (1 − kMinimumShouldMatch) of the total. All groups when
// nothing carries weight.
std::vector<std::size_t> required_groups(const QueryPlan& plan, const CorpusStats& stats);

}  // namespace soom::search
