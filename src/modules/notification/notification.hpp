#pragma once
// Public surface of the notification context: one durable delivery pipeline with
// channels (in-app inbox, live SSE stream, signed webhooks, Web Push). Producers in
// other modules call notify() with a kind and parameters; texts are rendered here
// (Korean by default, per the user's locale), so producers never build user-facing text.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace soom::db {
class Database;
}
namespace soom::events {
class Consumer;
}
namespace soom::identity {
class IdentityService;
}

namespace soom::notification {

// Kinds producers may send (each has a Korean/English template in this module):
//   dose_reminder        {medication_name, dose_text, scheduled_local_time, dose_slot_id, late}
//   dose_missed_partner  {patient_nickname, medication_name, scheduled_local_time}   (to a care partner)
//   refill_needed        {medication_name, doses_remaining}
//   rescue_overuse       {days_in_week, doses_in_week}
//   peak_flow_zone       {zone, percent}
//   comment_on_post      {post_id, comment_id, commenter}
//   reply_to_comment     {post_id, comment_id, commenter}
//   report_share_opened  {share_id}
//   welcome              {}
//   test                 {}   (the user's own "send a test notification")
struct NotificationRequest final {
  std::string user_id;
  std::string kind;
  std::map<std::string, std::string> params;
  // Same key → one notification, however often the producer retries (e.g. "dose:<slot id>").
  std::string dedupe_key;
  // Reminders ignore quiet hours (the user asked for them); other kinds wait until quiet hours end.
  bool bypass_quiet_hours = false;
  std::optional<Instant> not_before;  // schedule for later
};

struct NotificationId final {
  std::string id;
  bool created = false;  // false: deduplicated
};

class NotificationService {
 public:
  virtual ~NotificationService() = default;
  // Durably records the notification and queues its deliveries (inbox, stream, webhooks,
  // web push) in one transaction; delivery happens in the worker. Idempotent by dedupe_key.
  virtual Result<NotificationId> notify(const NotificationRequest& request) = 0;
};

// ---- Inbox and stream -----------------------------------------------------------------

struct Notification final {
  std::string id;
  std::int64_t seq = 0;  // position in the user's stream (SSE `id:`)
  std::string kind;
  std::string title;
  std::string body;
  std::map<std::string, std::string> data;
  Instant created_at;
  Instant visible_at;
  std::optional<Instant> read_at;
};

struct NotificationPage final {
  std::vector<Notification> items;
  std::optional<std::string> next_cursor;
};

struct InboxQuery final {
  std::optional<std::string> cursor;
  int limit = 20;
  bool unread_only = false;
};

// ---- Channels ---------------------------------------------------------------------------

struct Preferences final {
  // Show medicine names and other health details on lock screens and webhooks.
  bool show_details = false;
};

struct Webhook final {
  std::string id;
  std::string url;
  bool active = true;
  Instant created_at;
  std::optional<std::string> secret;  // only in the answer to create (shown once)
};

struct PushSubscriptionRequest final {
  std::string endpoint;
  std::string p256dh;  // base64url, uncompressed P-256 point (65 bytes)
  std::string auth;    // base64url, 16 bytes
};

struct PushSubscription final {
  std::string id;
  std::string endpoint;
  Instant created_at;
};

struct Delivery final {
  std::string id;
  std::string notification_id;
  std::string channel;  // webhook | web_push
  std::string target_id;
  std::string status;   // pending | sent | failed | dead
  int attempts = 0;
  std::optional<Instant> next_attempt_at;
  std::optional<std::string> last_error;
  std::optional<int> last_status;
  Instant created_at;
  Instant updated_at;
};

struct DeliveryPage final {
  std::vector<Delivery> items;
  std::optional<std::string> next_cursor;
};

// Wakes live streams of this process when a user's stream may have grown.
class StreamHub {
 public:
  virtual ~StreamHub() = default;
  // Registers a callback for one user; the returned handle unregisters on destruction.
  virtual std::shared_ptr<void> subscribe(const std::string& user_id, std::function<void()> wake) = 0;
  virtual void publish(const std::string& user_id) = 0;
};

// The whole service as the HTTP adapters and the worker use it.
class NotificationCenter : public NotificationService {
 public:
  ~NotificationCenter() override = default;
  virtual Result<NotificationPage> list(const std::string& user_id, const InboxQuery& query) = 0;
  virtual Result<Notification> mark_read(const std::string& user_id, const std::string& id) = 0;
  virtual Result<std::int64_t> mark_all_read(const std::string& user_id) = 0;
  virtual Result<std::int64_t> unread_count(const std::string& user_id) = 0;
  // Stream: visible notifications with seq > after_seq, oldest first; and the current last seq.
  virtual Result<std::vector<Notification>> stream_after(const std::string& user_id, std::int64_t after_seq,
                                                         int limit) = 0;
  virtual Result<std::int64_t> last_seq(const std::string& user_id) = 0;
  virtual StreamHub& hub() = 0;
  // "Send me a test notification" (checks the user's channels). Idempotent by key when given.
  virtual Result<NotificationId> send_test(const std::string& user_id, const std::optional<std::string>& key) = 0;

  virtual Result<Preferences> preferences(const std::string& user_id) = 0;
  virtual Result<Preferences> set_preferences(const std::string& user_id, const Preferences& preferences) = 0;

  virtual Result<Webhook> create_webhook(const std::string& user_id, const std::string& url) = 0;
  virtual Result<std::vector<Webhook>> webhooks(const std::string& user_id) = 0;
  virtual Status delete_webhook(const std::string& user_id, const std::string& id) = 0;

  virtual Result<PushSubscription> subscribe_push(const std::string& user_id,
                                                  const PushSubscriptionRequest& request) = 0;
  virtual Result<std::vector<PushSubscription>> push_subscriptions(const std::string& user_id) = 0;
  virtual Status delete_push_subscription(const std::string& user_id, const std::string& id) = 0;
  // base64url uncompressed P-256 public key (applicationServerKey for the browser).
  virtual Result<std::string> vapid_public_key() = 0;

  virtual Result<DeliveryPage> deliveries(const std::string& user_id, const std::optional<std::string>& status,
                                          const std::optional<std::string>& cursor, int limit) = 0;
  // Dead or failed delivery → pending again (attempts reset).
  virtual Status retry_delivery(const std::string& user_id, const std::string& id) = 0;

  // Worker: releases notifications whose time has come and sends due deliveries.
  // Returns how much work was done (0 = idle). Safe to run in several processes.
  virtual int run_delivery_pass() = 0;
  // Seals webhook secrets still stored in plaintext (written before data.key existed), 100 per
  // call; returns how many. Once a call finds none it is a no-op for the life of the process.
  virtual Result<int> seal_legacy_secrets() = 0;
};

// What the service needs to know about a recipient (from identity's profile).
struct Recipient final {
  std::string locale = "ko-KR";
  std::string time_zone = "Asia/Seoul";
  std::optional<std::string> quiet_hours_start;  // "HH:MM"
  std::optional<std::string> quiet_hours_end;
  bool medication_reminders = true;
  bool community = true;
};
using RecipientLookup = std::function<Result<Recipient>(const std::string& user_id)>;

struct NotificationSettings final {
  int webhook_max_attempts = 8;
  int backoff_base_ms = 30'000;
  int backoff_cap_ms = 6 * 3600 * 1000;
  int http_timeout_ms = 10'000;
  // Tests only: allow http:// and loopback endpoints.
  bool allow_insecure_endpoints = false;
  std::string vapid_key_file;  // PEM, generated 0600 on first use
  // Seals webhook secrets at rest (core/secret_box.hpp; <var_dir>/data.key). Empty: a random key
  // for this process only — for tests; a server always passes the file's key.
  std::string data_key;
  std::string vapid_subject = "mailto:ops@soomcare.kr";
  int batch_size = 50;
};

std::shared_ptr<NotificationCenter> make_notification_service(std::shared_ptr<db::Database> db,
                                                              std::shared_ptr<const Clock> clock,
                                                              RecipientLookup recipients,
                                                              NotificationSettings settings);
// Adapter: recipients from identity's profile.
RecipientLookup identity_recipients(std::shared_ptr<identity::IdentityService> identity);

}  // namespace soom::notification

namespace soom::http {
class Router;
}

namespace soom::notification {
void add_notification_routes(http::Router& router, std::shared_ptr<NotificationCenter> service);

// Erases everything this context holds about a user when identity publishes
// identity.user_deleted (PIPA: deleting an account removes personal data). Idempotent.
std::shared_ptr<events::Consumer> make_user_erasure_consumer(std::shared_ptr<db::Database> db);

}  // namespace soom::notification
