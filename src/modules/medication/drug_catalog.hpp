#pragma once
// The drug catalog, parsed from data/drugs.tsv (embedded into the binary), and its search:
// prefix match on Korean/English brand or generic names (also at word starts), with 초성
// (initial consonant) queries such as "ㅅㅂㅋㅌ" for 심비코트 터부헬러.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/medication/medication.hpp"

namespace soom::medication {

class DrugCatalog final {
 public:
  explicit DrugCatalog(std::vector<Drug> drugs) : drugs_(std::move(drugs)) {}
  // The embedded catalog (throws std::logic_error if the data is missing or malformed: a build bug).
  static const DrugCatalog& embedded();
  static std::vector<Drug> parse_tsv(std::string_view text);

  const std::vector<Drug>& all() const { return drugs_; }
  const Drug* find(std::string_view id) const;
  // Best matches first (brand prefix before generic, before word-start matches); empty query → all.
  std::vector<Drug> search(std::string_view query, int limit) const;

 private:
  std::vector<Drug> drugs_;
};

// Case-insensitive prefix match of `query` against `name`, ignoring spaces; a Hangul
// compatibility consonant in the query (ㄱ…ㅎ) matches any syllable starting with it.
bool hangul_prefix_match(std::string_view name, std::string_view query);

}  // namespace soom::medication
