// Component schemas of the search context's API (src/modules/search).
#include "app/openapi_schema_builders.hpp"

namespace soom::app {

void add_search_schemas(boost::json::object& s) {
  using namespace schema;  // NOLINT(google-build-using-namespace): builders only, in a .cpp
  namespace json = boost::json;
  const auto kind = one_of({"article", "post"});
  const auto count = integer(0, INT64_MAX);
  const auto facet = [&] {
    return json::object{{"type", "array"},
                        {"items", object({{"value", str()}, {"count", integer(0, INT32_MAX)}}, {"value", "count"})}};
  };
  s["SearchHit"] = object({{"kind", kind},
                           {"id", str("글 id(UUID) 또는 커뮤니티 글 id")},
                           {"title_html", str("HTML 이스케이프된 제목, 검색어는 <mark>로 감쌈")},
                           {"snippet_html", str("HTML 이스케이프된 본문 발췌, 검색어는 <mark>로 감쌈")},
                           {"category", str()},
                           {"published_at", str("RFC 3339 UTC")},
                           {"score", number()}},
                          {"kind", "id", "title_html", "snippet_html", "category", "published_at", "score"});
  s["SearchResults"] = object(
      {{"items", array_of("SearchHit")},
       {"total", integer(0, INT32_MAX)},
       {"next_cursor", nullable("string")},
       {"query_id", nullable("string")},
       {"facets", object({{"scopes", facet()}, {"categories", facet()}}, {"scopes", "categories"})}},
      {"items", "total", "next_cursor", "query_id", "facets"});
  s["SearchSuggestionList"] = object(
      {{"items", json::object{{"type", "array"},
                              {"items", object({{"text", str()}, {"source", one_of({"title", "tag", "drug", "query"})}},
                                               {"text", "source"})}}}},
      {"items"});
  s["SearchClickInput"] =
      object({{"query_id", str("검색 응답의 query_id")}, {"kind", kind}, {"id", str()}}, {"query_id", "kind", "id"});
  s["SearchQueryStatList"] = object(
      {{"items", json::object{{"type", "array"},
                              {"items", object({{"query", str()},
                                                {"searches", count},
                                                {"clicks", count},
                                                {"last_result_count", count}},
                                               {"query", "searches", "clicks", "last_result_count"})}}}},
      {"items"});
  s["SearchSynonymGroupList"] = object(
      {{"items", json::object{{"type", "array"},
                              {"items", object({{"id", str()}, {"terms", json::object{{"type", "array"}, {"items", str()}}}},
                                               {"id", "terms"})}}}},
      {"items"});
  s["SearchSynonymInput"] =
      object({{"group_id", str("그룹 id (없으면 새 그룹)")}, {"term", str("50자 이하")}}, {"group_id", "term"});
}

}  // namespace soom::app
