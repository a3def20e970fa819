#include "modules/content/front_matter.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "modules/content/markdown.hpp"

namespace soom::content {
namespace {

const char* kGood =
    "+++\n"
    "slug = \"spacer-basics\"\n"
    "title = \"스페이서 쓰는 법\"\n"
    "summary = \"요약.\"\n"
    "category = \"약과 흡입기 사용법\"\n"
    "tags = [\"스페이서\", \"MDI\"]\n"
    "cover_image = \"/static/covers/spacer.svg\"\n"
    "[[references]]\n"
    "title = \"GINA 2024\"\n"
    "publisher = \"Global Initiative for Asthma\"\n"
    "url = \"https://ginasthma.org/reports/\"\n"
    "year = 2024\n"
    "+++\n"
    "\n## 소제목\n본문입니다.\n";

std::string with(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(FrontMatter, ParsesTheContract) {
  auto a = parse_article_file("12-spacer-basics.md", kGood);
  ASSERT_TRUE(a.ok()) << a.error().public_message;
  EXPECT_EQ(a->slug, "spacer-basics");
  EXPECT_EQ(a->category, "medicines");
  EXPECT_EQ(a->tags, (std::vector<std::string>{"스페이서", "MDI"}));
  ASSERT_EQ(a->references.size(), 1u);
  EXPECT_EQ(a->references[0].year, 2024);
  EXPECT_EQ(a->body_markdown, "\n## 소제목\n본문입니다.\n");
}

TEST(FrontMatter, RejectsUnknownKeysWithFileAndKey) {
  auto a = parse_article_file("12-spacer-basics.md", with(kGood, "category =", "catagory ="));
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().public_message.find("12-spacer-basics.md"), std::string::npos);
  EXPECT_NE(a.error().public_message.find("catagory"), std::string::npos);
}

TEST(FrontMatter, RejectsBadInputs) {
  EXPECT_FALSE(parse_article_file("12-other-name.md", kGood).ok());  // slug ≠ file name
  EXPECT_FALSE(parse_article_file("12-spacer-basics.md", "## no front matter\n").ok());
  EXPECT_FALSE(parse_article_file("12-spacer-basics.md", with(kGood, "year = 2024", "year = \"2024\"")).ok());
  EXPECT_FALSE(parse_article_file("12-spacer-basics.md", with(kGood, "https://ginasthma", "javascript://ginasthma")).ok());
  EXPECT_FALSE(parse_article_file("12-spacer-basics.md", with(kGood, "약과 흡입기 사용법", "기타")).ok());
  EXPECT_FALSE(parse_article_file("12-spacer-basics.md", with(kGood, "tags = [", "tags = [1, ")).ok());
  EXPECT_FALSE(parse_article_file("12-spacer-basics.md", with(kGood, "title = \"스", "title = \"스\"\"")).ok());
  EXPECT_FALSE(parse_article_file("12-spacer-basics.md", with(kGood, "publisher = ", "publsher = ")).ok());
}

TEST(FrontMatter, DirectoryLoadFailsOnAnyBadFileAndNamesIt) {
  const auto dir = std::filesystem::temp_directory_path() / ("soom-content-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
  };
  write("01-spacer-basics.md", kGood);
  write("02-second.md", with(with(kGood, "spacer-basics", "second"), "category =", "catagory ="));
  auto loaded = load_article_files(dir.string());
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().public_message.find("02-second.md"), std::string::npos) << loaded.error().public_message;
  write("02-second.md", with(kGood, "spacer-basics", "second"));
  write("03-spacer-basics.md", kGood);  // file name differs, same slug
  EXPECT_FALSE(load_article_files(dir.string()).ok());
  std::filesystem::remove(dir / "03-spacer-basics.md");
  auto ok = load_article_files(dir.string());
  ASSERT_TRUE(ok.ok()) << ok.error().public_message;
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_FALSE(load_article_files((dir / "missing").string()).ok());
  std::filesystem::remove_all(dir);
}

// The shipped seed content: every file parses, validates and renders without raw HTML.
TEST(FrontMatter, AllShippedArticlesValidate) {
  const auto dir = std::filesystem::path(SOOM_SOURCE_DIR) / "content" / "articles";
  auto all = load_article_files(dir.string());
  ASSERT_TRUE(all.ok()) << all.error().public_message;
  EXPECT_EQ(all->size(), 47u);
  for (const auto& a : *all) {
    EXPECT_GE(a.references.size(), 1u) << a.slug;
    const auto html = render_html(a.body_markdown);
    EXPECT_NE(html.find("<h2>"), std::string::npos) << a.slug;
    EXPECT_EQ(html.find("&lt;"), std::string::npos) << a.slug << ": raw HTML in the body";
    EXPECT_NE(plain_text(a.body_markdown).find("담당 의사와 상의하세요"), std::string::npos) << a.slug;
  }
}

}  // namespace
}  // namespace soom::content
