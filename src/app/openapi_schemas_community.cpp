// Component schemas of the community context's API (src/modules/community).
#include "app/openapi_schema_builders.hpp"

namespace soom::app {

void add_community_schemas(boost::json::object& s) {
  using namespace schema;  // NOLINT(google-build-using-namespace): builders only, in a .cpp
  namespace json = boost::json;
  s["CommunityCategoryList"] =
      object({{"items", json::object{{"type", "array"},
                                     {"items", object({{"code", str()}, {"label", str()}}, {"code", "label"})}}}},
             {"items"});
  const auto author = object({{"display_name", str("닉네임, \"익명\" 또는 \"탈퇴한 사용자\" (이메일·사용자 ID는 절대 포함하지 않음)")},
                              {"is_mine", boolean()}},
                             {"display_name", "is_mine"});
  s["CommunityAuthor"] = author;
  s["CommunityWarning"] = object(
      {{"code", one_of({"phone_number", "resident_registration_number", "email"})}, {"message", str()}},
      {"code", "message"});
  s["CommunityImage"] = object({{"id", str("UUID")},
                                {"url", str("GET 주소 (/v1/community/images/{id})")},
                                {"content_type", one_of({"image/jpeg", "image/png", "image/webp"})},
                                {"width", integer(1, 8000)},
                                {"height", integer(1, 8000)},
                                {"bytes", integer(1, 5 * 1024 * 1024)}},
                               {"id", "url", "content_type", "width", "height", "bytes"});
  json::object post{{"id", str("UUID")},
                    {"category", str("카테고리 코드")},
                    {"category_label", str()},
                    {"title", nullable("string")},
                    {"body", str("본문 (피드에서는 200자 발췌)")},
                    {"author", ref("CommunityAuthor")},
                    {"anonymous", boolean()},
                    {"snapshot", json::object{{"type", json::array{"object", "null"}},
                                              {"description", "공유 시점에 복사한 내 기록 요약 (이후 기록이 바뀌어도 그대로)"}}},
                    {"status", one_of({"visible", "hidden", "deleted"})},
                    {"like_count", integer(0, INT64_MAX)},
                    {"comment_count", integer(0, INT64_MAX)},
                    {"view_count", integer(0, INT64_MAX)},
                    {"liked_by_me", boolean()},
                    {"bookmarked_by_me", boolean()},
                    {"created_at", str("RFC 3339 UTC")},
                    {"updated_at", str("RFC 3339 UTC")},
                    {"images", array_of("CommunityImage")}};
  const std::initializer_list<std::string_view> post_required{
      "id", "category", "category_label", "title", "body", "author", "anonymous", "snapshot", "status",
      "like_count", "comment_count", "view_count", "liked_by_me", "bookmarked_by_me", "created_at", "updated_at",
      "images"};
  s["CommunityPost"] = object(post, post_required);
  auto write = post;
  write["warnings"] = array_of("CommunityWarning");
  s["CommunityPostWrite"] = object(write, {"id", "category", "body", "author", "status", "warnings", "created_at"});
  s["CommunityFeed"] = object({{"items", array_of("CommunityPost")}, {"next_cursor", nullable("string")}},
                              {"items", "next_cursor"});
  json::object comment{{"id", str()},
                       {"post_id", str()},
                       {"parent_id", nullable("string")},
                       {"author", ref("CommunityAuthor")},
                       {"body", str("삭제·숨김·차단된 댓글은 안내 문구")},
                       {"status", one_of({"visible", "hidden", "deleted"})},
                       {"like_count", integer(0, INT64_MAX)},
                       {"liked_by_me", boolean()},
                       {"created_at", str()},
                       {"updated_at", str()}};
  s["CommunityComment"] = object(comment, {"id", "post_id", "parent_id", "author", "body", "status", "like_count",
                                           "liked_by_me", "created_at", "updated_at"});
  auto comment_write = comment;
  comment_write["warnings"] = array_of("CommunityWarning");
  s["CommunityCommentWrite"] = object(comment_write, {"id", "post_id", "author", "body", "status", "warnings"});
  auto thread = comment;
  thread["replies"] = array_of("CommunityComment");
  s["CommunityThread"] = object(thread, {"id", "post_id", "author", "body", "status", "replies"});
  auto detail = post;
  detail["comments"] = array_of("CommunityThread");
  s["CommunityPostDetail"] = object(detail, {"id", "category", "body", "author", "status", "like_count",
                                             "comment_count", "view_count", "images", "comments"});
  s["CommunityPostInput"] = object(
      {{"title", str("선택, 100자 이하")},
       {"body", str("필수, 5,000자 이하 (줄바꿈 허용 일반 텍스트)")},
       {"category", str("GET /v1/community/categories 의 code")},
       {"anonymous", boolean()},
       {"snapshot", object({{"kind", one_of({"day", "month"})}, {"date", str("YYYY-MM-DD")}, {"month", str("YYYY-MM")}},
                           {"kind"})},
       {"client_id", str("재시도 안전용 키 (또는 Idempotency-Key 헤더)")},
       {"image_ids", json::object{{"type", "array"},
                                  {"maxItems", 4},
                                  {"items", str("POST /v1/community/images 로 올린 내 이미지 ID (순서대로 표시)")},
                                  {"description", "수정 때 생략하면 그대로, 보내면 이 목록으로 바꿈 (빠진 이미지는 삭제)"}}}},
      {"body", "category"});
  s["CommunityCommentInput"] = object({{"body", str("1,000자 이하")},
                                       {"parent_id", str("답글일 때 부모 댓글 ID (1단계만)")},
                                       {"anonymous", boolean()},
                                       {"client_id", str()}},
                                      {"body"});
  s["CommunityCommentEdit"] = object({{"body", str()}}, {"body"});
  s["CommunityLike"] = object({{"liked", boolean()}, {"like_count", integer(0, INT64_MAX)}}, {"liked", "like_count"});
  s["CommunityBlockInput"] = object({{"post_id", str()}, {"comment_id", str()}}, {});
  s["CommunityBlock"] = object({{"id", str()}, {"label", str("차단할 때 보인 이름 (닉네임 또는 익명)")}, {"created_at", str()}},
                               {"id", "label", "created_at"});
  s["CommunityBlockList"] = object({{"items", array_of("CommunityBlock")}}, {"items"});
  s["CommunityReportInput"] =
      object({{"post_id", str()},
              {"comment_id", str()},
              {"about", one_of({"content", "author"})},
              {"reason", one_of({"spam", "abuse", "privacy", "misinformation", "sexual", "other"})},
              {"detail", str("500자 이하")}},
             {"reason"});
  s["CommunityModerationInput"] =
      object({{"action", one_of({"hide", "unhide", "delete", "dismiss"})}, {"reason", str("감사 기록에 남는 사유")}},
             {"action", "reason"});
  s["CommunitySuspensionInput"] = object({{"days", integer(1, 3650)}, {"reason", str()}}, {"days", "reason"});
  s["CommunitySuspension"] = object({{"id", str()}, {"user_id", str()}, {"until", str()}, {"reason", str()}},
                                    {"id", "user_id", "until", "reason"});
  s["CommunityModerationItem"] = object({{"target_type", one_of({"post", "comment", "user"})},
                                         {"target_id", str()},
                                         {"author_id", nullable("string")},
                                         {"status", str()},
                                         {"excerpt", str()},
                                         {"open_reports", integer(1, INT64_MAX)},
                                         {"reasons", json::object{{"type", "array"}, {"items", str()}}},
                                         {"last_reported_at", str()}},
                                        {"target_type", "target_id", "status", "open_reports", "reasons"});
  s["CommunityModerationQueue"] = object({{"items", array_of("CommunityModerationItem")}}, {"items"});
  auto staff = post;
  staff["author_id"] = nullable("string");
  staff["report_count"] = integer(0, INT64_MAX);
  s["CommunityStaffPost"] = object(staff, {"id", "body", "author", "author_id", "status", "report_count"});
  s["CommunityAuditEntry"] = object({{"seq", integer(1, INT64_MAX)},
                                     {"id", str()},
                                     {"actor_id", str()},
                                     {"actor_role", str()},
                                     {"action", one_of({"hide", "unhide", "delete", "dismiss", "suspend"})},
                                     {"target_type", one_of({"post", "comment", "user"})},
                                     {"target_id", str()},
                                     {"reason", str()},
                                     {"detail", nullable("string")},
                                     {"created_at", str()}},
                                    {"seq", "id", "actor_id", "action", "target_type", "target_id", "reason",
                                     "created_at"});
  s["CommunityAuditLog"] = object({{"items", array_of("CommunityAuditEntry")}, {"next_cursor", nullable("string")}},
                                  {"items", "next_cursor"});
}

}  // namespace soom::app
