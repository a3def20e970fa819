// /v1/community/… (public listener) and /admin/v1/community/… (back office).
#include "modules/community/handlers/community_handlers.hpp"

#include <boost/json.hpp>
#include <algorithm>
#include <charconv>

#include "core/random.hpp"
#include "http/json.hpp"
#include "http/problem.hpp"
#include "modules/community/categories.hpp"
#include "modules/community/handlers/community_json.hpp"

namespace soom::community::handlers {
namespace {

namespace json = boost::json;

const std::string& user_of(const http::Request& request) { return request.principal.value().user_id; }

http::Response fail(const Error& error, const http::Request& request) { return http::problem_response(error, request); }

// limit=1..max (default `fallback`); nullopt after recording an error.
std::optional<int> limit_param(const http::Request& request, int fallback, int max, std::vector<FieldError>& errors) {
  const auto text = request.query_param("limit");
  if (!text) return fallback;
  int v = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < 1 || v > max) {
    errors.push_back({"limit", "out_of_range", "limit은 1–" + std::to_string(max) + " 사이의 정수입니다"});
    return std::nullopt;
  }
  return v;
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

bool is_month(const std::string& s) { return s.size() == 7 && is_date(s + "-01"); }

// The writable fields of a post; `creating` adds snapshot and client_id.
std::optional<PostInput> read_post(http::FieldReader& in, const http::Request& request, bool creating) {
  PostInput input;
  auto title = in.text("title", false, 0, kMaxTitleChars);
  if (title && !title->empty()) input.title = std::move(title);
  input.body = in.text("body", true, 1, kMaxBodyChars).value_or("");
  input.category = in.text("category", true, 1, 40).value_or("");
  if (!input.category.empty() && !category_label(input.category)) {
    in.add_error("category", "invalid", "알 수 없는 카테고리입니다");
  }
  input.anonymous = in.boolean("anonymous", false).value_or(false);
  if (const auto* ids = in.array("image_ids", false, kMaxImagesPerPost)) {
    input.image_ids.emplace();
    for (std::size_t i = 0; i < ids->size(); ++i) {
      const auto& v = (*ids)[i];
      if (!v.is_string() || !is_uuid(v.as_string())) {
        in.add_error("image_ids[" + std::to_string(i) + "]", "invalid", "이미지 id(UUID) 문자열이어야 합니다");
        continue;
      }
      input.image_ids->push_back(normalize_uuid(v.as_string()));
    }
  }
  if (creating) {
    if (const auto* snap = in.object("snapshot", false)) {
      http::FieldReader s(*snap, in.path("snapshot"));
      const auto kind = s.text("kind", true, 1, 10).value_or("");
      if (kind == "day") {
        const auto date = s.text("date", true, 10, 10).value_or("");
        if (!date.empty() && !is_date(date)) s.add_error("date", "invalid", "날짜는 YYYY-MM-DD 형식입니다");
        input.snapshot = SnapshotRequest{kind, date};
      } else if (kind == "month") {
        const auto month = s.text("month", true, 7, 7).value_or("");
        if (!month.empty() && !is_month(month)) s.add_error("month", "invalid", "월은 YYYY-MM 형식입니다");
        input.snapshot = SnapshotRequest{kind, month};
      } else if (!kind.empty()) {
        s.add_error("kind", "invalid", "kind는 day 또는 month 입니다");
      }
      in.absorb(s);
    }
    input.client_id = in.text("client_id", false, 1, 64);
    if (!input.client_id) {
      if (auto key = request.headers.get("idempotency-key")) input.client_id = std::string(*key);
    }
  } else {
    if (in.has("snapshot")) in.add_error("snapshot", "immutable", "공유한 기록 스냅샷은 수정할 수 없습니다");
  }
  if (!in.ok()) return std::nullopt;
  return input;
}

json::object post_with_warnings(const PostResult& r) {
  auto o = post_json(r.post);
  o["warnings"] = warnings_json(r.warnings);
  return o;
}

http::Response like_response(const http::Request& request, const Result<LikeState>& r) {
  return http::respond(request, r, 200, [](const LikeState& s) {
    return json::object{{"liked", s.liked}, {"like_count", s.like_count}};
  });
}

}  // namespace

http::Response list_categories(CommunityService&, http::Request&) {
  json::array items;
  for (const auto& [code, label] : categories()) items.push_back(json::object{{"code", code}, {"label", label}});
  return http::json_response(200, json::object{{"items", std::move(items)}});
}

http::Response list_posts(CommunityService& service, http::Request& request) {
  std::vector<FieldError> errors;
  FeedQuery q;
  q.category = request.query_param("category");
  if (q.category && q.category->empty()) q.category.reset();
  q.sort = request.query_param("sort").value_or("latest");
  q.cursor = request.query_param("cursor");
  q.limit = limit_param(request, 20, kMaxPageLimit, errors).value_or(20);
  if (!errors.empty()) return fail(Error::validation(std::move(errors)), request);
  return http::respond(request, service.feed(user_of(request), q), 200, feed_json);
}

http::Response create_post(CommunityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return fail(body.error(), request);
  http::FieldReader in(*body);
  auto input = read_post(in, request, true);
  if (!input) return fail(in.error(), request);
  auto r = service.create_post(user_of(request), *input);
  return http::respond(request, r, r && !r->created ? 200 : 201, post_with_warnings);
}

http::Response get_post(CommunityService& service, http::Request& request) {
  return http::respond(request, service.post(user_of(request), request.path_param("id")), 200,
                       [](const PostDetail& d) {
                         auto o = post_json(d.post);
                         json::array comments;
                         for (const auto& c : d.comments) comments.push_back(comment_json(c, true));
                         o["comments"] = std::move(comments);
                         return o;
                       });
}

http::Response edit_post(CommunityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return fail(body.error(), request);
  http::FieldReader in(*body);
  auto input = read_post(in, request, false);
  if (!input) return fail(in.error(), request);
  return http::respond(request, service.edit_post(user_of(request), request.path_param("id"), *input), 200,
                       post_with_warnings);
}

http::Response delete_post(CommunityService& service, http::Request& request) {
  return http::respond_no_content(request, service.delete_post(user_of(request), request.path_param("id")));
}

http::Response add_comment(CommunityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return fail(body.error(), request);
  http::FieldReader in(*body);
  CommentInput input;
  input.body = in.text("body", true, 1, kMaxCommentChars).value_or("");
  input.parent_id = in.text("parent_id", false, 1, 64);
  if (input.parent_id && !is_uuid(*input.parent_id)) in.add_error("parent_id", "invalid", "parent_id는 UUID입니다");
  input.anonymous = in.boolean("anonymous", false).value_or(false);
  input.client_id = in.text("client_id", false, 1, 64);
  if (!input.client_id) {
    if (auto key = request.headers.get("idempotency-key")) input.client_id = std::string(*key);
  }
  if (!in.ok()) return fail(in.error(), request);
  if (input.parent_id) input.parent_id = normalize_uuid(*input.parent_id);
  auto r = service.add_comment(user_of(request), request.path_param("id"), input);
  return http::respond(request, r, r && !r->created ? 200 : 201, [](const CommentResult& c) {
    auto o = comment_json(c.comment, false);
    o["warnings"] = warnings_json(c.warnings);
    return o;
  });
}

http::Response edit_comment(CommunityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return fail(body.error(), request);
  http::FieldReader in(*body);
  const auto text = in.text("body", true, 1, kMaxCommentChars);
  if (!in.ok()) return fail(in.error(), request);
  return http::respond(request, service.edit_comment(user_of(request), request.path_param("id"), *text), 200,
                       [](const Comment& c) { return comment_json(c, false); });
}

http::Response delete_comment(CommunityService& service, http::Request& request) {
  return http::respond_no_content(request, service.delete_comment(user_of(request), request.path_param("id")));
}

http::Response like_post(CommunityService& service, http::Request& request) {
  return like_response(request, service.like_post(user_of(request), request.path_param("id"), true));
}
http::Response unlike_post(CommunityService& service, http::Request& request) {
  return like_response(request, service.like_post(user_of(request), request.path_param("id"), false));
}
http::Response like_comment(CommunityService& service, http::Request& request) {
  return like_response(request, service.like_comment(user_of(request), request.path_param("id"), true));
}
http::Response unlike_comment(CommunityService& service, http::Request& request) {
  return like_response(request, service.like_comment(user_of(request), request.path_param("id"), false));
}

http::Response add_bookmark(CommunityService& service, http::Request& request) {
  return http::respond_no_content(request, service.bookmark(user_of(request), request.path_param("id"), true));
}
http::Response remove_bookmark(CommunityService& service, http::Request& request) {
  return http::respond_no_content(request, service.bookmark(user_of(request), request.path_param("id"), false));
}

http::Response list_bookmarks(CommunityService& service, http::Request& request) {
  std::vector<FieldError> errors;
  const auto limit = limit_param(request, 20, kMaxPageLimit, errors);
  if (!errors.empty()) return fail(Error::validation(std::move(errors)), request);
  return http::respond(request, service.bookmarks(user_of(request), request.query_param("cursor"), *limit), 200,
                       feed_json);
}

namespace {

// Exactly one of post_id / comment_id, as UUIDs.
bool read_target(http::FieldReader& in, std::optional<std::string>& post_id, std::optional<std::string>& comment_id) {
  post_id = in.text("post_id", false, 1, 64);
  comment_id = in.text("comment_id", false, 1, 64);
  if (post_id.has_value() == comment_id.has_value()) {
    in.add_error("post_id", "one_of", "post_id 또는 comment_id 중 하나만 보내야 합니다");
    return false;
  }
  auto& id = post_id ? post_id : comment_id;
  if (!is_uuid(*id)) {
    in.add_error(post_id ? "post_id" : "comment_id", "invalid", "UUID여야 합니다");
    return false;
  }
  id = normalize_uuid(*id);
  return true;
}

}  // namespace

http::Response add_block(CommunityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return fail(body.error(), request);
  http::FieldReader in(*body);
  std::optional<std::string> post_id, comment_id;
  read_target(in, post_id, comment_id);
  if (!in.ok()) return fail(in.error(), request);
  return http::respond(request, service.block(user_of(request), post_id, comment_id), 201, block_json);
}

http::Response list_blocks(CommunityService& service, http::Request& request) {
  return http::respond(request, service.blocks(user_of(request)), 200, [](const std::vector<Block>& blocks) {
    json::array items;
    for (const auto& b : blocks) items.push_back(block_json(b));
    return json::object{{"items", std::move(items)}};
  });
}

http::Response remove_block(CommunityService& service, http::Request& request) {
  return http::respond_no_content(request, service.unblock(user_of(request), request.path_param("id")));
}

http::Response add_report(CommunityService& service, http::Request& request) {
  static const std::vector<std::string> kReasons{"spam", "abuse", "privacy", "misinformation", "sexual", "other"};
  auto body = http::parse_json_object(request);
  if (!body) return fail(body.error(), request);
  http::FieldReader in(*body);
  ReportInput input;
  read_target(in, input.post_id, input.comment_id);
  input.about = in.text("about", false, 1, 10).value_or("content");
  if (input.about != "content" && input.about != "author") {
    in.add_error("about", "invalid", "about은 content 또는 author 입니다");
  }
  input.reason = in.text("reason", true, 1, 20).value_or("");
  if (!input.reason.empty() && std::find(kReasons.begin(), kReasons.end(), input.reason) == kReasons.end()) {
    in.add_error("reason", "invalid", "신고 사유는 spam, abuse, privacy, misinformation, sexual, other 중 하나입니다");
  }
  input.detail = in.text("detail", false, 0, 500);
  if (!in.ok()) return fail(in.error(), request);
  return http::respond_no_content(request, service.report(user_of(request), input));
}

// ---- Back office ---------------------------------------------------------------------------

http::Response moderation_queue(CommunityService& service, http::Request& request) {
  std::vector<FieldError> errors;
  const auto limit = limit_param(request, 50, 200, errors);
  if (!errors.empty()) return fail(Error::validation(std::move(errors)), request);
  return http::respond(request, service.moderation_queue(*limit), 200, [](const std::vector<QueueItem>& items) {
    json::array out;
    for (const auto& q : items) out.push_back(queue_item_json(q));
    return json::object{{"items", std::move(out)}};
  });
}

http::Response staff_post(CommunityService& service, http::Request& request) {
  return http::respond(request, service.staff_post(request.path_param("id")), 200, staff_post_json);
}

namespace {

Actor actor_of(const http::Request& request) {
  return Actor{request.principal.value().user_id, request.principal.value().role};
}

http::Response moderate(CommunityService& service, http::Request& request, const std::string& type) {
  auto body = http::parse_json_object(request);
  if (!body) return fail(body.error(), request);
  http::FieldReader in(*body);
  ModerationAction a;
  a.target_type = type;
  a.target_id = request.path_param("id");
  a.action = in.text("action", true, 1, 10).value_or("");
  if (!a.action.empty() && a.action != "hide" && a.action != "unhide" && a.action != "delete" &&
      a.action != "dismiss") {
    in.add_error("action", "invalid", "action은 hide, unhide, delete, dismiss 중 하나입니다");
  }
  a.reason = in.text("reason", true, 1, 500).value_or("");
  if (!in.ok()) return fail(in.error(), request);
  return http::respond_no_content(request, service.moderate(actor_of(request), a));
}

}  // namespace

http::Response moderate_post(CommunityService& service, http::Request& request) {
  return moderate(service, request, "post");
}

http::Response moderate_comment(CommunityService& service, http::Request& request) {
  return moderate(service, request, "comment");
}

http::Response suspend_user(CommunityService& service, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return fail(body.error(), request);
  http::FieldReader in(*body);
  const auto days = in.integer("days", true, 1, 3650);
  const auto reason = in.text("reason", true, 1, 500);
  if (!in.ok()) return fail(in.error(), request);
  return http::respond(request,
                       service.suspend(actor_of(request), request.path_param("id"), static_cast<int>(*days), *reason),
                       201, [](const Suspension& s) {
                         return json::object{{"id", s.id},
                                             {"user_id", s.user_id},
                                             {"until", format_rfc3339(s.until)},
                                             {"reason", s.reason}};
                       });
}

http::Response audit_log(CommunityService& service, http::Request& request) {
  std::vector<FieldError> errors;
  const auto limit = limit_param(request, 50, 200, errors);
  if (!errors.empty()) return fail(Error::validation(std::move(errors)), request);
  return http::respond(request, service.audit_log(request.query_param("cursor"), *limit), 200,
                       [](const AuditPage& page) {
                         json::array items;
                         for (const auto& e : page.items) items.push_back(audit_entry_json(e));
                         return json::object{{"items", std::move(items)},
                                             {"next_cursor", page.next_cursor ? json::value(*page.next_cursor)
                                                                              : json::value(nullptr)}};
                       });
}

http::Response upload_image(CommunityService& service, http::Request& request) {
  // The raw image is the body; its declared type is checked against its magic bytes.
  const auto content_type = request.headers.get("content-type");
  auto r = service.upload_image(user_of(request), request.body,
                                content_type ? std::string(*content_type) : std::string());
  auto response = http::respond(request, r, 201, image_json);
  if (r) response.headers.set("location", image_url(r->id));
  return response;
}

http::Response get_image(CommunityService& service, http::Request& request) {
  auto r = service.image(user_of(request), request.path_param("id"));
  if (!r) return fail(r.error(), request);
  const auto etag = "\"" + r->etag + "\"";
  http::Response response;
  if (const auto match = request.headers.get("if-none-match"); match && *match == etag) {
    response.status = 304;
  } else {
    response = http::Response::text(200, std::move(r->bytes), r->content_type);
  }
  // private: who may see an image depends on the viewer (blocks, hidden posts).
  response.headers.set("cache-control", "private, max-age=86400");
  response.headers.set("etag", etag);
  response.headers.set("x-content-type-options", "nosniff");
  response.headers.set("content-disposition", "inline");
  return response;
}

}  // namespace soom::community::handlers
