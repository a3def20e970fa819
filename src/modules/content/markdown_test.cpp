// XSS payloads must come out inert: raw HTML escaped, unsafe link/image URLs removed.
#include "modules/content/markdown.hpp"

#include <gtest/gtest.h>

namespace soom::content {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Markdown, RendersCommonMarkAndGfm) {
  const auto html = render_html("## 제목\n\n**굵게** 와 ~~취소~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
  EXPECT_TRUE(contains(html, "<h2>제목</h2>")) << html;
  EXPECT_TRUE(contains(html, "<strong>굵게</strong>")) << html;
  EXPECT_TRUE(contains(html, "<del>취소</del>")) << html;
  EXPECT_TRUE(contains(html, "<table>")) << html;
}

TEST(Markdown, ScriptBlockComesOutEscaped) {
  const auto html = render_html("앞\n\n<script>alert(1)</script>\n\n뒤 <b onmouseover=\"x()\">굵게</b>");
  EXPECT_FALSE(contains(html, "<script")) << html;
  EXPECT_FALSE(contains(html, "<b ")) << html;
  EXPECT_TRUE(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;")) << html;
}

TEST(Markdown, ImgOnerrorIsEscapedText) {
  const auto html = render_html("사진 <img src=x onerror=alert(1)> 끝");
  EXPECT_FALSE(contains(html, "<img")) << html;
  EXPECT_TRUE(contains(html, "&lt;img src=x onerror=alert(1)&gt;")) << html;
}

TEST(Markdown, JavascriptLinkKeepsTextButLosesLink) {
  for (const char* md : {"[누르세요](javascript:alert(1))", "[누르세요](JavaScript:alert(1))",
                         "[누르세요](vbscript:msgbox(1))", "[누르세요](data:text/html;base64,PHNjcmlwdD4=)",
                         "[누르세요](mailto:a@example.com)"}) {
    const auto html = render_html(md);
    EXPECT_FALSE(contains(html, "<a")) << md << " → " << html;
    EXPECT_FALSE(contains(html, "script:")) << html;
    EXPECT_TRUE(contains(html, "누르세요")) << html;
  }
}

TEST(Markdown, DataUrlImageIsRemoved) {
  const auto html = render_html("![그림](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)");
  EXPECT_FALSE(contains(html, "<img")) << html;
  EXPECT_FALSE(contains(html, "data:")) << html;
  EXPECT_TRUE(contains(html, "그림")) << html;
}

TEST(Markdown, SafeLinksAndImagesStay) {
  const auto html = render_html("[GINA](https://ginasthma.org/reports/) [내부](/v1/articles/x) ![표지](/static/a.svg)");
  EXPECT_TRUE(contains(html, "<a href=\"https://ginasthma.org/reports/\">GINA</a>")) << html;
  EXPECT_TRUE(contains(html, "<a href=\"/v1/articles/x\">")) << html;
  EXPECT_TRUE(contains(html, "<img src=\"/static/a.svg\" alt=\"표지\"")) << html;
}

TEST(Markdown, AttributeBreakoutIsEscaped) {
  const auto html = render_html("[x](https://a.example/\"onmouseover=\"alert(1))");
  EXPECT_FALSE(contains(html, "\" onmouseover")) << html;
  EXPECT_FALSE(contains(html, "\"onmouseover=\"")) << html;
}

TEST(Markdown, SafeUrlRules) {
  EXPECT_TRUE(is_safe_url("https://example.com"));
  EXPECT_TRUE(is_safe_url("HTTP://example.com"));
  EXPECT_TRUE(is_safe_url("/static/x.svg"));
  EXPECT_TRUE(is_safe_url("other-article"));
  EXPECT_TRUE(is_safe_url("#section"));
  EXPECT_FALSE(is_safe_url(""));
  EXPECT_FALSE(is_safe_url("javascript:alert(1)"));
  EXPECT_FALSE(is_safe_url(" javascript:alert(1)"));
  EXPECT_FALSE(is_safe_url("java\tscript:alert(1)"));
  EXPECT_FALSE(is_safe_url("data:image/png;base64,AAAA"));
  EXPECT_FALSE(is_safe_url("ftp://example.com"));
}

TEST(Markdown, PlainTextDropsSyntax) {
  const auto text = plain_text("## 흡입기 사용법\n\n**흡입 스테로이드**(ICS)는 [매일](https://a.example) 씁니다.\n\n- 하나\n- 둘\n");
  EXPECT_EQ(text, "흡입기 사용법\n흡입 스테로이드(ICS)는 매일 씁니다.\n하나\n둘");
}

}  // namespace
}  // namespace soom::content
