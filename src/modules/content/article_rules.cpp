#include "modules/content/article_rules.hpp"

#include <algorithm>

#include "core/encoding.hpp"
#include "modules/content/markdown.hpp"

namespace soom::content {
namespace {

constexpr std::size_t kMaxSlugChars = 80;
constexpr std::size_t kMaxTitleChars = 120;
constexpr std::size_t kMaxSummaryChars = 400;
constexpr std::size_t kMaxTagChars = 30;
constexpr std::size_t kMaxUrlChars = 500;
constexpr std::size_t kMaxReferenceTitleChars = 300;

std::string trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

bool is_http_url(std::string_view url) {
  return (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) && url.size() > 8 &&
         url.find_first_of(" \t\r\n<>\"") == std::string_view::npos;
}

void check_text(std::vector<FieldError>& errors, const std::string& field, const std::string& value,
                std::size_t max_chars, bool required) {
  if (!is_valid_utf8(value)) {
    errors.push_back({field, "invalid", "올바른 UTF-8 문자열이어야 합니다"});
  } else if (required && value.empty()) {
    errors.push_back({field, "required", "필수 항목입니다"});
  } else if (utf8_length(value) > max_chars) {
    errors.push_back({field, "too_long", std::to_string(max_chars) + "자 이하로 입력하세요"});
  }
}

}  // namespace

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > kMaxSlugChars || slug.front() == '-' || slug.back() == '-') return false;
  char prev = 0;
  for (char c : slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

ArticleInput normalize_input(ArticleInput input) {
  input.slug = trim(input.slug);
  input.title = trim(input.title);
  input.summary = trim(input.summary);
  input.category = trim(input.category);
  std::vector<std::string> tags;
  for (const auto& t : input.tags) {
    auto tag = trim(t);
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
  }
  input.tags = std::move(tags);
  if (input.cover_image) {
    input.cover_image = trim(*input.cover_image);
    if (input.cover_image->empty()) input.cover_image.reset();
  }
  for (auto& r : input.references) {
    r.title = trim(r.title);
    r.publisher = trim(r.publisher);
    r.url = trim(r.url);
  }
  return input;
}

std::vector<FieldError> validate_article(const ArticleInput& input) {
  std::vector<FieldError> errors;
  if (!is_valid_slug(input.slug)) {
    errors.push_back({"slug", "invalid", "슬러그는 영문 소문자·숫자와 하이픈(-)으로 80자 이하여야 합니다"});
  }
  check_text(errors, "title", input.title, kMaxTitleChars, true);
  check_text(errors, "summary", input.summary, kMaxSummaryChars, true);
  if (input.body_markdown.size() > kMaxBodyBytes) {
    errors.push_back({"body", "too_long", "본문은 100KB 이하여야 합니다"});
  } else {
    check_text(errors, "body", input.body_markdown, kMaxBodyBytes, true);
  }
  if (category_by_code(input.category) == nullptr) {
    errors.push_back({"category", "invalid", "알 수 없는 분류입니다"});
  }
  if (input.tags.size() > kMaxTags) {
    errors.push_back({"tags", "too_many", "태그는 " + std::to_string(kMaxTags) + "개까지입니다"});
  }
  for (std::size_t i = 0; i < input.tags.size(); ++i) {
    const auto field = "tags/" + std::to_string(i);
    check_text(errors, field, input.tags[i], kMaxTagChars, true);
    if (input.tags[i].find('#') != std::string::npos) errors.push_back({field, "invalid", "태그에 #을 쓰지 마세요"});
  }
  if (input.cover_image) {
    const auto& c = *input.cover_image;
    if (c.size() > kMaxUrlChars || !is_valid_utf8(c) || !(is_http_url(c) || (c.front() == '/' && is_safe_url(c)))) {
      errors.push_back({"cover_image", "invalid", "표지 이미지는 http(s) 주소나 /로 시작하는 경로여야 합니다"});
    }
  }
  if (input.references.empty() || input.references.size() > kMaxReferences) {
    errors.push_back({"references", "count", "참고 자료는 1~4개여야 합니다"});
  }
  for (std::size_t i = 0; i < input.references.size() && i < kMaxReferences; ++i) {
    const auto& r = input.references[i];
    const auto p = "references/" + std::to_string(i) + "/";
    check_text(errors, p + "title", r.title, kMaxReferenceTitleChars, true);
    check_text(errors, p + "publisher", r.publisher, kMaxReferenceTitleChars, true);
    if (r.url.size() > kMaxUrlChars || !is_http_url(r.url)) {
      errors.push_back({p + "url", "invalid", "참고 자료 주소는 http(s) 주소여야 합니다"});
    }
    if (r.year < 1900 || r.year > 2100) errors.push_back({p + "year", "out_of_range", "연도가 올바르지 않습니다"});
  }
  return errors;
}

const std::vector<Category>& categories() {
  static const std::vector<Category> kAll{
      {"basics", "천식 기본 정보"},       {"medicines", "약과 흡입기 사용법"}, {"daily_life", "생활 관리"},
      {"exacerbation", "악화·응급 대처"}, {"children", "소아 천식"},          {"environment", "환경(미세먼지·꽃가루)"},
      {"diagnosis", "검사와 진료"},
  };
  return kAll;
}

const Category* category_by_code(std::string_view code) {
  for (const auto& c : categories()) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const Category* category_by_name(std::string_view name) {
  for (const auto& c : categories()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace soom::content
