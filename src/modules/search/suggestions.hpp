#pragma once
// What suggest() matches a prefix against: popular queries, article titles and tags, drug
// names — normalized once when the list is built, so a keystroke costs a scan of a few hundred
// short strings and no database work.
#include <string>
#include <string_view>
#include <vector>

#include "modules/search/search.hpp"

namespace soom::search {

class SuggestionList final {
 public:
  // In the order given (the caller adds the most useful first); texts that do not normalize
  // or are blank are skipped.
  void add(const std::string& text, std::string_view source);

  // Up to `limit` entries whose text without spaces starts with `normalized_query` (spaces
  // ignored), or whose initial consonants do when the query is only 초성 (ㅎㅇㄱ → 흡입기);
  // one per text.
  std::vector<Suggestion> match(std::string_view normalized_query, int limit) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry final {
    Suggestion suggestion;
    std::string compact;   // NFKC, case-folded, spaces removed
    std::string choseong;  // initial consonants of `compact`
  };
  std::vector<Entry> entries_;
};

}  // namespace soom::search
