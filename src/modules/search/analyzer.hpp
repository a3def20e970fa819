#pragma once
// The Korean-aware analyzer, written once and used for both indexing and querying so the
// two sides can never disagree. Pipeline: UTF-8 validation → ICU NFKC + case folding →
// words (runs of Hangul syllables, or of letters/digits; everything else, emoji included,
// separates) → trailing particle/ending removal → tokens: the whole stem plus Hangul
// syllable bigrams, plus the join of two adjacent Hangul words so that "천식 약" and
// "천식약" meet. Synonyms are applied at query time only (see SynonymTable).
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace soom::search {

// Caps that keep the analyzer linear and bounded whatever a client sends.
inline constexpr std::size_t kMaxDocumentBytes = 256 * 1024;
inline constexpr std::size_t kMaxQueryCodepoints = 100;
inline constexpr std::size_t kMaxQueryWords = 12;

// One analyzed word of a text: its stem (particles removed) and the tokens it contributes
// to the index (stem, bigrams, join with the previous word).
struct Word final {
  std::string surface;  // before particle removal
  std::string stem;
  std::vector<std::string> tokens;
  bool hangul = false;
};

// Valid UTF-8? (Overlongs, surrogates and code points above U+10FFFF are invalid.)
bool is_valid_utf8(std::string_view text);
// NFKC + case folding. Error (validation) when `text` is not valid UTF-8.
Result<std::string> normalize(std::string_view text);

// Hangul helpers.
bool is_hangul_syllable(char32_t c);
bool is_choseong_jamo(char32_t c);
// "흡입기" → "ㅎㅇㄱ"; characters other than Hangul syllables are dropped.
std::string choseong_of(std::string_view text);
// True when `text` (spaces aside) consists only of initial consonants (ㄱ…ㅎ), compatibility
// or conjoining (NFKC produces the latter).
bool is_choseong_query(std::string_view text);
// Conjoining initials mapped to compatibility jamo, spaces dropped: comparable to choseong_of().
std::string compat_choseong(std::string_view text);
// Removes a trailing particle or verb ending when at least two syllables remain.
std::string strip_particle(std::string_view hangul_word);
// Jamo-level edit distance ≤ 1 between two Hangul strings (typo tolerance: 벤토링 ↔ 벤토린).
bool within_one_jamo_edit(std::string_view a, std::string_view b);
// Adjacent syllable pairs of a Hangul word ("흡입기" → 흡입, 입기).
std::vector<std::string> syllable_bigrams(std::string_view hangul_word);
std::size_t codepoint_count(std::string_view text);

// Query-side function words that carry no topic ("어떻게", "되나요"): they never count
// toward minimum-should-match.
bool is_stopword(std::string_view stem);
// Question/predicate forms ("생겼어요", "씻나요", "할까"): soft query words.
bool is_predicate_form(std::string_view surface);
// Verbal connective endings ("키워도", "끊어도", "받으면"): soft query words.
bool has_verbal_ending(std::string_view surface);
// Endings that are verbal or a noun particle ("없애는" / "스페이서는"): soft when the stem is rare.
bool has_ambiguous_ending(std::string_view surface);

class Analyzer final {
 public:
  // Words of an already normalized text (use normalize() first). Texts longer than
  // kMaxDocumentBytes are cut at a character boundary.
  std::vector<Word> words(std::string_view normalized) const;
  // The analyzed form of a normalized text stored in the index: each word's tokens separated by spaces, words
  // separated by " | " so that word positions survive for proximity scoring.
  std::string index_text(std::string_view text) const;
};

// Parses index_text() back into words of tokens.
std::vector<std::vector<std::string>> parse_index_text(std::string_view index_text);

}  // namespace soom::search
