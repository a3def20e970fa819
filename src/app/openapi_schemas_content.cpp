// Component schemas of the content context's API (src/modules/content).
#include "app/openapi_schema_builders.hpp"

namespace soom::app {

void add_content_schemas(boost::json::object& s) {
  using namespace schema;  // NOLINT(google-build-using-namespace): builders only, in a .cpp
  namespace json = boost::json;
  const auto strings = json::object{{"type", "array"}, {"items", str()}};
  const auto count = integer(0, INT64_MAX);
  const auto category =
      one_of({"basics", "medicines", "daily_life", "exacerbation", "children", "environment", "diagnosis"});
  s["ArticleReference"] = object({{"title", str()}, {"publisher", str()}, {"url", str("http(s) URL")},
                                  {"year", integer(1900, 2100)}},
                                 {"title", "publisher", "url", "year"});
  s["ArticleSummary"] = object({{"id", str("UUID")},
                                {"slug", str("lower-kebab ASCII")},
                                {"title", str()},
                                {"summary", str()},
                                {"category", category},
                                {"category_name", str("분류 이름 (한국어)")},
                                {"tags", strings},
                                {"cover_image", nullable("string")},
                                {"published_at", str("RFC 3339 UTC, 처음 게시한 시각")},
                                {"view_count", count}},
                               {"id", "slug", "title", "summary", "category", "category_name", "tags", "published_at",
                                "view_count"});
  s["ArticlePage"] = object({{"items", array_of("ArticleSummary")}, {"next_cursor", nullable("string")}},
                            {"items", "next_cursor"});
  s["ArticleSummaryList"] = object({{"items", array_of("ArticleSummary")}}, {"items"});
  s["ArticleCategoryList"] =
      object({{"items", json::object{{"type", "array"},
                                     {"items", object({{"code", category}, {"name", str()}}, {"code", "name"})}}}},
             {"items"});
  s["Article"] = object({{"id", str("UUID")},
                         {"slug", str()},
                         {"revision", integer(1, INT64_MAX)},
                         {"title", str()},
                         {"summary", str()},
                         {"body_html", str("본문 HTML (원시 HTML은 이스케이프, http(s)·상대 링크만 허용)")},
                         {"category", category},
                         {"category_name", str()},
                         {"tags", strings},
                         {"cover_image", nullable("string")},
                         {"references", array_of("ArticleReference")},
                         {"published_at", str("RFC 3339 UTC")},
                         {"updated_at", str("RFC 3339 UTC, 이 개정판을 게시한 시각")},
                         {"view_count", count}},
                        {"id", "slug", "revision", "title", "summary", "body_html", "category", "tags", "references",
                         "published_at", "updated_at", "view_count"});
  s["ArticleInput"] = object({{"slug", str("lower-kebab ASCII, 80자 이하")},
                              {"title", str("120자 이하")},
                              {"summary", str("400자 이하")},
                              {"body", str("Markdown (CommonMark + GFM), 100KB 이하")},
                              {"category", category},
                              {"tags", strings},
                              {"cover_image", nullable("string")},
                              {"references", array_of("ArticleReference")}},
                             {"slug", "title", "summary", "body", "category", "references"});
  s["EditorArticle"] = object({{"id", str("UUID")},
                               {"status", one_of({"draft", "published", "archived"})},
                               {"slug", str()},
                               {"title", str()},
                               {"summary", str()},
                               {"body", str("Markdown")},
                               {"category", category},
                               {"tags", strings},
                               {"cover_image", nullable("string")},
                               {"references", array_of("ArticleReference")},
                               {"author_id", nullable("string")},
                               {"version", integer(1, INT64_MAX)},
                               {"current_revision", nullable("integer")},
                               {"published_at", nullable("string")},
                               {"view_count", count},
                               {"created_at", str()},
                               {"updated_at", str()}},
                              {"id", "status", "slug", "title", "summary", "body", "category", "tags", "references",
                               "version", "created_at", "updated_at"});
  s["EditorArticleList"] = object({{"items", array_of("EditorArticle")}}, {"items"});
  s["ArticlePreview"] = object({{"body_html", str()}}, {"body_html"});
  s["ArticleRevision"] = object({{"revision", integer(1, INT64_MAX)},
                                 {"title", str()},
                                 {"summary", str()},
                                 {"body", str()},
                                 {"category", category},
                                 {"tags", strings},
                                 {"editor_id", nullable("string")},
                                 {"published_at", str()}},
                                {"revision", "title", "summary", "body", "category", "tags", "published_at"});
  s["ArticleRevisionList"] = object({{"items", array_of("ArticleRevision")}}, {"items"});
  s["ArticleAuditEntry"] = object({{"id", str()},
                                   {"actor_id", nullable("string")},
                                   {"action", one_of({"create", "update", "publish", "unpublish", "archive"})},
                                   {"article_id", str()},
                                   {"detail", str()},
                                   {"at", str()}},
                                  {"id", "action", "article_id", "detail", "at"});
  s["ArticleAuditList"] = object({{"items", array_of("ArticleAuditEntry")}}, {"items"});
}

}  // namespace soom::app
