#include "modules/community/handlers/community_json.hpp"

#include "modules/community/categories.hpp"

namespace soom::community::handlers {
namespace {

namespace json = boost::json;

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object author_json(const AuthorView& a) { return {{"display_name", a.display_name}, {"is_mine", a.is_mine}}; }

}  // namespace

std::string image_url(const std::string& image_id) { return "/v1/community/images/" + image_id; }

json::object image_json(const PostImage& i) {
  return {{"id", i.id},
          {"url", image_url(i.id)},
          {"content_type", i.content_type},
          {"width", i.width},
          {"height", i.height},
          {"bytes", i.bytes}};
}

json::object post_json(const Post& p) {
  json::value snapshot = nullptr;
  if (p.snapshot_json) {
    boost::system::error_code ec;
    auto parsed = json::parse(*p.snapshot_json, ec);
    if (!ec) snapshot = std::move(parsed);
  }
  json::array images;
  for (const auto& i : p.images) images.push_back(image_json(i));
  return {{"id", p.id},
          {"category", p.category},
          {"category_label", category_label(p.category).value_or("")},
          {"title", opt(p.title)},
          {"body", p.body},
          {"author", author_json(p.author)},
          {"anonymous", p.anonymous},
          {"snapshot", std::move(snapshot)},
          {"status", p.status},
          {"like_count", p.like_count},
          {"comment_count", p.comment_count},
          {"view_count", p.view_count},
          {"liked_by_me", p.liked_by_me},
          {"bookmarked_by_me", p.bookmarked_by_me},
          {"created_at", format_rfc3339(p.created_at)},
          {"updated_at", format_rfc3339(p.updated_at)},
          {"images", std::move(images)}};
}

json::object comment_json(const Comment& c, bool with_replies) {
  json::object o{{"id", c.id},
                 {"post_id", c.post_id},
                 {"parent_id", opt(c.parent_id)},
                 {"author", author_json(c.author)},
                 {"body", c.body},
                 {"status", c.status},
                 {"like_count", c.like_count},
                 {"liked_by_me", c.liked_by_me},
                 {"created_at", format_rfc3339(c.created_at)},
                 {"updated_at", format_rfc3339(c.updated_at)}};
  if (with_replies) {
    json::array replies;
    for (const auto& r : c.replies) replies.push_back(comment_json(r, false));
    o["replies"] = std::move(replies);
  }
  return o;
}

json::array warnings_json(const std::vector<Warning>& warnings) {
  json::array out;
  for (const auto& w : warnings) out.push_back(json::object{{"code", w.code}, {"message", w.message}});
  return out;
}

json::object feed_json(const FeedPage& page) {
  json::array items;
  for (const auto& p : page.items) items.push_back(post_json(p));
  return {{"items", std::move(items)}, {"next_cursor", opt(page.next_cursor)}};
}

json::object block_json(const Block& b) {
  return {{"id", b.id}, {"label", b.label}, {"created_at", format_rfc3339(b.created_at)}};
}

json::object queue_item_json(const QueueItem& q) {
  json::array reasons;
  for (const auto& r : q.reasons) reasons.emplace_back(r);
  return {{"target_type", q.target_type},
          {"target_id", q.target_id},
          {"author_id", opt(q.author_id)},
          {"status", q.status},
          {"excerpt", q.excerpt},
          {"open_reports", q.open_reports},
          {"reasons", std::move(reasons)},
          {"last_reported_at", format_rfc3339(q.last_reported_at)}};
}

json::object audit_entry_json(const AuditEntry& e) {
  return {{"seq", e.seq},
          {"id", e.id},
          {"actor_id", e.actor_id},
          {"actor_role", e.actor_role},
          {"action", e.action},
          {"target_type", e.target_type},
          {"target_id", e.target_id},
          {"reason", e.reason},
          {"detail", opt(e.detail)},
          {"created_at", format_rfc3339(e.created_at)}};
}

json::object staff_post_json(const StaffPost& s) {
  auto o = post_json(s.post);
  o["author_id"] = opt(s.author_id);
  o["report_count"] = s.report_count;
  return o;
}

}  // namespace soom::community::handlers
