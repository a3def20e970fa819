#include "modules/medication/drug_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

namespace soom::embedded {
std::vector<std::pair<std::string, std::string>> medication_data();
}

namespace soom::medication {
namespace {

// UTF-8 → code points (input is our own data or a validated query; bad bytes are skipped).
std::u32string decode(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > text.size()) {
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3F);
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

// Compatibility jamo of the 19 initial consonants, in syllable order.
constexpr char32_t kChoseong[19] = {0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145,
                                    0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E};

bool is_syllable(char32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }
bool is_choseong_jamo(char32_t c) { return std::find(std::begin(kChoseong), std::end(kChoseong), c) != std::end(kChoseong); }
char32_t choseong_of(char32_t syllable) { return kChoseong[(syllable - 0xAC00) / 588]; }
char32_t fold(char32_t c) { return c < 0x80 ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c; }

std::u32string squeeze(std::u32string_view s) {
  std::u32string out;
  for (char32_t c : s) {
    if (c != U' ' && c != U'-' && c != U'_') out.push_back(fold(c));
  }
  return out;
}

bool prefix_match(const std::u32string& name, const std::u32string& query) {
  if (query.size() > name.size()) return false;
  for (std::size_t i = 0; i < query.size(); ++i) {
    const char32_t q = query[i];
    const char32_t n = name[i];
    if (q == n) continue;
    if (is_choseong_jamo(q) && is_syllable(n) && choseong_of(n) == q) continue;
    return false;
  }
  return true;
}

// Starts of words (after a space, slash or parenthesis), for "포르모테롤" in "부데소니드/포르모테롤".
std::vector<std::u32string> word_suffixes(const std::u32string& name) {
  std::vector<std::u32string> out;
  for (std::size_t i = 1; i < name.size(); ++i) {
    const char32_t prev = name[i - 1];
    if (prev == U' ' || prev == U'/' || prev == U'(') out.push_back(squeeze(std::u32string_view(name).substr(i)));
  }
  return out;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::stringstream ss(text);
  while (std::getline(ss, item, sep)) out.push_back(item);
  if (!text.empty() && text.back() == sep) out.emplace_back();
  return out;
}

}  // namespace

bool hangul_prefix_match(std::string_view name, std::string_view query) {
  const auto q = squeeze(decode(query));
  if (q.empty()) return true;
  const auto full = decode(name);
  if (prefix_match(squeeze(full), q)) return true;
  for (const auto& word : word_suffixes(full)) {
    if (prefix_match(word, q)) return true;
  }
  return false;
}

std::vector<Drug> DrugCatalog::parse_tsv(std::string_view text) {
  std::vector<Drug> out;
  std::stringstream in{std::string(text)};
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    const auto cols = split(line, '\t');
    if (cols.size() != 13) throw std::logic_error("drugs.tsv line " + std::to_string(line_no) + ": expected 13 columns");
    Drug d;
    d.id = cols[0];
    d.brand_ko = cols[1];
    d.brand_en = cols[2];
    d.generic_ko = cols[3];
    d.generic_en = cols[4];
    d.drug_class = cols[5];
    d.device = cols[6];
    d.device_name = cols[7];
    if (!cols[8].empty()) d.strengths = split(cols[8], ',');
    d.default_dose = std::stod(cols[9]);
    d.dose_unit = cols[10];
    d.role = cols[11];
    d.source = cols[12];
    if (d.id.empty() || d.brand_ko.empty() || d.source.empty()) {
      throw std::logic_error("drugs.tsv line " + std::to_string(line_no) + ": id, brand_ko and source are required");
    }
    out.push_back(std::move(d));
  }
  return out;
}

const DrugCatalog& DrugCatalog::embedded() {
  static const DrugCatalog catalog = [] {
    for (const auto& [name, contents] : soom::embedded::medication_data()) {
      if (name == "drugs.tsv") return DrugCatalog(parse_tsv(contents));
    }
    throw std::logic_error("drugs.tsv was not embedded into medication_data()");
  }();
  return catalog;
}

const Drug* DrugCatalog::find(std::string_view id) const {
  for (const auto& d : drugs_) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

std::vector<Drug> DrugCatalog::search(std::string_view query, int limit) const {
  // Rank: 0 brand prefix, 1 generic prefix, 2 word-start match anywhere.
  std::vector<std::pair<int, const Drug*>> hits;
  const auto q = squeeze(decode(query));
  for (const auto& d : drugs_) {
    int rank = -1;
    if (q.empty() || prefix_match(squeeze(decode(d.brand_ko)), q) || prefix_match(squeeze(decode(d.brand_en)), q)) {
      rank = 0;
    } else if (prefix_match(squeeze(decode(d.generic_ko)), q) || prefix_match(squeeze(decode(d.generic_en)), q)) {
      rank = 1;
    } else if (hangul_prefix_match(d.brand_ko, query) || hangul_prefix_match(d.brand_en, query) ||
               hangul_prefix_match(d.generic_ko, query) || hangul_prefix_match(d.generic_en, query)) {
      rank = 2;
    }
    if (rank >= 0) hits.emplace_back(rank, &d);
  }
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Drug> out;
  for (const auto& [rank, d] : hits) {
    if (static_cast<int>(out.size()) >= limit) break;
    out.push_back(*d);
  }
  return out;
}

}  // namespace soom::medication
