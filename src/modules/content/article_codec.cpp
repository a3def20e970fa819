#include "modules/content/article_codec.hpp"

#include <boost/json.hpp>

#include "core/encoding.hpp"

namespace soom::content {

namespace json = boost::json;

std::string tags_to_json(const std::vector<std::string>& tags) {
  json::array a;
  for (const auto& t : tags) a.emplace_back(t);
  return json::serialize(a);
}

std::vector<std::string> tags_from_json(const std::string& text) {
  std::vector<std::string> out;
  const auto parsed = json::parse(text);  // keep alive: the loop borrows from it
  for (const auto& v : parsed.as_array()) out.emplace_back(v.as_string());
  return out;
}

std::string references_to_json(const std::vector<Reference>& references) {
  json::array a;
  for (const auto& r : references) {
    a.push_back(json::object{{"title", r.title}, {"publisher", r.publisher}, {"url", r.url}, {"year", r.year}});
  }
  return json::serialize(a);
}

std::vector<Reference> references_from_json(const std::string& text) {
  std::vector<Reference> out;
  const auto parsed = json::parse(text);
  for (const auto& v : parsed.as_array()) {
    const auto& o = v.as_object();
    out.push_back({std::string(o.at("title").as_string()), std::string(o.at("publisher").as_string()),
                   std::string(o.at("url").as_string()), static_cast<int>(o.at("year").to_number<std::int64_t>())});
  }
  return out;
}

std::string content_hash(const ArticleInput& input) {
  json::object o{{"slug", input.slug},
                 {"title", input.title},
                 {"summary", input.summary},
                 {"body", input.body_markdown},
                 {"category", input.category},
                 {"tags", json::parse(tags_to_json(input.tags))},
                 {"cover_image", input.cover_image ? json::value(*input.cover_image) : json::value(nullptr)},
                 {"references", json::parse(references_to_json(input.references))}};
  return hex_encode(sha256(json::serialize(o)));
}

}  // namespace soom::content
