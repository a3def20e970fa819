#include "modules/search/analyzer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace soom::search {
namespace {

std::vector<std::string> stems(std::string_view text) {
  const auto n = normalize(text);
  EXPECT_TRUE(n.ok());
  std::vector<std::string> out;
  for (const auto& w : Analyzer().words(*n)) out.push_back(w.stem);
  return out;
}

bool has_token(std::string_view text, const std::string& token) {
  const auto n = normalize(text);
  for (const auto& w : Analyzer().words(*n)) {
    if (std::find(w.tokens.begin(), w.tokens.end(), token) != w.tokens.end()) return true;
  }
  return false;
}

TEST(Analyzer, RemovesTrailingParticlesAndEndings) {
  for (const char* form : {"흡입기를", "흡입기는", "흡입기가", "흡입기에서", "흡입기에서는", "흡입기", "흡입기도"}) {
    EXPECT_EQ(stems(form), std::vector<std::string>{"흡입기"}) << form;
  }
  // At least two syllables stay: "아이" is not cut down to "아".
  EXPECT_EQ(stems("아이가"), std::vector<std::string>{"아이"});
  EXPECT_EQ(stems("아이"), std::vector<std::string>{"아이"});
  EXPECT_EQ(stems("운동하는"), std::vector<std::string>{"운동"});
}

TEST(Analyzer, EmitsWholeTokensAndSyllableBigrams) {
  const auto n = normalize("흡입기를");
  const auto words = Analyzer().words(*n);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0].tokens, (std::vector<std::string>{"흡입기", "흡입", "입기"}));
}

TEST(Analyzer, SpacingVariantsMeet) {
  // "천식 약" carries the joined form that "천식약" carries as a whole token.
  EXPECT_TRUE(has_token("천식 약", "천식약"));
  EXPECT_TRUE(has_token("천식약", "천식약"));
  EXPECT_TRUE(has_token("최대 호기 유량", "호기유량"));
  EXPECT_TRUE(has_token("최대호기유량", "호기"));
}

TEST(Analyzer, NormalizesCaseWidthAndCompatibilityForms) {
  EXPECT_EQ(stems("Ventolin"), std::vector<std::string>{"ventolin"});
  EXPECT_EQ(stems("ＶＥＮＴＯＬＩＮ"), std::vector<std::string>{"ventolin"});  // full-width
  // Decomposed Hangul jamo (NFD) compose to the same syllables.
  EXPECT_EQ(stems("\xE1\x84\x92\xE1\x85\xB3\xE1\x86\xB8\xE1\x84\x8B\xE1\x85\xB5\xE1\x86\xB8"), std::vector<std::string>{"흡입"});
}

TEST(Analyzer, MixedScriptsNumbersAndGluedParticles) {
  EXPECT_EQ(stems("MDI를 하루 2번 써요"), (std::vector<std::string>{"mdi", "하루", "2", "번", "써요"}));
  EXPECT_TRUE(has_token("KF94 마스크", "kf94"));
  EXPECT_TRUE(has_token("KF94 마스크", "94"));
  EXPECT_TRUE(has_token("KF94 마스크", "kf"));
  EXPECT_EQ(stems("심비코트(symbicort)는"), (std::vector<std::string>{"심비코트", "symbicort"}));
}

TEST(Analyzer, EmojiAndStrayJamoSeparateWords) {
  EXPECT_EQ(stems("흡입기😷가글ㅠㅠ ㅋㅋ"), (std::vector<std::string>{"흡입기", "가글"}));
  EXPECT_TRUE(stems("🙂🙂🙂").empty());
}

TEST(Analyzer, ChoseongExtractionAndQueries) {
  EXPECT_EQ(choseong_of("흡입기"), "ㅎㅇㄱ");
  EXPECT_EQ(choseong_of("천식 약"), "ㅊㅅㅇ");
  EXPECT_TRUE(is_choseong_query("ㅎㅇㄱ"));
  EXPECT_TRUE(is_choseong_query(" ㅎㅇ "));
  EXPECT_FALSE(is_choseong_query("ㅎ입기"));
  EXPECT_FALSE(is_choseong_query("ㅏ"));  // a vowel is not an initial consonant
  EXPECT_FALSE(is_choseong_query(""));
  // NFKC turns ㅎ into a conjoining initial; it still reads as a 초성 query.
  const auto folded = normalize("ㅎㅇㄱ");
  EXPECT_TRUE(is_choseong_query(*folded));
  EXPECT_EQ(compat_choseong(*folded), "ㅎㅇㄱ");
}

TEST(Analyzer, RejectsInvalidUtf8) {
  EXPECT_FALSE(normalize("\xC3\x28").ok());          // bad continuation
  EXPECT_FALSE(normalize("\xED\xA0\x80").ok());      // surrogate
  EXPECT_FALSE(normalize("\xC0\xAF").ok());          // overlong '/'
  EXPECT_FALSE(normalize("\xF4\x90\x80\x80").ok());  // above U+10FFFF
  EXPECT_FALSE(normalize("흡입\xEB").ok());           // truncated
  EXPECT_EQ(normalize("\xC3\x28").error().fields.at(0).field, "q");
  EXPECT_TRUE(normalize("흡입기 ✓ 😷").ok());
}

TEST(Analyzer, CapsVeryLongInput) {
  std::string huge;
  while (huge.size() < kMaxDocumentBytes * 2) huge += "흡입기를 ";
  const auto words = Analyzer().words(huge);
  EXPECT_GT(words.size(), 1000u);
  EXPECT_LE(words.size(), kMaxDocumentBytes / 10);
  // The cut lands on a character boundary: every stem is valid UTF-8.
  for (const auto& w : words) ASSERT_TRUE(is_valid_utf8(w.stem));
}

TEST(Analyzer, TypoDistanceIsMeasuredInJamo) {
  EXPECT_TRUE(within_one_jamo_edit("벤토링", "벤토린"));  // final ㅇ ↔ ㄴ
  EXPECT_TRUE(within_one_jamo_edit("싱귤래어", "싱귤레어"));  // ㅐ ↔ ㅔ
  EXPECT_TRUE(within_one_jamo_edit("터뷰헬러", "터부헬러"));
  EXPECT_FALSE(within_one_jamo_edit("흡입기", "가습기"));
}

TEST(Analyzer, IndexTextRoundTripsWordPositions) {
  const auto n = normalize("천식 흡입기를 써요");
  const std::string text = Analyzer().index_text(*n);
  const auto words = parse_index_text(text);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[1].front(), "흡입기");
  EXPECT_TRUE(parse_index_text("").empty());
}

}  // namespace
}  // namespace soom::search
