// The search context's routes (wired by the composition root in src/app): search, suggest and
// click feedback on the API listener; query statistics and synonyms only on the back office.
#include "http/router.hpp"
#include "modules/search/handlers/search_handlers.hpp"
#include "modules/search/search.hpp"

namespace soom::search {
namespace {

using http::Auth;
using http::Method;

using HandlerFn = http::Response (*)(handlers::Context&, http::Request&);

http::Route route(Method method, std::string pattern, Auth auth, HandlerFn fn,
                  std::shared_ptr<handlers::Context> context, http::RouteDoc doc, std::vector<std::string> roles = {}) {
  http::Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.auth = auth;
  r.roles = std::move(roles);
  r.handler = [fn, context = std::move(context)](http::Request& request) { return fn(*context, request); };
  doc.tag = doc.tag.empty() ? "search" : doc.tag;
  r.doc = std::move(doc);
  return r;
}

}  // namespace

void add_search_routes(http::Router& router, std::shared_ptr<SearchIndex> index, std::shared_ptr<const Clock> clock) {
  namespace h = handlers;
  auto c = std::make_shared<h::Context>(h::Context{std::move(index), nullptr, std::move(clock)});
  const std::pair<int, std::string> p400{400, "Problem"}, p401{401, "Problem"}, p404{404, "Problem"},
      p415{415, "Problem"};
  router.add(route(Method::kGet, "/v1/search", Auth::kOptional, h::search, c,
                   {"글·커뮤니티 통합 검색 (관련도순, <mark> 강조 스니펫, 분류 집계, 커서 페이지네이션, limit ≤ 50)",
                    "", "", {{200, "SearchResults"}, p400, p401},
                    {"q", "scope", "category", "cursor", "limit"}}));
  router.add(route(Method::kGet, "/v1/search/suggest", Auth::kNone, h::suggest, c,
                   {"검색어 자동완성 (접두어·초성; 제목, 태그, 약 이름, 인기 검색어)", "", "",
                    {{200, "SearchSuggestionList"}, p400}, {"q"}}));
  router.add(route(Method::kPost, "/v1/search/clicks", Auth::kOptional, h::record_click, c,
                   {"검색 결과 클릭 기록 (검색 품질 개선용, 사용자 정보 저장 안 함)", "", "SearchClickInput",
                    {{204, ""}, p400, p401, p404, p415}, {}}));
}

void add_search_admin_routes(http::Router& router, std::shared_ptr<SearchIndex> index, std::shared_ptr<db::Database> db,
                             std::shared_ptr<const Clock> clock) {
  namespace h = handlers;
  auto c = std::make_shared<h::Context>(h::Context{std::move(index), std::move(db), std::move(clock)});
  const std::vector<std::string> editors{"content_editor", "admin"};
  const std::pair<int, std::string> p400{400, "Problem"}, p401{401, "Problem"}, p403{403, "Problem"},
      p409{409, "Problem"}, p415{415, "Problem"};
  auto add = [&](Method m, const char* pattern, HandlerFn fn, http::RouteDoc doc) {
    doc.tag = "search-admin";
    router.add(route(m, pattern, Auth::kRequired, fn, c, std::move(doc), editors));
  };
  add(Method::kGet, "/admin/v1/search/queries", h::top_queries,
      {"많이 검색된 검색어 (기본 최근 30일; zero_results=true면 결과 없는 검색어만)", "", "",
       {{200, "SearchQueryStatList"}, p400, p401, p403}, {"zero_results", "since", "limit"}});
  add(Method::kGet, "/admin/v1/search/synonyms", h::list_synonyms,
      {"동의어 그룹 목록", "", "", {{200, "SearchSynonymGroupList"}, p401, p403}, {}});
  add(Method::kPost, "/admin/v1/search/synonyms", h::add_synonym,
      {"동의어 추가 (그룹이 없으면 새로 만듦; 즉시 검색에 반영)", "", "SearchSynonymInput",
       {{204, ""}, p400, p401, p403, p409, p415}, {}});
  add(Method::kDelete, "/admin/v1/search/synonyms", h::remove_synonym,
      {"동의어 삭제 (멱등; 즉시 검색에 반영)", "", "", {{204, ""}, p400, p401, p403}, {"term"}});
}

}  // namespace soom::search
