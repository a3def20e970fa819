#include "modules/search/suggestions.hpp"

#include <algorithm>
#include <unordered_set>

#include "modules/search/analyzer.hpp"

namespace soom::search {

void SuggestionList::add(const std::string& text, std::string_view source) {
  auto folded = normalize(text);
  if (!folded) return;
  std::string compact = std::move(*folded);
  std::erase(compact, ' ');
  if (compact.empty()) return;
  std::string choseong = choseong_of(compact);
  entries_.push_back({Suggestion{text, std::string(source)}, std::move(compact), std::move(choseong)});
}

std::vector<Suggestion> SuggestionList::match(std::string_view normalized_query, int limit) const {
  const bool by_choseong = is_choseong_query(normalized_query);
  std::string key(normalized_query);
  std::erase(key, ' ');
  if (by_choseong) key = compat_choseong(key);
  std::vector<Suggestion> out;
  std::unordered_set<std::string_view> seen;
  for (const Entry& e : entries_) {
    if (static_cast<int>(out.size()) >= limit) break;
    const std::string& haystack = by_choseong ? e.choseong : e.compact;
    if (!haystack.starts_with(key) || !seen.insert(e.compact).second) continue;
    out.push_back(e.suggestion);
  }
  return out;
}

}  // namespace soom::search
