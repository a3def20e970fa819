#include "modules/content/front_matter.hpp"

#include <toml++/toml.h>

#include <set>

#include "modules/content/article_rules.hpp"

namespace soom::content {
namespace {

Error file_error(std::string_view file, const std::string& key, const std::string& message) {
  const auto text = std::string(file) + ": " + key + ": " + message;
  auto error = Error::validation(key, "invalid", text);
  error.public_message = text;
  return error;
}

// Splits "+++\n<toml>+++\n<body>"; the delimiters are lines containing exactly +++.
bool split(std::string_view text, std::string& front, std::string& body) {
  if (text.rfind("+++\n", 0) != 0) return false;
  const auto end = text.find("\n+++\n", 3);
  if (end == std::string_view::npos) return false;
  front = std::string(text.substr(4, end - 3));
  body = std::string(text.substr(end + 5));
  return true;
}

std::optional<std::string> string_at(const toml::table& t, std::string_view key) {
  if (const auto* v = t.get_as<std::string>(key)) return v->get();
  return std::nullopt;
}

}  // namespace

Result<ArticleInput> parse_article_file(std::string_view file_name, std::string_view text) {
  std::string front, body;
  if (!split(text, front, body)) return file_error(file_name, "front_matter", "+++ 줄 사이의 TOML 머리말이 없습니다");
  toml::table table;
  try {
    table = toml::parse(front);
  } catch (const toml::parse_error& e) {
    return file_error(file_name, "front_matter", std::string("TOML 오류: ") + std::string(e.description()));
  }
  static const std::set<std::string, std::less<>> kKeys{"slug",    "title",       "summary",   "category",
                                                        "tags",    "cover_image", "references"};
  for (const auto& [key, node] : table) {
    if (!kKeys.contains(key.str())) return file_error(file_name, std::string(key.str()), "알 수 없는 키입니다");
  }
  ArticleInput in;
  for (const char* key : {"slug", "title", "summary", "category", "cover_image"}) {
    if (!string_at(table, key)) return file_error(file_name, key, "문자열이 필요합니다");
  }
  in.slug = *string_at(table, "slug");
  in.title = *string_at(table, "title");
  in.summary = *string_at(table, "summary");
  in.cover_image = *string_at(table, "cover_image");
  const auto category_name = *string_at(table, "category");
  const auto* category = category_by_name(category_name);
  if (category == nullptr) return file_error(file_name, "category", "알 수 없는 분류: " + category_name);
  in.category = std::string(category->code);
  const auto* tags = table.get_as<toml::array>("tags");
  if (tags == nullptr) return file_error(file_name, "tags", "문자열 배열이 필요합니다");
  for (const auto& t : *tags) {
    const auto* s = t.as_string();
    if (s == nullptr) return file_error(file_name, "tags", "문자열 배열이 필요합니다");
    in.tags.push_back(s->get());
  }
  const auto* refs = table.get_as<toml::array>("references");
  if (refs == nullptr) return file_error(file_name, "references", "[[references]] 항목이 필요합니다");
  static const std::set<std::string, std::less<>> kRefKeys{"title", "publisher", "url", "year"};
  for (const auto& node : *refs) {
    const auto* r = node.as_table();
    if (r == nullptr) return file_error(file_name, "references", "표 배열이어야 합니다");
    for (const auto& [key, v] : *r) {
      if (!kRefKeys.contains(key.str())) {
        return file_error(file_name, "references." + std::string(key.str()), "알 수 없는 키입니다");
      }
    }
    Reference ref;
    auto title = string_at(*r, "title"), publisher = string_at(*r, "publisher"), url = string_at(*r, "url");
    const auto* year = r->get_as<std::int64_t>("year");
    if (!title || !publisher || !url || year == nullptr) {
      return file_error(file_name, "references", "title, publisher, url, year가 모두 필요합니다");
    }
    ref.title = *title;
    ref.publisher = *publisher;
    ref.url = *url;
    ref.year = static_cast<int>(year->get());
    in.references.push_back(std::move(ref));
  }
  in.body_markdown = std::move(body);
  in = normalize_input(std::move(in));

  // NN-slug.md: the slug is the identity and must match the file name.
  std::string_view stem = file_name;
  if (stem.size() > 3 && stem.substr(stem.size() - 3) == ".md") stem.remove_suffix(3);
  const auto dash = stem.find('-');
  if (dash == std::string_view::npos || stem.substr(dash + 1) != in.slug) {
    return file_error(file_name, "slug", "파일 이름(NN-slug.md)과 슬러그가 다릅니다: " + in.slug);
  }
  if (auto errors = validate_article(in); !errors.empty()) {
    return file_error(file_name, errors.front().field, errors.front().message);
  }
  return in;
}

}  // namespace soom::content
