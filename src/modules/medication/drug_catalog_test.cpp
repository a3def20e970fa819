#include "modules/medication/drug_catalog.hpp"

#include <gtest/gtest.h>

#include <set>

namespace soom::medication {
namespace {

std::vector<std::string> ids(const std::vector<Drug>& drugs) {
  std::vector<std::string> out;
  for (const auto& d : drugs) out.push_back(d.id);
  return out;
}

TEST(DrugCatalog, EmbeddedCatalogIsWellFormed) {
  const auto& catalog = DrugCatalog::embedded();
  ASSERT_GE(catalog.all().size(), 15u);
  std::set<std::string> seen;
  const std::set<std::string> roles{"controller", "reliever", "other"};
  const std::set<std::string> devices{"pmdi", "dpi", "soft_mist", "nebulizer", "tablet", "injection"};
  for (const auto& d : catalog.all()) {
    EXPECT_TRUE(seen.insert(d.id).second) << d.id;
    EXPECT_TRUE(roles.count(d.role)) << d.id;
    EXPECT_TRUE(devices.count(d.device)) << d.id;
    EXPECT_EQ(d.source.rfind("http", 0), 0u) << d.id << " needs a public source";
    EXPECT_GT(d.default_dose, 0) << d.id;
  }
  ASSERT_NE(catalog.find("ventolin-evohaler"), nullptr);
  EXPECT_EQ(catalog.find("ventolin-evohaler")->role, "reliever");
}

TEST(DrugCatalog, SearchesKoreanEnglishBrandAndGeneric) {
  const auto& c = DrugCatalog::embedded();
  EXPECT_EQ(ids(c.search("심비", 10)), (std::vector<std::string>{"symbicort-turbuhaler", "symbicort-rapihaler"}));
  EXPECT_EQ(ids(c.search("symbi", 10)).size(), 2u);
  EXPECT_EQ(ids(c.search("SYMBICORT turbu", 10)), std::vector<std::string>{"symbicort-turbuhaler"});
  EXPECT_EQ(ids(c.search("렐바", 10)), std::vector<std::string>{"relvar-ellipta"});
  EXPECT_EQ(ids(c.search("벤토린", 10)), std::vector<std::string>{"ventolin-evohaler"});
  // Generic names, also the second component of a combination.
  const auto budesonide = ids(c.search("부데소니드", 10));
  EXPECT_EQ(budesonide.size(), 5u);
  const auto formoterol = ids(c.search("formoterol", 10));
  EXPECT_EQ(formoterol.size(), 3u);
  // A brand word after a space: "터부헬러".
  EXPECT_EQ(ids(c.search("터부헬러", 10)), std::vector<std::string>{"symbicort-turbuhaler"});
  EXPECT_TRUE(c.search("없는약이름", 10).empty());
}

TEST(DrugCatalog, ChoseongSearch) {
  const auto& c = DrugCatalog::embedded();
  EXPECT_EQ(ids(c.search("ㅅㅂㅋㅌ", 10)), (std::vector<std::string>{"symbicort-turbuhaler", "symbicort-rapihaler"}));
  EXPECT_EQ(ids(c.search("ㅅㅂㅋㅌ ㅌㅂ", 10)), std::vector<std::string>{"symbicort-turbuhaler"});
  EXPECT_EQ(ids(c.search("ㅅㄱㄹㅇ", 10)), std::vector<std::string>{"singulair"});
  // Mixed syllables and initials.
  EXPECT_EQ(ids(c.search("세레ㅌ", 10)), (std::vector<std::string>{"seretide-diskus", "seretide-evohaler"}));
  EXPECT_TRUE(hangul_prefix_match("듀오레스피 스피로맥스", "ㄷㅇㄹ"));
  EXPECT_FALSE(hangul_prefix_match("듀오레스피 스피로맥스", "ㄷㅇㅅ"));
  EXPECT_TRUE(hangul_prefix_match("듀오레스피 스피로맥스", "ㅅㅍ"));
}

TEST(DrugCatalog, LimitAndEmptyQuery) {
  const auto& c = DrugCatalog::embedded();
  EXPECT_EQ(c.search("", 5).size(), 5u);
  EXPECT_EQ(c.search("", 100).size(), c.all().size());
}

TEST(DrugCatalog, RejectsMalformedData) {
  EXPECT_THROW(DrugCatalog::parse_tsv("a\tb\n"), std::logic_error);
  EXPECT_TRUE(DrugCatalog::parse_tsv("# comment only\n").empty());
}

}  // namespace
}  // namespace soom::medication
