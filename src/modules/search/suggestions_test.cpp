// Prefix and 초성 matching over a prepared suggestion list.
#include "modules/search/suggestions.hpp"

#include <gtest/gtest.h>

namespace soom::search {
namespace {

std::vector<std::string> texts(const SuggestionList& list, std::string_view query, int limit = 10) {
  std::vector<std::string> out;
  for (const auto& s : list.match(query, limit)) out.push_back(s.text + "/" + s.source);
  return out;
}

TEST(SuggestionList, MatchesPrefixesIgnoringSpacesAndCase) {
  SuggestionList list;
  list.add("흡입기 사용법", "title");
  list.add("Ventolin Evohaler", "drug");
  list.add("흡연과 천식", "title");
  EXPECT_EQ(texts(list, "흡입"), (std::vector<std::string>{"흡입기 사용법/title"}));
  EXPECT_EQ(texts(list, "흡입기사용"), (std::vector<std::string>{"흡입기 사용법/title"}));
  EXPECT_EQ(texts(list, "ventolin e"), (std::vector<std::string>{"Ventolin Evohaler/drug"}));
  EXPECT_EQ(texts(list, "흡"), (std::vector<std::string>{"흡입기 사용법/title", "흡연과 천식/title"}));
  EXPECT_TRUE(texts(list, "사용법").empty());  // a prefix, not a substring
}

TEST(SuggestionList, MatchesInitialConsonants) {
  SuggestionList list;
  list.add("흡입기 사용법", "title");
  list.add("스페이서", "tag");
  EXPECT_EQ(texts(list, "ㅎㅇㄱ"), (std::vector<std::string>{"흡입기 사용법/title"}));
  EXPECT_EQ(texts(list, "ㅅㅍ"), (std::vector<std::string>{"스페이서/tag"}));
  EXPECT_TRUE(texts(list, "ㅂㅂ").empty());
}

TEST(SuggestionList, KeepsTheFirstSourceOfATextAndTheLimit) {
  SuggestionList list;
  list.add("천식 약", "query");
  list.add("천식약", "title");  // the same text without the space
  list.add("천식 증상", "query");
  list.add("천식 일기", "query");
  EXPECT_EQ(texts(list, "천식", 2), (std::vector<std::string>{"천식 약/query", "천식 증상/query"}));
  EXPECT_EQ(texts(list, "천식약"), (std::vector<std::string>{"천식 약/query"}));
}

TEST(SuggestionList, SkipsTextsThatDoNotNormalize) {
  SuggestionList list;
  list.add("\xC3\x28", "title");
  list.add("   ", "tag");
  list.add("가글", "tag");
  EXPECT_EQ(list.size(), 1u);
}

}  // namespace
}  // namespace soom::search
