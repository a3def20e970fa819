// The community context's routes (wired by the composition root in src/app): the public
// API, and the moderation API that only the back-office listener serves.
#include "http/router.hpp"
#include "modules/community/community.hpp"
#include "modules/community/handlers/community_handlers.hpp"

namespace soom::community {
namespace {

using http::Auth;
using http::Method;

using HandlerFn = http::Response (*)(CommunityService&, http::Request&);

http::Route route(Method method, std::string pattern, Auth auth, HandlerFn fn,
                  std::shared_ptr<CommunityService> service, http::RouteDoc doc, std::vector<std::string> roles = {}) {
  http::Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.auth = auth;
  r.roles = std::move(roles);
  r.handler = [fn, service = std::move(service)](http::Request& request) { return fn(*service, request); };
  doc.tag = "community";
  r.doc = std::move(doc);
  return r;
}

}  // namespace

void add_community_routes(http::Router& router, std::shared_ptr<CommunityService> s) {
  namespace h = handlers;
  const std::pair<int, std::string> p400{400, "Problem"}, p401{401, "Problem"}, p403{403, "Problem"},
      p404{404, "Problem"}, p409{409, "Problem"}, p415{415, "Problem"}, p429{429, "Problem"};
  const auto R = Auth::kRequired;
  router.add(route(Method::kGet, "/v1/community/categories", Auth::kNone, h::list_categories, s,
                   {"커뮤니티 카테고리 목록 (고정 코드와 한글 이름)", "", "", {{200, "CommunityCategoryList"}}, {}}));
  router.add(route(Method::kGet, "/v1/community/posts", R, h::list_posts, s,
                   {"커뮤니티 피드 (latest: 최신순, popular: 시간 감쇠 인기순; 커서 페이지네이션, limit ≤ 50)", "", "",
                    {{200, "CommunityFeed"}, p400, p401}, {"category", "sort", "cursor", "limit"}}));
  router.add(route(Method::kPost, "/v1/community/posts", R, h::create_post, s,
                   {"글쓰기 (익명 선택, 내 기록 스냅샷 첨부; Idempotency-Key 또는 client_id로 재시도 안전; 개인정보 경고)",
                    "", "CommunityPostInput",
                    {{201, "CommunityPostWrite"}, {200, "CommunityPostWrite"}, p400, p401, p403, p409, p415, p429},
                    {}}));
  router.add(route(Method::kGet, "/v1/community/posts/{id:uuid}", R, h::get_post, s,
                   {"글과 댓글 (답글 1단계, 삭제된 댓글은 자리만 남김)", "", "", {{200, "CommunityPostDetail"}, p401, p404},
                    {}}));
  router.add(route(Method::kPut, "/v1/community/posts/{id:uuid}", R, h::edit_post, s,
                   {"내 글 수정 (스냅샷은 바꿀 수 없음)", "", "CommunityPostInput",
                    {{200, "CommunityPostWrite"}, p400, p401, p403, p404, p415}, {}}));
  router.add(route(Method::kDelete, "/v1/community/posts/{id:uuid}", R, h::delete_post, s,
                   {"내 글 삭제", "", "", {{204, ""}, p401, p404}, {}}));
  router.add(route(Method::kPost, "/v1/community/posts/{id:uuid}/comments", R, h::add_comment, s,
                   {"댓글·답글 쓰기 (답글은 1단계까지)", "", "CommunityCommentInput",
                    {{201, "CommunityCommentWrite"}, {200, "CommunityCommentWrite"}, p400, p401, p403, p404, p415, p429},
                    {}}));
  router.add(route(Method::kPatch, "/v1/community/comments/{id:uuid}", R, h::edit_comment, s,
                   {"내 댓글 수정", "", "CommunityCommentEdit", {{200, "CommunityComment"}, p400, p401, p403, p404, p415},
                    {}}));
  router.add(route(Method::kDelete, "/v1/community/comments/{id:uuid}", R, h::delete_comment, s,
                   {"내 댓글 삭제 (\"삭제된 댓글입니다\"로 표시)", "", "", {{204, ""}, p401, p404}, {}}));
  router.add(route(Method::kPut, "/v1/community/posts/{id:uuid}/like", R, h::like_post, s,
                   {"글 좋아요 (한 번만, 재시도 안전)", "", "", {{200, "CommunityLike"}, p401, p403, p404, p429}, {}}));
  router.add(route(Method::kDelete, "/v1/community/posts/{id:uuid}/like", R, h::unlike_post, s,
                   {"글 좋아요 취소", "", "", {{200, "CommunityLike"}, p401, p403, p404}, {}}));
  router.add(route(Method::kPut, "/v1/community/comments/{id:uuid}/like", R, h::like_comment, s,
                   {"댓글 좋아요", "", "", {{200, "CommunityLike"}, p401, p403, p404, p429}, {}}));
  router.add(route(Method::kDelete, "/v1/community/comments/{id:uuid}/like", R, h::unlike_comment, s,
                   {"댓글 좋아요 취소", "", "", {{200, "CommunityLike"}, p401, p403, p404}, {}}));
  router.add(route(Method::kPut, "/v1/community/posts/{id:uuid}/bookmark", R, h::add_bookmark, s,
                   {"북마크", "", "", {{204, ""}, p401, p404}, {}}));
  router.add(route(Method::kDelete, "/v1/community/posts/{id:uuid}/bookmark", R, h::remove_bookmark, s,
                   {"북마크 해제", "", "", {{204, ""}, p401}, {}}));
  router.add(route(Method::kGet, "/v1/community/bookmarks", R, h::list_bookmarks, s,
                   {"내 북마크 (최근 북마크 순)", "", "", {{200, "CommunityFeed"}, p400, p401}, {"cursor", "limit"}}));
  router.add(route(Method::kPost, "/v1/community/blocks", R, h::add_block, s,
                   {"글·댓글 작성자 차단 (익명이어도 가능, 누구인지는 알려주지 않음)", "", "CommunityBlockInput",
                    {{201, "CommunityBlock"}, p400, p401, p404, p415}, {}}));
  router.add(route(Method::kGet, "/v1/community/blocks", R, h::list_blocks, s,
                   {"내 차단 목록", "", "", {{200, "CommunityBlockList"}, p401}, {}}));
  router.add(route(Method::kDelete, "/v1/community/blocks/{id:uuid}", R, h::remove_block, s,
                   {"차단 해제", "", "", {{204, ""}, p401, p404}, {}}));
  router.add(route(Method::kPost, "/v1/community/reports", R, h::add_report, s,
                   {"신고 (글·댓글 또는 그 작성자; 서로 다른 N명이 신고하면 검토 전까지 숨김)", "", "CommunityReportInput",
                    {{204, ""}, p400, p401, p404, p415}, {}}));
  // The raw image is the body (Content-Type image/jpeg|png|webp), hence its own body limit.
  auto upload = route(Method::kPost, "/v1/community/images", R, h::upload_image, s,
                      {"글에 넣을 이미지 올리기 (본문 = 이미지 파일 그대로, JPEG·PNG·WebP 5MB 이하; 다시 인코딩해 "
                       "EXIF·위치 정보 제거; 24시간 안에 글에 첨부하지 않으면 삭제)",
                       "", "", {{201, "CommunityImage"}, p400, p401, p403, {409, "Problem"}, {413, "Problem"}, p415, p429},
                       {}});
  upload.body_limit = kImageUploadBodyLimit;
  router.add(std::move(upload));
  router.add(route(Method::kGet, "/v1/community/images/{id:uuid}", R, h::get_image, s,
                   {"이미지 파일 (글을 볼 수 있는 사람만; 첨부 전에는 올린 사람만). 본문은 image/jpeg·png·webp, "
                    "ETag·If-None-Match 지원",
                    "", "", {{200, ""}, {304, ""}, p401, p404}, {}}));
}

void add_community_admin_routes(http::Router& router, std::shared_ptr<CommunityService> s) {
  namespace h = handlers;
  const std::pair<int, std::string> p400{400, "Problem"}, p401{401, "Problem"}, p403{403, "Problem"},
      p404{404, "Problem"}, p409{409, "Problem"}, p415{415, "Problem"};
  const auto R = Auth::kRequired;
  const std::vector<std::string> staff{"moderator", "admin"};
  router.add(route(Method::kGet, "/admin/v1/community/reports", R, h::moderation_queue, s,
                   {"신고 검토 대기열 (신고 많은 순)", "", "", {{200, "CommunityModerationQueue"}, p400, p401, p403},
                    {"limit"}},
                   staff));
  router.add(route(Method::kGet, "/admin/v1/community/posts/{id:uuid}", R, h::staff_post, s,
                   {"글 상세 (작성자 포함, 숨김·삭제 글도)", "", "", {{200, "CommunityStaffPost"}, p401, p403, p404}, {}},
                   staff));
  router.add(route(Method::kPost, "/admin/v1/community/posts/{id:uuid}/moderation", R, h::moderate_post, s,
                   {"글 숨김·숨김 해제·삭제·신고 기각 (감사 기록)", "", "CommunityModerationInput",
                    {{204, ""}, p400, p401, p403, p404, p409, p415}, {}},
                   staff));
  router.add(route(Method::kPost, "/admin/v1/community/comments/{id:uuid}/moderation", R, h::moderate_comment, s,
                   {"댓글 숨김·숨김 해제·삭제·신고 기각 (감사 기록)", "", "CommunityModerationInput",
                    {{204, ""}, p400, p401, p403, p404, p409, p415}, {}},
                   staff));
  router.add(route(Method::kPost, "/admin/v1/community/users/{id:uuid}/suspension", R, h::suspend_user, s,
                   {"사용자 커뮤니티 이용 정지 (기간·사유, 감사 기록)", "", "CommunitySuspensionInput",
                    {{201, "CommunitySuspension"}, p400, p401, p403, p404, p415}, {}},
                   staff));
  router.add(route(Method::kGet, "/admin/v1/community/audit-log", R, h::audit_log, s,
                   {"모더레이션 감사 기록 (읽기 전용, 최신순)", "", "", {{200, "CommunityAuditLog"}, p400, p401, p403},
                    {"cursor", "limit"}},
                   staff));
}

}  // namespace soom::community
