#include "modules/search/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <set>

namespace soom::search {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr double kBigramWeight = 0.5;
constexpr double kCompoundWeight = 0.9;
constexpr double kTypoWeight = 0.85;
constexpr double kStopwordWeight = 0.15;
constexpr double kSoftWeight = 0.3;

void push_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

std::string join_stems(const std::vector<Word>& words, std::size_t from, std::size_t count, const char* sep) {
  std::string out;
  for (std::size_t i = from; i < from + count; ++i) out += (i > from ? sep : "") + words[i].stem;
  return out;
}

double idf(const CorpusStats& stats, const std::string& token) {
  const auto it = stats.document_frequency.find(token);
  const double df = it == stats.document_frequency.end() ? 0 : it->second;
  return std::log(1.0 + (stats.documents - df + 0.5) / (df + 0.5));
}

// Per-field token positions (word indexes) of one candidate.
struct Positions final {
  std::unordered_map<std::string, std::vector<int>> by_field[4];
  double length[4] = {0, 0, 0, 0};
};

// Only the query's tokens are recorded: a body has thousands of tokens, a query a few dozen.
Positions index_candidate(const Candidate& c, const TokenSet& wanted) {
  Positions p;
  for (int f = 0; f < 4; ++f) {
    const std::string_view text = c.fields[f];
    int word = 0;
    std::size_t i = 0;
    while (i < text.size()) {
      const std::size_t end = std::min(text.find(' ', i), text.size());
      const std::string_view t = text.substr(i, end - i);
      if (t == "|") {
        ++word;
      } else if (!t.empty() && wanted.contains(t)) {
        p.by_field[f][std::string(t)].push_back(word);
      }
      i = end + 1;
    }
    p.length[f] = text.empty() ? 0 : word + 1;
  }
  return p;
}

// Role of each query group in minimum-should-match (shared by rank() and match_weights()).
struct GroupRole final {
  bool topic = false;
  bool soft = false;
  double weight = 0;  // the word's own idf
};

std::vector<GroupRole> group_roles(const QueryPlan& plan, const CorpusStats& stats) {
  const bool all_stopwords =
      std::all_of(plan.groups.begin(), plan.groups.end(), [](const QueryGroup& g) { return g.stopword; });
  std::vector<GroupRole> roles;
  for (const auto& g : plan.groups) {
    GroupRole r;
    r.topic = !g.stopword || all_stopwords;
    const auto df = stats.document_frequency.find(g.stem);
    const bool rare_stem = df == stats.document_frequency.end() || df->second <= 2;
    // Predicates ("씻나요") and inflected verbs the index barely knows ("끊어도", "키워도")
    // are soft: they score little and do not count toward minimum-should-match; nouns
    // count, known or not ("투자": no answer).
    // "없애는" (verb) vs "스페이서는" (noun + particle): short or rare stems read as verbs.
    r.soft = g.predicate || g.verbal_ending || (g.ambiguous_ending && (rare_stem || codepoint_count(g.stem) <= 2));
    r.weight = idf(stats, g.stem);
    roles.push_back(r);
  }
  return roles;
}

// Per-field saturated BM25, summed with field weights: a title hit adds to many body hits
// instead of being swallowed by one saturated pseudo-frequency.
double saturated(double tf, double length, double average) {
  const double norm = 1 - kB + kB * length / std::max(1.0, average);
  const double t = tf / norm;
  return t * (kK1 + 1) / (kK1 + t);
}

double bm25f(const std::string& token, const Positions& p, const CorpusStats& stats, double idf_cap) {
  double sum = 0;
  for (int f = 0; f < 4; ++f) {
    const auto it = p.by_field[f].find(token);
    if (it == p.by_field[f].end()) continue;
    sum += kFieldWeights[f] * saturated(static_cast<double>(it->second.size()), p.length[f], stats.average_words[f]);
  }
  if (sum == 0) return 0;
  return std::min(idf(stats, token), idf_cap) * sum;
}

bool present(const std::string& token, const Positions& p) {
  for (const auto& field : p.by_field) {
    if (field.contains(token)) return true;
  }
  return false;
}

// Smallest word distance, in any one field, between exact matches of two groups.
int distance(const QueryGroup& a, const QueryGroup& b, const Positions& p) {
  int best = std::numeric_limits<int>::max();
  for (const auto& field : p.by_field) {
    for (const auto& ta : a.exact) {
      const auto ia = field.find(ta);
      if (ia == field.end()) continue;
      for (const auto& tb : b.exact) {
        const auto ib = field.find(tb);
        if (ib == field.end()) continue;
        for (const int x : ia->second) {
          for (const int y : ib->second) best = std::min(best, std::abs(y - x));
        }
      }
    }
  }
  return best;
}

// BM25F over "words containing all of the group's bigrams", idf from its rarest bigram.
double compound_score(const QueryGroup& g, const Positions& p, const CorpusStats& stats) {
  double tf = 0;
  for (int f = 0; f < 4; ++f) {
    std::vector<int> common;
    bool first = true;
    for (const auto& b : g.bigrams) {
      const auto it = p.by_field[f].find(b);
      if (it == p.by_field[f].end()) {
        common.clear();
        break;
      }
      std::vector<int> words(it->second.begin(), it->second.end());
      std::sort(words.begin(), words.end());
      words.erase(std::unique(words.begin(), words.end()), words.end());
      if (first) {
        common = std::move(words);
        first = false;
      } else {
        std::vector<int> both;
        std::set_intersection(common.begin(), common.end(), words.begin(), words.end(), std::back_inserter(both));
        common = std::move(both);
      }
      if (common.empty()) break;
    }
    if (common.empty()) continue;
    tf += kFieldWeights[f] * saturated(static_cast<double>(common.size()), p.length[f], stats.average_words[f]);
  }
  if (tf == 0) return 0;
  double rarest = 0;
  for (const auto& b : g.bigrams) rarest = std::max(rarest, idf(stats, b));
  return kCompoundWeight * rarest * tf;
}

}  // namespace

void SynonymIndex::add_group(const std::vector<std::string>& normalized_terms) {
  const Analyzer analyzer;
  std::vector<std::string> keys;
  std::vector<std::string> surfaces;
  for (const auto& term : normalized_terms) {
    const std::string key = synonym_key(analyzer, term);
    if (key.empty() || group_of_.contains(key)) continue;
    group_of_[key] = groups_.size();
    keys.push_back(key);
    surfaces.push_back(term);
  }
  groups_.push_back(std::move(keys));
  surfaces_.push_back(std::move(surfaces));
}

std::vector<SynonymIndex::Alternative> SynonymIndex::alternatives(const std::string& key) const {
  std::vector<Alternative> out;
  const auto it = group_of_.find(key);
  if (it == group_of_.end()) return out;
  const auto& keys = groups_[it->second];
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) continue;
    std::string token = keys[i];
    token.erase(std::remove(token.begin(), token.end(), ' '), token.end());
    out.push_back({token, surfaces_[it->second][i]});
  }
  return out;
}

std::vector<std::string> SynonymIndex::all_terms() const {
  std::vector<std::string> out;
  for (const auto& s : surfaces_) out.insert(out.end(), s.begin(), s.end());
  return out;
}

std::string synonym_key(const Analyzer& analyzer, const std::string& normalized_term) {
  const auto words = analyzer.words(normalized_term);
  return join_stems(words, 0, words.size(), " ");
}

std::vector<std::string> QueryPlan::all_tokens() const {
  std::vector<std::string> out;
  for (const auto& g : groups) {
    for (const auto& t : g.exact) push_unique(out, t);
    for (const auto& t : g.bigrams) push_unique(out, t);
  }
  return out;
}

QueryPlan plan_query(const Analyzer& analyzer, const SynonymIndex& synonyms, const std::string& normalized,
                     const std::function<bool(const std::string&)>& known,
                     const std::function<std::vector<std::string>(const std::string&)>& typo_candidates) {
  QueryPlan plan;
  std::vector<Word> words = analyzer.words(normalized);
  if (words.size() > kMaxQueryWords) words.resize(kMaxQueryWords);
  for (const auto& w : words) {
    QueryGroup g;
    g.stem = w.stem;
    g.stopword = is_stopword(w.stem);
    g.predicate = w.hangul && is_predicate_form(w.surface);
    g.verbal_ending = w.hangul && has_verbal_ending(w.surface);
    g.ambiguous_ending = w.hangul && has_ambiguous_ending(w.surface);
    g.exact.push_back(w.stem);
    const auto bigrams = syllable_bigrams(w.stem);
    if (w.hangul && bigrams.size() >= 2) g.bigrams = bigrams;
    plan.groups.push_back(std::move(g));
    if (!is_stopword(w.stem)) push_unique(plan.highlight, w.stem);
  }
  // Spacing: "천식 약" also asks for "천식약", which satisfies both words.
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (!words[i].hangul || !words[i + 1].hangul) continue;
    const std::string joined = words[i].stem + words[i + 1].stem;
    push_unique(plan.groups[i].exact, joined);
    push_unique(plan.groups[i + 1].exact, joined);
  }
  // Synonyms over spans of up to three words; a phrase's alternative satisfies each word.
  for (std::size_t span = 3; span >= 1; --span) {
    for (std::size_t i = 0; i + span <= words.size(); ++i) {
      for (const auto& alt : synonyms.alternatives(join_stems(words, i, span, " "))) {
        for (std::size_t k = i; k < i + span; ++k) push_unique(plan.groups[k].exact, alt.token);
        push_unique(plan.highlight, alt.surface);
      }
    }
  }
  // Typos: a word the index has never seen is replaced by vocabulary one jamo edit away.
  for (auto& g : plan.groups) {
    if (g.stopword || codepoint_count(g.stem) < 3 || known(g.stem)) continue;  // known: df ≥ kRareDocuments
    for (const auto& fix : typo_candidates(g.stem)) {
      push_unique(g.exact, fix);
      push_unique(plan.highlight, fix);
      for (const auto& alt : synonyms.alternatives(fix)) push_unique(g.exact, alt.token);
    }
  }
  return plan;
}

TokenSet::TokenSet(const QueryPlan& plan) {
  for (const auto& t : plan.all_tokens()) {
    tokens_.emplace(t, 0);
    filter_[bucket(t) / 64] |= std::uint64_t{1} << (bucket(t) % 64);
  }
}

std::vector<double> match_weights(const QueryPlan& plan, const CorpusStats& stats) {
  const auto roles = group_roles(plan, stats);
  std::vector<double> out(roles.size(), 0);
  double total = 0;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    if (roles[i].topic && !roles[i].soft) out[i] = roles[i].weight;
    total += out[i];
  }
  // Only soft words ("심해요"): then they are what the user asked for (as in rank()).
  if (total == 0) {
    for (std::size_t i = 0; i < roles.size(); ++i) out[i] = roles[i].topic ? roles[i].weight : 0;
  }
  return out;
}

std::vector<std::size_t> required_groups(const QueryPlan& plan, const CorpusStats& stats) {
  const auto weights = match_weights(plan, stats);
  double total = 0;
  for (const double w : weights) total += w;
  std::vector<std::size_t> all(plan.groups.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  if (total <= 0) return all;
  const auto cost = [&](std::size_t i) {
    double sum = 0;
    const auto add = [&](const std::string& t) {
      const auto it = stats.document_frequency.find(t);
      if (it != stats.document_frequency.end()) sum += it->second;
    };
    for (const auto& t : plan.groups[i].exact) add(t);
    for (const auto& t : plan.groups[i].bigrams) add(t);
    return sum;
  };
  std::vector<std::pair<double, std::size_t>> by_cost;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] > 0) by_cost.emplace_back(cost(i), i);
  }
  std::sort(by_cost.begin(), by_cost.end());
  std::vector<std::size_t> out;
  double covered = 0;
  // Strictly more than the share a relevant document may miss (small epsilon against rounding).
  const double needed = (1.0 - kMinimumShouldMatch) * total * (1.0 + 1e-9);
  for (const auto& [c, i] : by_cost) {
    out.push_back(i);
    covered += weights[i];
    if (covered > needed) break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

Ranked rank(const QueryPlan& plan, const TokenSet& wanted, const Candidate& candidate, const CorpusStats& stats,
            std::int64_t now_ms) {
  const Positions p = index_candidate(candidate, wanted);
  const auto roles = group_roles(plan, stats);
  double score = 0;
  double weight_total = 0;
  double weight_matched = 0;
  double all_total = 0;
  double all_matched = 0;
  std::vector<bool> matched(plan.groups.size(), false);
  for (std::size_t i = 0; i < plan.groups.size(); ++i) {
    const QueryGroup& g = plan.groups[i];
    double exact = 0;
    // A synonym scores as if it were the word itself: a rare alternative must not outrank
    // the word the user typed because its idf is higher.
    const bool stem_known = stats.document_frequency.contains(g.stem);
    const double cap = stem_known ? idf(stats, g.stem) : std::numeric_limits<double>::max();
    for (std::size_t k = 0; k < g.exact.size(); ++k) {
      exact = std::max(exact, bm25f(g.exact[k], p, stats, k == 0 ? std::numeric_limits<double>::max() : cap));
    }
    // A word the corpus lacks matched only through a typo correction scores a little less.
    if (exact > 0 && !present(g.stem, p) && !stats.document_frequency.contains(g.stem) && g.exact.size() > 1) {
      exact *= kTypoWeight;
    }
    // Compound nouns: "흡입기" inside "정량흡입기" — every bigram of the word inside one word.
    if (g.bigrams.size() >= 2) exact = std::max(exact, compound_score(g, p, stats));
    double partial = 0;
    int hits = 0;
    for (const auto& b : g.bigrams) {
      partial += bm25f(b, p, stats, std::numeric_limits<double>::max());
      hits += present(b, p) ? 1 : 0;
    }
    if (!g.bigrams.empty()) partial = kBigramWeight * partial / static_cast<double>(g.bigrams.size());
    const bool is_match = exact > 0 || (!g.bigrams.empty() && hits * 2 >= static_cast<int>(g.bigrams.size()));
    matched[i] = is_match;
    const bool topic = roles[i].topic;
    const bool soft = roles[i].soft;
    score += std::max(exact, partial) * (!topic ? kStopwordWeight : soft ? kSoftWeight : 1.0);
    if (!topic) continue;
    // The word's own rarity (not that of its spacing join or synonyms) sets its weight.
    const double w = roles[i].weight;
    const double credit = is_match ? (exact > 0 ? 1.0 : 0.6) * w : 0;
    all_total += w;
    all_matched += credit;
    if (soft) continue;
    weight_total += w;
    weight_matched += credit;
  }
  // Only soft words ("심해요"): then they are what the user asked for.
  if (weight_total == 0) {
    weight_total = all_total;
    weight_matched = all_matched;
  }
  // Proximity: adjacent query words found next to each other in one field.
  double bonus = 0;
  int pairs = 0;
  for (std::size_t i = 0; i + 1 < plan.groups.size(); ++i) {
    if (plan.groups[i].stopword || plan.groups[i + 1].stopword) continue;
    ++pairs;
    const int d = distance(plan.groups[i], plan.groups[i + 1], p);
    if (d <= 1) {
      bonus += 0.35;
    } else if (d <= 3) {
      bonus += 0.15;
    }
  }
  if (pairs > 0) score *= 1.0 + bonus / pairs;
  // Tie-breaks for posts: a little for engagement and freshness, never enough to beat a
  // better textual match by much.
  if (candidate.is_post && score > 0) {
    const double age_days = std::max<double>(0, static_cast<double>(now_ms - candidate.published_at_ms) / 86'400'000.0);
    score *= 1.0 + 0.01 * std::log1p(candidate.popularity) + 0.03 * std::exp(-age_days / 180.0);
  }
  return Ranked{score, weight_total > 0 ? weight_matched / weight_total : 0};
}

}  // namespace soom::search
