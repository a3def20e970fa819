#include "modules/search/analyzer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace soom::search {
namespace {

// Decodes one code point of valid UTF-8 at `i` (callers validated the text first).
char32_t decode(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  const int len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
  char32_t c = b0 & (len == 4 ? 0x07 : len == 3 ? 0x0F : 0x1F);
  for (int k = 1; k < len && i + k < s.size(); ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return c;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) out += decode(s, i);
  return out;
}

std::string to_utf8(std::u32string_view s) {
  std::string out;
  for (const char32_t c : s) append_utf8(out, c);
  return out;
}

constexpr std::array<char32_t, 19> kChoseong = {0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141,
                                                0x3142, 0x3143, 0x3145, 0x3146, 0x3147, 0x3148, 0x3149,
                                                0x314A, 0x314B, 0x314C, 0x314D, 0x314E};

// Longest first: "에서는" must win over "는".
constexpr std::array<std::u32string_view, 52> kParticles = {
    U"에서부터", U"으로부터", U"에서는", U"으로는", U"이라고", U"이에요", U"입니다", U"습니다", U"했어요",
    U"하나요", U"되나요", U"인가요", U"했는데", U"하는데", U"에서", U"에게", U"으로", U"까지", U"부터", U"처럼",
    U"보다", U"이나", U"이랑", U"하고", U"한테", U"에는", U"로는", U"이란", U"이다", U"예요", U"해요",
    U"하는", U"하기", U"하면", U"해도", U"이가", U"을", U"를", U"은", U"는", U"이", U"가", U"에", U"로",
    U"와", U"과", U"의", U"도", U"만", U"란", U"랑", U"나"};

constexpr std::array<std::string_view, 41> kStopwords = {"법",
    "어떻게", "어떤", "무엇", "뭘", "뭐", "왜", "언제", "어디", "되나요", "되요", "돼요", "해야", "하나요", "있나요",
    "있는데", "있어요", "없어요", "그리고", "그런데", "너무", "진짜", "정말", "좀", "잘", "때", "할", "수",
    "것", "거", "나요", "해도", "써도", "가야", "하는", "방법", "요", "the", "and", "how", "what"};

enum class Script { kNone, kHangul, kAlnum };

Script script_of(char32_t c) {
  if (is_hangul_syllable(c)) return Script::kHangul;
  // Stray jamo (ㅠㅠ, ㅋㅋ), compatibility or — after NFKC — conjoining.
  if ((c >= 0x3131 && c <= 0x318E) || (c >= 0x1100 && c <= 0x11FF)) return Script::kNone;
  if (u_isalnum(static_cast<UChar32>(c))) return Script::kAlnum;
  return Script::kNone;
}

bool is_particle(std::u32string_view s) {
  return std::find(kParticles.begin(), kParticles.end(), s) != kParticles.end();
}

// Jamo (choseong, jungseong, jongseong) of a Hangul string, other characters kept as is.
std::u32string to_jamo(std::u32string_view s) {
  std::u32string out;
  for (const char32_t c : s) {
    if (!is_hangul_syllable(c)) {
      out += c;
      continue;
    }
    const char32_t index = c - 0xAC00;
    out += static_cast<char32_t>(0x1100 + index / 588);
    out += static_cast<char32_t>(0x1161 + (index % 588) / 28);
    if (index % 28 != 0) out += static_cast<char32_t>(0x11A7 + index % 28);
  }
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
      len = 2, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4, min = 0x10000;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    char32_t c = b0 & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      c = (c << 6) | (b & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

Result<std::string> normalize(std::string_view text) {
  if (!is_valid_utf8(text)) {
    return Error::validation("q", "invalid_encoding", "UTF-8로 인코딩된 텍스트만 검색할 수 있습니다.");
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold is unavailable");
  const auto source = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const icu::UnicodeString folded = nfkc_cf->normalize(source, status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");
  std::string out;
  folded.toUTF8String(out);
  return out;
}

bool is_hangul_syllable(char32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }

bool is_choseong_jamo(char32_t c) {
  // NFKC turns compatibility jamo (ㄱ U+3131) into conjoining initials (U+1100): accept both.
  return (c >= 0x1100 && c <= 0x1112) || std::find(kChoseong.begin(), kChoseong.end(), c) != kChoseong.end();
}

std::string compat_choseong(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = decode(text, i);
    if (c >= 0x1100 && c <= 0x1112) {
      append_utf8(out, kChoseong[c - 0x1100]);
    } else if (c != U' ') {
      append_utf8(out, c);
    }
  }
  return out;
}

std::string choseong_of(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = decode(text, i);
    if (is_hangul_syllable(c)) append_utf8(out, kChoseong[(c - 0xAC00) / 588]);
  }
  return out;
}

bool is_choseong_query(std::string_view text) {
  bool any = false;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = decode(text, i);
    if (c == U' ') continue;
    if (!is_choseong_jamo(c)) return false;
    any = true;
  }
  return any;
}

std::string strip_particle(std::string_view hangul_word) {
  const std::u32string w = to_u32(hangul_word);
  for (const auto particle : kParticles) {
    if (w.size() >= particle.size() + 2 && std::u32string_view(w).substr(w.size() - particle.size()) == particle) {
      return to_utf8(std::u32string_view(w).substr(0, w.size() - particle.size()));
    }
  }
  return std::string(hangul_word);
}

bool within_one_jamo_edit(std::string_view a, std::string_view b) {
  const std::u32string x = to_jamo(to_u32(a));
  const std::u32string y = to_jamo(to_u32(b));
  if (x == y) return true;
  const std::size_t n = x.size();
  const std::size_t m = y.size();
  if ((n > m ? n - m : m - n) > 1) return false;
  std::size_t i = 0;
  std::size_t j = 0;
  int edits = 0;
  while (i < n && j < m) {
    if (x[i] == y[j]) {
      ++i, ++j;
      continue;
    }
    if (++edits > 1) return false;
    if (n > m) {
      ++i;
    } else if (m > n) {
      ++j;
    } else {
      ++i, ++j;
    }
  }
  return edits + static_cast<int>((n - i) + (m - j)) <= 1;
}

std::vector<std::string> syllable_bigrams(std::string_view hangul_word) {
  const std::u32string w = to_u32(hangul_word);
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 1 < w.size(); ++i) out.push_back(to_utf8(std::u32string_view(w).substr(i, 2)));
  return out;
}

std::size_t codepoint_count(std::string_view text) {
  std::size_t n = 0;
  for (const char ch : text) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

bool is_stopword(std::string_view stem) {
  return std::find(kStopwords.begin(), kStopwords.end(), stem) != kStopwords.end();
}

bool is_predicate_form(std::string_view surface) {
  for (const std::string_view end : {"요", "까", "죠", "니다"}) {
    if (surface.size() > end.size() && surface.ends_with(end)) return true;
  }
  return false;
}

bool has_verbal_ending(std::string_view surface) {
  for (const std::string_view end : {"어도", "아도", "워도", "해도", "려면", "으면", "니까", "어서", "아서", "어야", "아야", "가야", "해야"}) {
    if (surface.size() > end.size() && surface.ends_with(end)) return true;
  }
  return false;
}

bool has_ambiguous_ending(std::string_view surface) {
  for (const std::string_view end : {"는", "면", "고", "서"}) {
    if (surface.size() > end.size() && surface.ends_with(end)) return true;
  }
  return false;
}

std::vector<Word> Analyzer::words(std::string_view normalized) const {
  std::string_view text = normalized;
  if (text.size() > kMaxDocumentBytes) {
    // Cut at a character boundary: back up over continuation bytes.
    std::size_t cut = kMaxDocumentBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }

  // 1. Runs of one script.
  struct Run {
    std::u32string chars;
    Script script;
  };
  std::vector<Run> runs;
  Script current = Script::kNone;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = decode(text, i);
    const Script s = script_of(c);
    if (s == Script::kNone) {
      current = Script::kNone;
      continue;
    }
    if (s != current) {
      runs.push_back(Run{{}, s});
      current = s;
    }
    runs.back().chars += c;
  }

  // 2. Words and their tokens.
  std::vector<Word> out;
  std::string previous_hangul;  // stem of the previous word when it was Hangul
  for (const Run& run : runs) {
    if (run.script == Script::kAlnum) {
      Word word;
      word.stem = to_utf8(run.chars);
      word.surface = word.stem;
      word.tokens.push_back(word.stem);
      // "kf94" also matches "kf" and "94".
      std::u32string piece;
      std::vector<std::string> pieces;
      for (std::size_t k = 0; k < run.chars.size(); ++k) {
        const bool digit = u_isdigit(static_cast<UChar32>(run.chars[k]));
        if (k > 0 && digit != static_cast<bool>(u_isdigit(static_cast<UChar32>(run.chars[k - 1])))) {
          pieces.push_back(to_utf8(piece));
          piece.clear();
        }
        piece += run.chars[k];
      }
      if (!pieces.empty()) {
        pieces.push_back(to_utf8(piece));
        word.tokens.insert(word.tokens.end(), pieces.begin(), pieces.end());
      }
      out.push_back(std::move(word));
      previous_hangul.clear();
      continue;
    }
    // A particle on its own ("MDI를", "(ICS)는") is not a word.
    if (is_particle(run.chars)) continue;
    Word word;
    word.hangul = true;
    word.surface = to_utf8(run.chars);
    word.stem = strip_particle(word.surface);
    word.tokens.push_back(word.stem);
    const auto bigrams = syllable_bigrams(word.stem);
    if (bigrams.size() > 1) word.tokens.insert(word.tokens.end(), bigrams.begin(), bigrams.end());
    if (!previous_hangul.empty()) {
      // Spacing variants: "천식 약" also yields "천식약" and the bigram across the gap.
      const std::u32string prev = to_u32(previous_hangul);
      const std::u32string cur = to_u32(word.stem);
      if (prev.size() + cur.size() <= 8) word.tokens.push_back(previous_hangul + word.stem);
      word.tokens.push_back(to_utf8(std::u32string{prev.back(), cur.front()}));
    }
    previous_hangul = word.stem;
    out.push_back(std::move(word));
  }
  return out;
}

std::string Analyzer::index_text(std::string_view text) const {
  std::string out;
  for (const Word& word : words(text)) {
    if (!out.empty()) out += " | ";
    for (std::size_t i = 0; i < word.tokens.size(); ++i) {
      if (i > 0) out += ' ';
      out += word.tokens[i];
    }
  }
  return out;
}

std::vector<std::vector<std::string>> parse_index_text(std::string_view index_text) {
  std::vector<std::vector<std::string>> out;
  out.emplace_back();
  std::size_t i = 0;
  while (i < index_text.size()) {
    const std::size_t end = std::min(index_text.find(' ', i), index_text.size());
    const std::string_view token = index_text.substr(i, end - i);
    if (token == "|") {
      out.emplace_back();
    } else if (!token.empty()) {
      out.back().emplace_back(token);
    }
    i = end + 1;
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

}  // namespace soom::search
