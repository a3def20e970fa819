// /v1/articles…, /v1/article-bookmarks, /v1/article-categories (public) and
// /admin/v1/content/articles… (back office).
#include "modules/content/handlers/content_handlers.hpp"

#include <boost/json.hpp>

#include "core/encoding.hpp"
#include "http/json.hpp"
#include "http/problem.hpp"

namespace soom::content::handlers {
namespace {

namespace json = boost::json;

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

std::string_view category_name(const std::string& code) {
  const auto* c = category_by_code(code);
  return c ? c->name : std::string_view();
}

json::array tags_json(const std::vector<std::string>& tags) {
  json::array a;
  for (const auto& t : tags) a.emplace_back(json::string(t));
  return a;
}

json::array references_json(const std::vector<Reference>& refs) {
  json::array a;
  for (const auto& r : refs) {
    a.push_back(json::object{{"title", r.title}, {"publisher", r.publisher}, {"url", r.url}, {"year", r.year}});
  }
  return a;
}

json::object summary_json(const ArticleSummary& s) {
  return {{"id", s.id},
          {"slug", s.slug},
          {"title", s.title},
          {"summary", s.summary},
          {"category", s.category},
          {"category_name", category_name(s.category)},
          {"tags", tags_json(s.tags)},
          {"cover_image", opt(s.cover_image)},
          {"published_at", format_rfc3339(s.published_at)},
          {"view_count", s.view_count}};
}

json::object page_json(const ArticlePage& page) {
  json::array items;
  for (const auto& s : page.items) items.push_back(summary_json(s));
  return {{"items", std::move(items)}, {"next_cursor", opt(page.next_cursor)}};
}

json::object article_json(const PublishedArticle& a) {
  return {{"id", a.id},
          {"slug", a.slug},
          {"revision", a.revision},
          {"title", a.title},
          {"summary", a.summary},
          {"body_html", a.body_html},
          {"category", a.category},
          {"category_name", category_name(a.category)},
          {"tags", tags_json(a.tags)},
          {"cover_image", opt(a.cover_image)},
          {"references", references_json(a.references)},
          {"published_at", format_rfc3339(a.published_at)},
          {"updated_at", format_rfc3339(a.updated_at)},
          {"view_count", a.view_count}};
}

json::object editor_json(const EditorArticle& a) {
  return {{"id", a.id},
          {"status", a.status},
          {"slug", a.input.slug},
          {"title", a.input.title},
          {"summary", a.input.summary},
          {"body", a.input.body_markdown},
          {"category", a.input.category},
          {"tags", tags_json(a.input.tags)},
          {"cover_image", opt(a.input.cover_image)},
          {"references", references_json(a.input.references)},
          {"author_id", opt(a.author_id)},
          {"version", a.version},
          {"current_revision", a.current_revision ? json::value(*a.current_revision) : json::value(nullptr)},
          {"published_at", a.published_at ? json::value(format_rfc3339(*a.published_at)) : json::value(nullptr)},
          {"view_count", a.view_count},
          {"created_at", format_rfc3339(a.created_at)},
          {"updated_at", format_rfc3339(a.updated_at)}};
}

http::Response editor_response(int status, const EditorArticle& a) {
  auto response = http::json_response(status, editor_json(a));
  response.headers.set("etag", "\"" + std::to_string(a.version) + "\"");
  return response;
}

// If-Match: "N", W/"N" or N. A malformed value never matches (412), it is not ignored.
std::optional<std::int64_t> if_match(const http::Request& request) {
  const auto header = request.headers.get("if-match");
  if (!header) return std::nullopt;
  std::string_view v = *header;
  if (v.rfind("W/", 0) == 0) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::int64_t n = 0;
  if (v.empty() || v.size() > 15) return 0;
  for (char c : v) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::optional<int> limit_param(const http::Request& request, int fallback, http::FieldReader& errors) {
  const auto text = request.query_param("limit");
  if (!text) return fallback;
  if (text->empty() || text->size() > 4 || text->find_first_not_of("0123456789") != std::string::npos) {
    errors.add_error("limit", "type", "정수여야 합니다");
    return std::nullopt;
  }
  return std::stoi(*text);
}

// Anonymous readers are told apart by a hash of address and user agent (no raw IP stored).
std::string client_key(const http::Request& request) {
  const auto agent = request.headers.get("user-agent").value_or("");
  return hex_encode(sha256(request.remote_ip + "|" + std::string(agent))).substr(0, 32);
}

const std::string& user_of(const http::Request& request) { return request.principal.value().user_id; }

std::optional<ArticleInput> read_input(const json::object& body, http::FieldReader& in) {
  ArticleInput input;
  auto slug = in.text("slug", true, 1, 80);
  auto title = in.text("title", true, 1, 120);
  auto summary = in.text("summary", true, 1, 400);
  auto markdown = in.text("body", true, 1, kMaxBodyBytes);
  auto category = in.text("category", true, 1, 40);
  std::optional<std::string> cover;
  if (!in.is_null("cover_image")) cover = in.text("cover_image", false, 0, 500);
  if (const auto* tags = in.array("tags", false, kMaxTags)) {
    for (std::size_t i = 0; i < tags->size(); ++i) {
      if (!(*tags)[i].is_string()) {
        in.add_error("tags/" + std::to_string(i), "type", "문자열이어야 합니다");
      } else {
        input.tags.emplace_back((*tags)[i].as_string());
      }
    }
  }
  if (const auto* refs = in.array("references", true, kMaxReferences)) {
    for (std::size_t i = 0; i < refs->size(); ++i) {
      const auto& v = (*refs)[i];
      if (!v.is_object()) {
        in.add_error("references/" + std::to_string(i), "type", "객체여야 합니다");
        continue;
      }
      http::FieldReader r(v.as_object(), in.path("references/" + std::to_string(i)) + "/");
      auto t = r.text("title", true, 1, 300);
      auto p = r.text("publisher", true, 1, 300);
      auto u = r.text("url", true, 1, 500);
      auto y = r.integer("year", true, 1900, 2100);
      in.absorb(r);
      if (t && p && u && y) input.references.push_back({*t, *p, *u, static_cast<int>(*y)});
    }
  }
  (void)body;
  if (!in.ok()) return std::nullopt;
  input.slug = *slug;
  input.title = *title;
  input.summary = *summary;
  input.body_markdown = *markdown;
  input.category = *category;
  input.cover_image = cover;
  return input;
}

template <typename T, typename Render>
json::object items_json(const std::vector<T>& items, Render&& render) {
  json::array out;
  for (const auto& i : items) out.push_back(render(i));
  return {{"items", std::move(out)}};
}

}  // namespace

http::Response list_articles(ContentService& service, http::Request& request) {
  json::object none;
  http::FieldReader errors(none);
  auto limit = limit_param(request, 20, errors);
  if (!errors.ok()) return http::problem_response(errors.error(), request);
  ListQuery q{request.query_param("category"), request.query_param("tag"), request.query_param("cursor"), *limit};
  return http::respond(request, service.list_published(q), 200, page_json);
}

http::Response get_article(ContentService& service, http::Request& request) {
  Viewer viewer;
  if (request.principal) viewer.user_id = request.principal->user_id;
  viewer.client_key = client_key(request);
  return http::respond(request, service.read_published(request.path_param("ref"), viewer), 200, article_json);
}

http::Response related_articles(ContentService& service, http::Request& request) {
  json::object none;
  http::FieldReader errors(none);
  auto limit = limit_param(request, 5, errors);
  if (!errors.ok()) return http::problem_response(errors.error(), request);
  return http::respond(request, service.related(request.path_param("ref"), *limit), 200,
                       [](const auto& items) { return items_json(items, summary_json); });
}

http::Response put_bookmark(ContentService& service, http::Request& request) {
  return http::respond_no_content(request, service.bookmark(user_of(request), request.path_param("id")));
}

http::Response delete_bookmark(ContentService& service, http::Request& request) {
  return http::respond_no_content(request, service.remove_bookmark(user_of(request), request.path_param("id")));
}

http::Response list_bookmarks(ContentService& service, http::Request& request) {
  json::object none;
  http::FieldReader errors(none);
  auto limit = limit_param(request, 20, errors);
  if (!errors.ok()) return http::problem_response(errors.error(), request);
  return http::respond(request, service.bookmarks(user_of(request), request.query_param("cursor"), *limit), 200,
                       page_json);
}

http::Response list_categories(ContentService&, http::Request&) {
  json::array items;
  for (const auto& c : categories()) items.push_back(json::object{{"code", c.code}, {"name", c.name}});
  return http::json_response(200, json::object{{"items", std::move(items)}});
}

http::Response editor_list(ContentService& service, http::Request& request) {
  json::object none;
  http::FieldReader errors(none);
  auto limit = limit_param(request, 100, errors);
  if (!errors.ok()) return http::problem_response(errors.error(), request);
  return http::respond(request, service.editor_list(request.query_param("status"), *limit), 200,
                       [](const auto& items) { return items_json(items, editor_json); });
}

http::Response editor_create(ContentService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto input = read_input(*body, in);
  if (!input) return http::problem_response(in.error(), request);
  auto created = service.create_draft(user_of(request), *input);
  if (!created) return http::problem_response(created.error(), request);
  return editor_response(201, *created);
}

http::Response editor_get(ContentService& service, http::Request& request) {
  auto a = service.editor_get(request.path_param("id"));
  if (!a) return http::problem_response(a.error(), request);
  return editor_response(200, *a);
}

http::Response editor_update(ContentService& service, http::Request& request) {
  const auto expected = if_match(request);
  if (!expected) {
    return http::problem_response(
        Error::make(ErrorCode::kPreconditionRequired, "수정에는 If-Match 헤더(ETag)가 필요합니다"), request);
  }
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto input = read_input(*body, in);
  if (!input) return http::problem_response(in.error(), request);
  auto updated = service.update_draft(user_of(request), request.path_param("id"), *input, expected);
  if (!updated) return http::problem_response(updated.error(), request);
  return editor_response(200, *updated);
}

http::Response editor_preview(ContentService& service, http::Request& request) {
  return http::respond(request, service.preview(request.path_param("id")), 200,
                       [](const std::string& html) { return json::object{{"body_html", html}}; });
}

http::Response editor_publish(ContentService& service, http::Request& request) {
  auto a = service.publish(user_of(request), request.path_param("id"), if_match(request));
  if (!a) return http::problem_response(a.error(), request);
  return editor_response(200, *a);
}

http::Response editor_unpublish(ContentService& service, http::Request& request) {
  auto a = service.unpublish(user_of(request), request.path_param("id"), "draft", if_match(request));
  if (!a) return http::problem_response(a.error(), request);
  return editor_response(200, *a);
}

http::Response editor_archive(ContentService& service, http::Request& request) {
  auto a = service.unpublish(user_of(request), request.path_param("id"), "archived", if_match(request));
  if (!a) return http::problem_response(a.error(), request);
  return editor_response(200, *a);
}

http::Response editor_revisions(ContentService& service, http::Request& request) {
  return http::respond(request, service.revisions(request.path_param("id")), 200, [](const auto& items) {
    return items_json(items, [](const Revision& r) {
      return json::object{{"revision", r.revision},
                          {"title", r.title},
                          {"summary", r.summary},
                          {"body", r.body_markdown},
                          {"category", r.category},
                          {"tags", tags_json(r.tags)},
                          {"editor_id", opt(r.editor_id)},
                          {"published_at", format_rfc3339(r.published_at)}};
    });
  });
}

http::Response editor_audit(ContentService& service, http::Request& request) {
  return http::respond(request, service.audit_trail(request.path_param("id")), 200, [](const auto& items) {
    return items_json(items, [](const AuditEntry& e) {
      return json::object{{"id", e.id},          {"actor_id", opt(e.actor_id)}, {"action", e.action},
                          {"article_id", e.article_id}, {"detail", e.detail},        {"at", format_rfc3339(e.at)}};
    });
  });
}

}  // namespace soom::content::handlers
