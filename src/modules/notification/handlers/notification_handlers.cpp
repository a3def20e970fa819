#include "modules/notification/handlers/notification_handlers.hpp"

#include <boost/json.hpp>

#include "core/random.hpp"
#include "http/json.hpp"
#include "http/problem.hpp"
#include "modules/notification/handlers/event_stream.hpp"
#include "modules/notification/handlers/notification_json.hpp"

namespace soom::notification::handlers {
namespace {

namespace json = boost::json;

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;
constexpr std::chrono::minutes kStreamLifetime{10};
constexpr std::size_t kMaxIdempotencyKey = 128;

const std::string& user_of(const http::Request& request) {
  return request.principal.value().user_id;  // every route here is Auth::kRequired
}

std::string id_param(const http::Request& request) { return normalize_uuid(request.path_param("id")); }

// limit in [1, kMaxLimit]; a bad value is a 400.
Result<int> limit_param(const http::Request& request) {
  const auto text = request.query_param("limit");
  if (!text) return kDefaultLimit;
  int v = 0;
  if (text->empty() || text->size() > 4) return Error::validation("limit", "invalid", "limit은 1–100 사이의 정수입니다");
  for (char c : *text) {
    if (c < '0' || c > '9') return Error::validation("limit", "invalid", "limit은 1–100 사이의 정수입니다");
    v = v * 10 + (c - '0');
  }
  if (v < 1 || v > kMaxLimit) return Error::validation("limit", "out_of_range", "limit은 1–100 사이의 정수입니다");
  return v;
}

json::value nullable(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

}  // namespace

http::Response list(const Service& s, http::Request& request) {
  auto limit = limit_param(request);
  if (!limit) return http::problem_response(limit.error(), request);
  InboxQuery query;
  query.cursor = request.query_param("cursor");
  query.limit = *limit;
  const auto unread = request.query_param("unread");
  if (unread && *unread != "true" && *unread != "false") {
    return http::problem_response(Error::validation("unread", "invalid", "unread는 true 또는 false입니다"), request);
  }
  query.unread_only = unread && *unread == "true";
  return http::respond(request, s->list(user_of(request), query), 200, [](const NotificationPage& page) {
    json::array items;
    for (const auto& n : page.items) items.push_back(to_json(n));
    return json::object{{"items", std::move(items)}, {"next_cursor", nullable(page.next_cursor)}};
  });
}

http::Response unread_count(const Service& s, http::Request& request) {
  return http::respond(request, s->unread_count(user_of(request)), 200,
                       [](std::int64_t n) { return json::object{{"unread", n}}; });
}

http::Response mark_read(const Service& s, http::Request& request) {
  return http::respond(request, s->mark_read(user_of(request), id_param(request)), 200,
                       [](const Notification& n) { return to_json(n); });
}

http::Response mark_all_read(const Service& s, http::Request& request) {
  return http::respond(request, s->mark_all_read(user_of(request)), 200,
                       [](std::int64_t n) { return json::object{{"updated", n}}; });
}

http::Response stream(const Service& s, http::Request& request) {
  const auto& user = user_of(request);
  std::int64_t after = 0;
  if (auto header = request.headers.get("last-event-id")) {
    const std::string text(*header);
    bool ok = !text.empty() && text.size() <= 18;
    for (char c : text) ok = ok && c >= '0' && c <= '9';
    if (!ok) {
      return http::problem_response(
          Error::validation("Last-Event-ID", "invalid", "Last-Event-ID는 이전에 받은 이벤트의 id여야 합니다"), request);
    }
    after = std::stoll(text);
  } else {
    // A fresh stream starts live; the inbox has the history.
    auto last = s->last_seq(user);
    if (!last) return http::problem_response(last.error(), request);
    after = *last;
  }
  return http::Response::event_stream(make_event_stream(s, user, after, kStreamLifetime));
}

http::Response send_test(const Service& s, http::Request& request) {
  std::optional<std::string> key;
  if (auto header = request.headers.get("idempotency-key")) {
    if (header->empty() || header->size() > kMaxIdempotencyKey) {
      return http::problem_response(
          Error::validation("Idempotency-Key", "invalid", "Idempotency-Key는 1–128자입니다"), request);
    }
    key = std::string(*header);
  }
  auto result = s->send_test(user_of(request), key);
  if (!result) return http::problem_response(result.error(), request);
  return http::json_response(result->created ? 201 : 200,
                             json::object{{"id", result->id}, {"created", result->created}});
}

http::Response get_preferences(const Service& s, http::Request& request) {
  return http::respond(request, s->preferences(user_of(request)), 200,
                       [](const Preferences& p) { return json::object{{"show_details", p.show_details}}; });
}

http::Response put_preferences(const Service& s, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto show = in.boolean("show_details", true);
  if (!in.ok()) return http::problem_response(in.error(), request);
  return http::respond(request, s->set_preferences(user_of(request), Preferences{*show}), 200,
                       [](const Preferences& p) { return json::object{{"show_details", p.show_details}}; });
}

http::Response create_webhook(const Service& s, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  auto url = in.text("url", true, 1, 2048);
  if (!in.ok()) return http::problem_response(in.error(), request);
  auto created = s->create_webhook(user_of(request), *url);
  if (!created) return http::problem_response(created.error(), request);
  auto response = http::json_response(201, to_json(*created));
  response.headers.set("location", "/v1/notification-channels/webhooks/" + created->id);
  return response;
}

http::Response list_webhooks(const Service& s, http::Request& request) {
  return http::respond(request, s->webhooks(user_of(request)), 200, [](const std::vector<Webhook>& hooks) {
    json::array items;
    for (const auto& w : hooks) items.push_back(to_json(w));
    return json::object{{"items", std::move(items)}};
  });
}

http::Response delete_webhook(const Service& s, http::Request& request) {
  return http::respond_no_content(request, s->delete_webhook(user_of(request), id_param(request)));
}

http::Response subscribe_push(const Service& s, http::Request& request) {
  auto body = http::parse_json_object(request);
  if (!body) return http::problem_response(body.error(), request);
  http::FieldReader in(*body);
  PushSubscriptionRequest sub;
  auto endpoint = in.text("endpoint", true, 1, 2048);
  if (const auto* keys = in.object("keys", true)) {
    http::FieldReader k(*keys, "keys");
    auto p256dh = k.text("p256dh", true, 1, 200);
    auto auth = k.text("auth", true, 1, 100);
    in.absorb(k);
    if (p256dh) sub.p256dh = *p256dh;
    if (auth) sub.auth = *auth;
  }
  if (!in.ok()) return http::problem_response(in.error(), request);
  sub.endpoint = *endpoint;
  auto created = s->subscribe_push(user_of(request), sub);
  if (!created) return http::problem_response(created.error(), request);
  return http::json_response(201, to_json(*created));
}

http::Response list_push(const Service& s, http::Request& request) {
  return http::respond(request, s->push_subscriptions(user_of(request)), 200,
                       [](const std::vector<PushSubscription>& subs) {
                         json::array items;
                         for (const auto& sub : subs) items.push_back(to_json(sub));
                         return json::object{{"items", std::move(items)}};
                       });
}

http::Response delete_push(const Service& s, http::Request& request) {
  return http::respond_no_content(request, s->delete_push_subscription(user_of(request), id_param(request)));
}

http::Response vapid_public_key(const Service& s, http::Request& request) {
  return http::respond(request, s->vapid_public_key(), 200,
                       [](const std::string& key) { return json::object{{"public_key", key}}; });
}

http::Response list_deliveries(const Service& s, http::Request& request) {
  auto limit = limit_param(request);
  if (!limit) return http::problem_response(limit.error(), request);
  return http::respond(request,
                       s->deliveries(user_of(request), request.query_param("status"), request.query_param("cursor"),
                                     *limit),
                       200, [](const DeliveryPage& page) {
                         json::array items;
                         for (const auto& d : page.items) items.push_back(to_json(d));
                         return json::object{{"items", std::move(items)}, {"next_cursor", nullable(page.next_cursor)}};
                       });
}

http::Response retry_delivery(const Service& s, http::Request& request) {
  auto status = s->retry_delivery(user_of(request), id_param(request));
  if (!status) return http::problem_response(status.error(), request);
  return http::json_response(202, json::object{{"id", id_param(request)}, {"status", "pending"}});
}

}  // namespace soom::notification::handlers
