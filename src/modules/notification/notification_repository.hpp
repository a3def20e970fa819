#pragma once
// SQL of the notification context. Every function runs inside the caller's transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/db.hpp"
#include "modules/notification/notification.hpp"

namespace soom::notification::repo {

struct NewNotification final {
  std::string id;
  std::string user_id;
  std::string kind;
  std::string title;
  std::string body;
  std::string public_title;
  std::string public_body;
  std::string data_json;
  std::string dedupe_key;
  bool external = true;  // goes to webhooks / web push, not only the inbox and stream
  std::int64_t created_at = 0;
  std::int64_t deliver_after = 0;
};

// Inserts unless (user, dedupe_key) exists; returns the id of the row that holds the key
// and whether this call created it.
std::pair<std::string, bool> insert_notification(db::Transaction& tx, const NewNotification& n);

// Makes a waiting notification visible: takes the user's next stream seq and queues one
// delivery per active webhook / push subscription (when external). False when it was
// already visible (another worker released it).
bool release(db::Transaction& tx, const std::string& id, std::int64_t now);

struct Waiting final {
  std::string id;
  std::string user_id;
};
std::vector<Waiting> waiting_due(db::Transaction& tx, std::int64_t now, int limit);

std::optional<Notification> find(db::Transaction& tx, const std::string& user_id, const std::string& id);
std::vector<Notification> list(db::Transaction& tx, const std::string& user_id, std::optional<std::int64_t> before_seq,
                               bool unread_only, int limit);
std::vector<Notification> after(db::Transaction& tx, const std::string& user_id, std::int64_t after_seq, int limit);
std::int64_t last_seq(db::Transaction& tx, const std::string& user_id);
bool mark_read(db::Transaction& tx, const std::string& user_id, const std::string& id, std::int64_t now);
std::int64_t mark_all_read(db::Transaction& tx, const std::string& user_id, std::int64_t now);
std::int64_t unread_count(db::Transaction& tx, const std::string& user_id);

bool show_details(db::Transaction& tx, const std::string& user_id);
void set_show_details(db::Transaction& tx, const std::string& user_id, bool value, std::int64_t now);

void insert_webhook(db::Transaction& tx, const std::string& user_id, const Webhook& webhook, const std::string& secret);
std::vector<Webhook> webhooks(db::Transaction& tx, const std::string& user_id);
std::int64_t count_webhooks(db::Transaction& tx, const std::string& user_id);
bool delete_webhook(db::Transaction& tx, const std::string& user_id, const std::string& id);

// Upsert by (user, endpoint): a browser re-subscribing keeps one row with fresh keys.
PushSubscription upsert_push(db::Transaction& tx, const std::string& user_id, const PushSubscriptionRequest& request,
                             const std::string& new_id, std::int64_t now);
std::vector<PushSubscription> push_subscriptions(db::Transaction& tx, const std::string& user_id);
std::int64_t count_push(db::Transaction& tx, const std::string& user_id);
bool delete_push(db::Transaction& tx, const std::string& user_id, const std::string& id);

std::vector<Delivery> deliveries(db::Transaction& tx, const std::string& user_id, const std::optional<std::string>& status,
                                 std::optional<std::pair<std::int64_t, std::string>> before, int limit);
bool retry_delivery(db::Transaction& tx, const std::string& user_id, const std::string& id, std::int64_t now);

// ---- Worker --------------------------------------------------------------------------

struct Claimed final {
  std::string id;
  std::string notification_id;
  std::string user_id;
  std::string channel;
  std::string target_id;
  int attempts = 0;
};
// Leases due pending deliveries to `owner` until `lease_until` (PostgreSQL: FOR UPDATE
// SKIP LOCKED, so concurrent workers take disjoint rows).
std::vector<Claimed> claim_due(db::Transaction& tx, const std::string& owner, std::int64_t now,
                               std::int64_t lease_until, int limit);

struct OutgoingNotification final {
  std::string id;
  std::int64_t seq = 0;
  std::string kind;
  std::string public_title;
  std::string public_body;
  std::string data_json;
  std::int64_t created_at = 0;
};
std::optional<OutgoingNotification> outgoing(db::Transaction& tx, const std::string& notification_id);

struct WebhookTarget final {
  std::string url;
  std::string secret;
  bool active = false;
};
std::optional<WebhookTarget> webhook_target(db::Transaction& tx, const std::string& id);

struct PushTarget final {
  std::string endpoint;
  std::string p256dh;
  std::string auth;
};
std::optional<PushTarget> push_target(db::Transaction& tx, const std::string& id);
void delete_push_by_id(db::Transaction& tx, const std::string& id);

// Records an attempt's outcome if `owner` still holds the lease.
bool finish(db::Transaction& tx, const std::string& id, const std::string& owner, const std::string& status,
            int attempts, std::int64_t next_attempt_at, const std::string& error, std::optional<int> http_status,
            std::int64_t now);

}  // namespace soom::notification::repo
