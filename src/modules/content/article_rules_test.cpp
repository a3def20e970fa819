#include "modules/content/article_rules.hpp"

#include <gtest/gtest.h>

namespace soom::content {
namespace {

ArticleInput valid() {
  ArticleInput in;
  in.slug = "inhaler-mdi-technique";
  in.title = "정량흡입기 올바르게 쓰기";
  in.summary = "요약입니다.";
  in.body_markdown = "## 소제목\n본문";
  in.category = "medicines";
  in.tags = {"흡입기", "MDI"};
  in.cover_image = "/static/covers/mdi.svg";
  in.references = {{"GINA 2024", "Global Initiative for Asthma", "https://ginasthma.org/reports/", 2024}};
  return in;
}

bool has_field(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& e : errors) {
    if (e.field == field) return true;
  }
  return false;
}

TEST(ArticleRules, SlugShape) {
  EXPECT_TRUE(is_valid_slug("what-is-asthma"));
  EXPECT_TRUE(is_valid_slug("pm25"));
  EXPECT_FALSE(is_valid_slug(""));
  EXPECT_FALSE(is_valid_slug("What-is"));
  EXPECT_FALSE(is_valid_slug("-lead"));
  EXPECT_FALSE(is_valid_slug("trail-"));
  EXPECT_FALSE(is_valid_slug("double--dash"));
  EXPECT_FALSE(is_valid_slug("천식"));
  EXPECT_FALSE(is_valid_slug(std::string(81, 'a')));
}

TEST(ArticleRules, ValidArticlePasses) { EXPECT_TRUE(validate_article(valid()).empty()); }

TEST(ArticleRules, EachRuleNamesItsField) {
  auto in = valid();
  in.title.clear();
  in.category = "천식 기본 정보";  // the API speaks codes
  in.references.clear();
  in.tags.push_back("#해시");
  in.cover_image = "javascript:alert(1)";
  const auto errors = validate_article(in);
  EXPECT_TRUE(has_field(errors, "title"));
  EXPECT_TRUE(has_field(errors, "category"));
  EXPECT_TRUE(has_field(errors, "references"));
  EXPECT_TRUE(has_field(errors, "tags/2"));
  EXPECT_TRUE(has_field(errors, "cover_image"));
}

TEST(ArticleRules, ReferenceUrlMustBeHttp) {
  auto in = valid();
  in.references[0].url = "javascript:alert(1)";
  in.references[0].year = 1800;
  const auto errors = validate_article(in);
  EXPECT_TRUE(has_field(errors, "references/0/url"));
  EXPECT_TRUE(has_field(errors, "references/0/year"));
}

TEST(ArticleRules, LimitsOnSizes) {
  auto in = valid();
  in.body_markdown = std::string(kMaxBodyBytes + 1, 'a');
  in.title = std::string(121 * 3, '\xea');  // not UTF-8 either way
  for (int i = 0; i < 13; ++i) in.tags.push_back("t" + std::to_string(i));
  const auto errors = validate_article(in);
  EXPECT_TRUE(has_field(errors, "body"));
  EXPECT_TRUE(has_field(errors, "title"));
  EXPECT_TRUE(has_field(errors, "tags"));
}

TEST(ArticleRules, NormalizeTrimsAndDeduplicatesTags) {
  auto in = valid();
  in.title = "  제목  ";
  in.tags = {" 흡입기 ", "흡입기", "", "MDI"};
  in.cover_image = "  ";
  const auto out = normalize_input(in);
  EXPECT_EQ(out.title, "제목");
  EXPECT_EQ(out.tags, (std::vector<std::string>{"흡입기", "MDI"}));
  EXPECT_FALSE(out.cover_image.has_value());
}

TEST(ArticleRules, CategoryLookups) {
  ASSERT_NE(category_by_name("환경(미세먼지·꽃가루)"), nullptr);
  EXPECT_EQ(category_by_name("환경(미세먼지·꽃가루)")->code, "environment");
  EXPECT_EQ(category_by_code("children")->name, "소아 천식");
  EXPECT_EQ(category_by_code("nope"), nullptr);
  EXPECT_EQ(categories().size(), 7u);
}

}  // namespace
}  // namespace soom::content
