#include "modules/search/handlers/search_handlers.hpp"

#include <boost/json.hpp>

#include "core/encoding.hpp"
#include "http/json.hpp"
#include "http/problem.hpp"

namespace soom::search::handlers {
namespace {

namespace json = boost::json;

constexpr int kSuggestLimit = 10;
constexpr int kMaxOffset = 1000;  // deep paging through relevance results is not useful
constexpr std::string_view kCursorPrefix = "s1:";
constexpr std::int64_t kDefaultStatsWindowMs = 30LL * 24 * 3600 * 1000;

std::optional<int> int_param(const http::Request& request, const std::string& name, int fallback, int min, int max,
                             std::vector<FieldError>& errors) {
  const auto text = request.query_param(name);
  if (!text) return fallback;
  if (text->empty() || text->size() > 4 || text->find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(*text) < min || std::stoi(*text) > max) {
    errors.push_back({name, "range", std::to_string(min) + "~" + std::to_string(max) + " 사이의 정수여야 합니다"});
    return std::nullopt;
  }
  return std::stoi(*text);
}

// The cursor is opaque to clients; today it carries the next offset.
std::string encode_cursor(int offset) { return base64url_encode(std::string(kCursorPrefix) + std::to_string(offset)); }

std::optional<int> decode_cursor(const std::string& cursor) {
  const auto raw = base64url_decode(cursor);
  if (!raw || raw->rfind(kCursorPrefix, 0) != 0) return std::nullopt;
  const auto digits = raw->substr(kCursorPrefix.size());
  if (digits.empty() || digits.size() > 4 || digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const int offset = std::stoi(digits);
  if (offset > kMaxOffset) return std::nullopt;
  return offset;
}

json::array facets_json(const std::vector<FacetCount>& facets) {
  json::array out;
  for (const auto& f : facets) out.push_back(json::object{{"value", f.value}, {"count", f.count}});
  return out;
}

json::object hit_json(const Hit& h) {
  return {{"kind", to_string(h.kind)},
          {"id", h.id},
          {"title_html", h.title_html},
          {"snippet_html", h.snippet_html},
          {"category", h.category},
          {"published_at", format_rfc3339(from_unix_ms(h.published_at_ms))},
          {"score", h.score}};
}

json::object results_json(const SearchResults& r) {
  json::array items;
  for (const auto& h : r.hits) items.push_back(hit_json(h));
  return {{"items", std::move(items)},
          {"total", r.total},
          {"next_cursor", r.next_offset ? json::value(encode_cursor(*r.next_offset)) : json::value(nullptr)},
          {"query_id", r.query_id ? json::value(*r.query_id) : json::value(nullptr)},
          {"facets", json::object{{"scopes", facets_json(r.scopes)}, {"categories", facets_json(r.categories)}}}};
}

}  // namespace

http::Response search(Context& c, http::Request& request) {
  std::vector<FieldError> errors;
  Query query;
  const auto q = request.query_param("q");
  if (!q) errors.push_back({"q", "required", "검색어를 입력해 주세요"});
  const auto scope = parse_scope(request.query_param("scope").value_or("all"));
  if (!scope) errors.push_back({"scope", "enum", "all, articles, posts 중 하나여야 합니다"});
  const auto category = request.query_param("category");
  if (category && (category->empty() || category->size() > 40)) {
    errors.push_back({"category", "length", "1~40자여야 합니다"});
  }
  const auto limit = int_param(request, "limit", 10, 1, kMaxPageSize, errors);
  std::optional<int> offset = 0;
  if (const auto cursor = request.query_param("cursor")) {
    offset = decode_cursor(*cursor);
    if (!offset) errors.push_back({"cursor", "invalid", "올바르지 않은 커서입니다"});
  }
  if (!errors.empty()) return http::problem_response(Error::validation(std::move(errors)), request);
  query.text = *q;
  query.scope = *scope;
  query.category = category;
  query.offset = *offset;
  query.limit = *limit;
  query.now_ms = to_unix_ms(c.clock->now());
  return http::respond(request, c.index->search(query), 200, results_json);
}

http::Response suggest(Context& c, http::Request& request) {
  const auto q = request.query_param("q").value_or("");
  if (q.empty() || q.size() > 200 || !is_valid_utf8(q)) {
    return http::problem_response(Error::validation("q", "invalid", "1~200바이트의 올바른 UTF-8 문자열이어야 합니다"),
                                  request);
  }
  return http::respond(request, c.index->suggest(q, kSuggestLimit), 200, [](const std::vector<Suggestion>& items) {
    json::array out;
    for (const auto& s : items) out.push_back(json::object{{"text", s.text}, {"source", s.source}});
    return json::object{{"items", std::move(out)}};
  });
}

http::Response record_click(Context& c, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto query_id = in.text("query_id", true, 1, 64);
  auto kind_text = in.text("kind", true, 1, 16);
  auto id = in.text("id", true, 1, 200);
  std::optional<DocKind> kind;
  if (kind_text) {
    kind = parse_doc_kind(*kind_text);
    if (!kind) in.add_error("kind", "enum", "article 또는 post여야 합니다");
  }
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond_no_content(request, c.index->record_click(*query_id, *kind, *id));
}

http::Response top_queries(Context& c, http::Request& request) {
  std::vector<FieldError> errors;
  bool zero_only = false;
  if (const auto z = request.query_param("zero_results")) {
    if (*z == "true") {
      zero_only = true;
    } else if (*z != "false") {
      errors.push_back({"zero_results", "type", "true 또는 false여야 합니다"});
    }
  }
  std::int64_t since_ms = to_unix_ms(c.clock->now()) - kDefaultStatsWindowMs;
  if (const auto since = request.query_param("since")) {
    if (const auto t = parse_rfc3339(*since)) {
      since_ms = to_unix_ms(*t);
    } else {
      errors.push_back({"since", "format", "RFC 3339 시각이어야 합니다"});
    }
  }
  const auto limit = int_param(request, "limit", 50, 1, 200, errors);
  if (!errors.empty()) return http::problem_response(Error::validation(std::move(errors)), request);
  return http::respond(request, c.index->top_queries(since_ms, zero_only, *limit), 200,
                       [](const std::vector<QueryStat>& stats) {
                         json::array out;
                         for (const auto& s : stats) {
                           out.push_back(json::object{{"query", s.query},
                                                      {"searches", s.searches},
                                                      {"clicks", s.clicks},
                                                      {"last_result_count", s.last_result_count}});
                         }
                         return json::object{{"items", std::move(out)}};
                       });
}

http::Response list_synonyms(Context& c, http::Request& request) {
  return http::respond(request, search::list_synonyms(*c.db), 200, [](const std::vector<SynonymGroup>& groups) {
    json::array out;
    for (const auto& g : groups) {
      json::array terms;
      for (const auto& t : g.terms) terms.emplace_back(json::string(t));
      out.push_back(json::object{{"id", g.id}, {"terms", std::move(terms)}});
    }
    return json::object{{"items", std::move(out)}};
  });
}

http::Response add_synonym(Context& c, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto group_id = in.text("group_id", true, 1, 64);
  auto term = in.text("term", true, 1, 50);
  if (!in.ok()) return http::problem_response(in.error(), request);
  auto status = search::add_synonym(*c.db, *group_id, *term);
  if (status) c.index->reload_synonyms();
  return http::respond_no_content(request, status);
}

http::Response remove_synonym(Context& c, http::Request& request) {
  const auto term = request.query_param("term").value_or("");
  if (term.empty() || term.size() > 200 || !is_valid_utf8(term)) {
    return http::problem_response(Error::validation("term", "required", "삭제할 동의어를 입력해 주세요"), request);
  }
  auto status = search::remove_synonym(*c.db, term);
  if (status) c.index->reload_synonyms();
  return http::respond_no_content(request, status);
}

}  // namespace soom::search::handlers
