// The content context's routes (wired by the composition root in src/app): public reads on
// the API listener, the editor workflow only on the back-office listener.
#include "http/router.hpp"
#include "modules/content/content.hpp"
#include "modules/content/handlers/content_handlers.hpp"

namespace soom::content {
namespace {

using http::Auth;
using http::Method;

using HandlerFn = http::Response (*)(ContentService&, http::Request&);

http::Route route(Method method, std::string pattern, Auth auth, HandlerFn fn, std::shared_ptr<ContentService> service,
                  http::RouteDoc doc, std::vector<std::string> roles = {}) {
  http::Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.auth = auth;
  r.roles = std::move(roles);
  r.handler = [fn, service = std::move(service)](http::Request& request) { return fn(*service, request); };
  doc.tag = doc.tag.empty() ? "content" : doc.tag;
  r.doc = std::move(doc);
  return r;
}

}  // namespace

void add_content_routes(http::Router& router, std::shared_ptr<ContentService> s) {
  namespace h = handlers;
  const std::pair<int, std::string> p400{400, "Problem"}, p401{401, "Problem"}, p404{404, "Problem"};
  router.add(route(Method::kGet, "/v1/articles", Auth::kNone, h::list_articles, s,
                   {"게시된 건강 정보 글 목록 (최신순, 분류·태그 필터, 커서 페이지네이션, limit ≤ 50)", "", "",
                    {{200, "ArticlePage"}, p400},
                    {"category", "tag", "cursor", "limit"}}));
  router.add(route(Method::kGet, "/v1/article-categories", Auth::kNone, h::list_categories, s,
                   {"글 분류 코드와 이름", "", "", {{200, "ArticleCategoryList"}}, {}}));
  router.add(route(Method::kGet, "/v1/articles/{ref}", Auth::kOptional, h::get_article, s,
                   {"글 읽기 (id 또는 slug; 조회수는 사용자·기기당 하루 한 번)", "", "",
                    {{200, "Article"}, p401, p404}, {}}));
  router.add(route(Method::kGet, "/v1/articles/{ref}/related", Auth::kNone, h::related_articles, s,
                   {"관련 글 (같은 태그·분류)", "", "", {{200, "ArticleSummaryList"}, p400, p404}, {"limit"}}));
  router.add(route(Method::kPut, "/v1/articles/{id:uuid}/bookmark", Auth::kRequired, h::put_bookmark, s,
                   {"글 북마크 (멱등)", "", "", {{204, ""}, p401, p404}, {}}));
  router.add(route(Method::kDelete, "/v1/articles/{id:uuid}/bookmark", Auth::kRequired, h::delete_bookmark, s,
                   {"글 북마크 해제 (멱등)", "", "", {{204, ""}, p401}, {}}));
  router.add(route(Method::kGet, "/v1/article-bookmarks", Auth::kRequired, h::list_bookmarks, s,
                   {"내 북마크 글 (최근 북마크순, 커서 페이지네이션)", "", "", {{200, "ArticlePage"}, p400, p401},
                    {"cursor", "limit"}}));
}

void add_content_editor_routes(http::Router& router, std::shared_ptr<ContentService> s) {
  namespace h = handlers;
  const std::vector<std::string> editors{"content_editor", "admin"};
  const std::pair<int, std::string> p400{400, "Problem"}, p401{401, "Problem"}, p403{403, "Problem"},
      p404{404, "Problem"}, p409{409, "Problem"}, p412{412, "Problem"}, p415{415, "Problem"}, p428{428, "Problem"};
  auto add = [&](Method m, const char* pattern, HandlerFn fn, http::RouteDoc doc) {
    doc.tag = "content-editor";
    router.add(route(m, pattern, Auth::kRequired, fn, s, std::move(doc), editors));
  };
  add(Method::kGet, "/admin/v1/content/articles", h::editor_list,
      {"편집용 글 목록 (상태 필터)", "", "", {{200, "EditorArticleList"}, p400, p401, p403}, {"status", "limit"}});
  add(Method::kPost, "/admin/v1/content/articles", h::editor_create,
      {"초안 작성", "", "ArticleInput", {{201, "EditorArticle"}, p400, p401, p403, p409, p415}, {}});
  add(Method::kGet, "/admin/v1/content/articles/{id:uuid}", h::editor_get,
      {"편집본 조회 (ETag 포함)", "", "", {{200, "EditorArticle"}, p401, p403, p404}, {}});
  add(Method::kPut, "/admin/v1/content/articles/{id:uuid}", h::editor_update,
      {"편집본 수정 (If-Match 필수; 게시본은 다시 게시할 때 바뀜)", "", "ArticleInput",
       {{200, "EditorArticle"}, p400, p401, p403, p404, p409, p412, p415, p428}, {}});
  add(Method::kGet, "/admin/v1/content/articles/{id:uuid}/preview", h::editor_preview,
      {"게시하지 않고 편집본을 HTML로 미리보기", "", "", {{200, "ArticlePreview"}, p401, p403, p404}, {}});
  add(Method::kPost, "/admin/v1/content/articles/{id:uuid}/publish", h::editor_publish,
      {"게시 (새 개정판 생성; If-Match 선택)", "", "", {{200, "EditorArticle"}, p400, p401, p403, p404, p412}, {}});
  add(Method::kPost, "/admin/v1/content/articles/{id:uuid}/unpublish", h::editor_unpublish,
      {"게시 중단 (초안으로)", "", "", {{200, "EditorArticle"}, p401, p403, p404, p412}, {}});
  add(Method::kPost, "/admin/v1/content/articles/{id:uuid}/archive", h::editor_archive,
      {"보관 (공개 중단)", "", "", {{200, "EditorArticle"}, p401, p403, p404, p412}, {}});
  add(Method::kGet, "/admin/v1/content/articles/{id:uuid}/revisions", h::editor_revisions,
      {"게시된 개정판 목록 (최신순, 변경 불가)", "", "", {{200, "ArticleRevisionList"}, p401, p403, p404}, {}});
  add(Method::kGet, "/admin/v1/content/articles/{id:uuid}/audit", h::editor_audit,
      {"편집 감사 기록 (누가, 무엇을, 언제)", "", "", {{200, "ArticleAuditList"}, p401, p403, p404}, {}});
}

}  // namespace soom::content
