// The notification context's routes (wired by the composition root in src/app).
#include "http/router.hpp"
#include "modules/notification/handlers/notification_handlers.hpp"
#include "modules/notification/notification.hpp"

namespace soom::notification {
namespace {

using http::Auth;
using http::Method;
using HandlerFn = http::Response (*)(const handlers::Service&, http::Request&);

http::Route route(Method method, std::string pattern, HandlerFn fn, const handlers::Service& service,
                  http::RouteDoc doc) {
  http::Route r;
  r.method = method;
  r.pattern = std::move(pattern);
  r.auth = Auth::kRequired;
  r.handler = [fn, service](http::Request& request) { return fn(service, request); };
  doc.tag = "notifications";
  r.doc = std::move(doc);
  return r;
}

}  // namespace

void add_notification_routes(http::Router& router, std::shared_ptr<NotificationCenter> s) {
  namespace h = handlers;
  const std::pair<int, std::string> p400{400, "Problem"}, p401{401, "Problem"}, p404{404, "Problem"},
      p409{409, "Problem"}, p415{415, "Problem"};
  router.add(route(Method::kGet, "/v1/notifications", h::list, s,
                   {"알림함 (최신순, 커서 페이지네이션)", "", "", {{200, "NotificationPage"}, p400, p401},
                    {"cursor", "limit", "unread"}}));
  router.add(route(Method::kGet, "/v1/notifications/unread-count", h::unread_count, s,
                   {"읽지 않은 알림 수", "", "", {{200, "UnreadCount"}, p401}, {}}));
  router.add(route(Method::kPost, "/v1/notifications/{id:uuid}/read", h::mark_read, s,
                   {"알림 읽음 처리", "", "", {{200, "Notification"}, p401, p404}, {}}));
  router.add(route(Method::kPost, "/v1/notifications/read-all", h::mark_all_read, s,
                   {"모든 알림 읽음 처리", "", "", {{200, "ReadAllResult"}, p401}, {}}));
  router.add(route(Method::kGet, "/v1/notifications/stream", h::stream, s,
                   {"실시간 알림 스트림 (Server-Sent Events; `id:`는 사용자별 순번, Last-Event-ID로 이어받기)", "", "",
                    {{200, ""}, p400, p401}, {}}));
  router.add(route(Method::kPost, "/v1/me/notifications/test", h::send_test, s,
                   {"테스트 알림 보내기 (등록한 채널 확인; Idempotency-Key로 중복 방지)", "", "",
                    {{201, "NotificationCreated"}, {200, "NotificationCreated"}, p400, p401}, {}}));
  router.add(route(Method::kGet, "/v1/notification-preferences", h::get_preferences, s,
                   {"알림 개인정보 설정", "", "", {{200, "NotificationPreferences"}, p401}, {}}));
  router.add(route(Method::kPut, "/v1/notification-preferences", h::put_preferences, s,
                   {"알림 개인정보 설정 변경 (잠금화면·웹훅에 약 이름 등 건강 정보 표시)", "", "NotificationPreferences",
                    {{200, "NotificationPreferences"}, p400, p401, p415}, {}}));
  router.add(route(Method::kPost, "/v1/notification-channels/webhooks", h::create_webhook, s,
                   {"웹훅 등록 (서명 비밀키는 이 응답에서 한 번만 표시)", "", "WebhookRequest",
                    {{201, "WebhookCreated"}, p400, p401, p409, p415}, {}}));
  router.add(route(Method::kGet, "/v1/notification-channels/webhooks", h::list_webhooks, s,
                   {"내 웹훅 목록", "", "", {{200, "WebhookList"}, p401}, {}}));
  router.add(route(Method::kDelete, "/v1/notification-channels/webhooks/{id:uuid}", h::delete_webhook, s,
                   {"웹훅 삭제", "", "", {{204, ""}, p401, p404}, {}}));
  router.add(route(Method::kPost, "/v1/notification-channels/web-push", h::subscribe_push, s,
                   {"웹 푸시 구독 등록 (PushSubscription.toJSON())", "", "PushSubscriptionRequest",
                    {{201, "PushSubscription"}, p400, p401, p409, p415}, {}}));
  router.add(route(Method::kGet, "/v1/notification-channels/web-push", h::list_push, s,
                   {"내 웹 푸시 구독 목록", "", "", {{200, "PushSubscriptionList"}, p401}, {}}));
  router.add(route(Method::kDelete, "/v1/notification-channels/web-push/{id:uuid}", h::delete_push, s,
                   {"웹 푸시 구독 삭제", "", "", {{204, ""}, p401, p404}, {}}));
  router.add(route(Method::kGet, "/v1/notification-channels/web-push/vapid-public-key", h::vapid_public_key, s,
                   {"VAPID 공개키 (applicationServerKey)", "", "", {{200, "VapidPublicKey"}, p401}, {}}));
  router.add(route(Method::kGet, "/v1/notification-deliveries", h::list_deliveries, s,
                   {"알림 전송 기록 (status=dead: 전송 실패로 포기한 건)", "", "", {{200, "DeliveryPage"}, p400, p401},
                    {"status", "cursor", "limit"}}));
  router.add(route(Method::kPost, "/v1/notification-deliveries/{id:uuid}/retry", h::retry_delivery, s,
                   {"실패한 전송 다시 시도", "", "", {{202, "DeliveryRetry"}, p401, p404}, {}}));
}

}  // namespace soom::notification
