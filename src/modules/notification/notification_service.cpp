// The notification service: notify() records and releases, the inbox/stream queries,
// channel management and the delivery pass the worker runs.
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <random>

#include "core/encoding.hpp"
#include "core/random.hpp"
#include "core/secret_box.hpp"
#include "db/db.hpp"
#include "db/sealed_columns.hpp"
#include "modules/identity/identity.hpp"
#include "modules/notification/notification.hpp"
#include "modules/notification/notification_repository.hpp"
#include "modules/notification/outbound_http.hpp"
#include "modules/notification/quiet_hours.hpp"
#include "modules/notification/templates.hpp"
#include "modules/notification/web_push_crypto.hpp"
#include "modules/notification/webhook_signature.hpp"

namespace soom::notification {
namespace {

// Bound into each sealed webhook secret (SecretBox purpose).
constexpr std::string_view kWebhookPurpose = "notification.webhooks.secret";
constexpr int kSealBatch = 100;

constexpr std::size_t kMaxDedupeKey = 200;
constexpr std::int64_t kMaxWebhooks = 10;
constexpr std::int64_t kMaxPushSubscriptions = 20;
constexpr std::int64_t kLeaseMs = 120'000;  // far longer than one attempt's HTTP timeout
constexpr std::int64_t kVapidLifetimeS = 12 * 3600;
constexpr int kPushTtlS = 24 * 3600;

class LocalHub final : public StreamHub {
 public:
  std::shared_ptr<void> subscribe(const std::string& user_id, std::function<void()> wake) override {
    std::lock_guard lock(state_->mutex);
    const std::uint64_t id = ++state_->next_id;
    state_->subscribers.emplace(user_id, std::make_pair(id, std::move(wake)));
    return std::shared_ptr<void>(static_cast<void*>(nullptr), [state = state_, user_id, id](void*) {
      std::lock_guard lock(state->mutex);
      auto [begin, end] = state->subscribers.equal_range(user_id);
      for (auto it = begin; it != end; ++it) {
        if (it->second.first == id) {
          state->subscribers.erase(it);
          break;
        }
      }
    });
  }

  void publish(const std::string& user_id) override {
    std::vector<std::function<void()>> wakes;
    {
      std::lock_guard lock(state_->mutex);
      auto [begin, end] = state_->subscribers.equal_range(user_id);
      for (auto it = begin; it != end; ++it) wakes.push_back(it->second.second);
    }
    for (auto& wake : wakes) wake();  // outside the lock: a wake may post to an I/O thread
  }

 private:
  struct State {
    std::mutex mutex;
    std::uint64_t next_id = 0;
    std::multimap<std::string, std::pair<std::uint64_t, std::function<void()>>> subscribers;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

std::string encode_cursor(std::string_view text) { return base64url_encode(text); }
std::optional<std::string> decode_cursor(std::string_view cursor, char tag) {
  auto text = base64url_decode(cursor);
  if (!text || text->size() < 2 || (*text)[0] != tag) return std::nullopt;
  return text->substr(1);
}
std::optional<std::int64_t> parse_int(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}
Error bad_cursor() { return Error::validation("cursor", "invalid", "잘못된 커서입니다"); }

std::string data_json(const std::map<std::string, std::string>& params) {
  boost::json::object o;
  for (const auto& [k, v] : params) o[k] = v;
  return boost::json::serialize(o);
}

class Service final : public NotificationCenter {
 public:
  Service(std::shared_ptr<db::Database> db, std::shared_ptr<const Clock> clock, RecipientLookup recipients,
          NotificationSettings settings)
      : db_(std::move(db)),
        clock_(std::move(clock)),
        recipients_(std::move(recipients)),
        settings_(std::move(settings)),
        secrets_(settings_.data_key.empty() ? random_token(48) : settings_.data_key),
        owner_(new_uuid_v7()),
        rng_(std::random_device{}()) {}

  Result<NotificationId> notify(const NotificationRequest& request) override {
    if (request.user_id.empty()) return Error::validation("user_id", "required", "수신자가 필요합니다");
    if (request.dedupe_key.size() > kMaxDedupeKey) {
      return Error::validation("dedupe_key", "too_long", "중복 방지 키가 너무 깁니다");
    }
    if (!is_known_kind(request.kind)) return Error::validation("kind", "invalid", "알 수 없는 알림 종류입니다");
    auto recipient = recipients_(request.user_id);
    if (!recipient) return recipient.error();
    const Instant now = clock_->now();
    const std::int64_t now_ms = to_unix_ms(now);

    Instant deliver_after = std::max(now, request.not_before.value_or(now));
    const bool reminder = is_reminder_kind(request.kind);
    if (!request.bypass_quiet_hours && !reminder && recipient->quiet_hours_start && recipient->quiet_hours_end) {
      if (auto end = quiet_hours_end(deliver_after, recipient->time_zone, *recipient->quiet_hours_start,
                                     *recipient->quiet_hours_end)) {
        deliver_after = std::max(deliver_after, *end);
      }
    }
    auto tx = db_->begin();
    const bool details = repo::show_details(tx, request.user_id);
    const auto text = render(request.kind, request.params, recipient->locale, details);
    repo::NewNotification row;
    row.id = new_uuid_v7();
    row.user_id = request.user_id;
    row.kind = request.kind;
    row.title = text->title;
    row.body = text->body;
    row.public_title = text->public_title;
    row.public_body = text->public_body;
    row.data_json = data_json(request.params);
    row.dedupe_key = request.dedupe_key.empty() ? "auto:" + row.id : request.dedupe_key;
    // Channel switches in the profile stop pushes; the inbox keeps everything.
    row.external = !(reminder && !recipient->medication_reminders) &&
                   !(is_community_kind(request.kind) && !recipient->community);
    row.created_at = now_ms;
    row.deliver_after = to_unix_ms(deliver_after);
    auto [id, created] = repo::insert_notification(tx, row);
    bool released = false;
    if (created && row.deliver_after <= now_ms) released = repo::release(tx, id, now_ms);
    tx.commit();
    if (released) hub_.publish(request.user_id);
    return NotificationId{id, created};
  }

  Result<NotificationPage> list(const std::string& user_id, const InboxQuery& query) override {
    std::optional<std::int64_t> before;
    if (query.cursor) {
      auto text = decode_cursor(*query.cursor, 's');
      auto seq = text ? parse_int(*text) : std::nullopt;
      if (!seq) return bad_cursor();
      before = seq;
    }
    auto tx = db_->read();
    NotificationPage page;
    page.items = repo::list(tx, user_id, before, query.unread_only, query.limit + 1);
    if (static_cast<int>(page.items.size()) > query.limit) {
      page.items.resize(static_cast<std::size_t>(query.limit));
      page.next_cursor = encode_cursor("s" + std::to_string(page.items.back().seq));
    }
    return page;
  }

  Result<Notification> mark_read(const std::string& user_id, const std::string& id) override {
    auto tx = db_->begin();
    if (!repo::mark_read(tx, user_id, id, to_unix_ms(clock_->now()))) return Error::not_found("notification");
    auto n = repo::find(tx, user_id, id);
    tx.commit();
    if (!n) return Error::not_found("notification");
    return *n;
  }

  Result<std::int64_t> mark_all_read(const std::string& user_id) override {
    auto tx = db_->begin();
    const auto n = repo::mark_all_read(tx, user_id, to_unix_ms(clock_->now()));
    tx.commit();
    return n;
  }

  Result<std::int64_t> unread_count(const std::string& user_id) override {
    auto tx = db_->read();
    return repo::unread_count(tx, user_id);
  }

  Result<std::vector<Notification>> stream_after(const std::string& user_id, std::int64_t after_seq,
                                                 int limit) override {
    auto tx = db_->read();
    return repo::after(tx, user_id, after_seq, limit);
  }

  Result<std::int64_t> last_seq(const std::string& user_id) override {
    auto tx = db_->read();
    return repo::last_seq(tx, user_id);
  }

  StreamHub& hub() override { return hub_; }

  Result<NotificationId> send_test(const std::string& user_id, const std::optional<std::string>& key) override {
    NotificationRequest request;
    request.user_id = user_id;
    request.kind = "test";
    if (key) request.dedupe_key = "test:" + *key;
    request.bypass_quiet_hours = true;  // the user is checking their channels right now
    return notify(request);
  }

  Result<Preferences> preferences(const std::string& user_id) override {
    auto tx = db_->read();
    return Preferences{repo::show_details(tx, user_id)};
  }

  Result<Preferences> set_preferences(const std::string& user_id, const Preferences& preferences) override {
    auto tx = db_->begin();
    repo::set_show_details(tx, user_id, preferences.show_details, to_unix_ms(clock_->now()));
    tx.commit();
    return preferences;
  }

  Result<Webhook> create_webhook(const std::string& user_id, const std::string& url) override {
    auto parsed = parse_endpoint_url(url, settings_.allow_insecure_endpoints);
    if (!parsed) return parsed.error();
    Webhook hook{new_uuid_v7(), url, true, clock_->now(), std::nullopt};
    const std::string secret = "whsec_" + random_token(32);
    auto tx = db_->begin();
    if (repo::count_webhooks(tx, user_id) >= kMaxWebhooks) return Error::conflict("웹훅은 최대 10개까지 등록할 수 있습니다");
    repo::insert_webhook(tx, user_id, hook, secrets_.seal(secret, kWebhookPurpose));
    tx.commit();
    hook.secret = secret;
    return hook;
  }

  Result<std::vector<Webhook>> webhooks(const std::string& user_id) override {
    auto tx = db_->read();
    return repo::webhooks(tx, user_id);
  }

  Status delete_webhook(const std::string& user_id, const std::string& id) override {
    auto tx = db_->begin();
    if (!repo::delete_webhook(tx, user_id, id)) return Error::not_found("webhook");
    tx.commit();
    return {};
  }

  Result<PushSubscription> subscribe_push(const std::string& user_id, const PushSubscriptionRequest& request) override {
    std::vector<FieldError> errors;
    if (!parse_endpoint_url(request.endpoint, settings_.allow_insecure_endpoints)) {
      errors.push_back({"endpoint", "invalid", "https:// 푸시 서비스 주소가 필요합니다"});
    }
    const auto key = base64url_decode(request.p256dh);
    if (!key || key->size() != 65 || (*key)[0] != 0x04) {
      errors.push_back({"keys.p256dh", "invalid", "p256dh는 base64url로 인코딩된 65바이트 P-256 공개키여야 합니다"});
    }
    const auto auth = base64url_decode(request.auth);
    if (!auth || auth->size() != 16) errors.push_back({"keys.auth", "invalid", "auth는 base64url로 인코딩된 16바이트여야 합니다"});
    if (!errors.empty()) return Error::validation(std::move(errors));
    auto tx = db_->begin();
    if (repo::count_push(tx, user_id) >= kMaxPushSubscriptions) {
      return Error::conflict("푸시 구독은 최대 20개까지 등록할 수 있습니다");
    }
    auto sub = repo::upsert_push(tx, user_id, request, new_uuid_v7(), to_unix_ms(clock_->now()));
    tx.commit();
    return sub;
  }

  Result<std::vector<PushSubscription>> push_subscriptions(const std::string& user_id) override {
    auto tx = db_->read();
    return repo::push_subscriptions(tx, user_id);
  }

  Status delete_push_subscription(const std::string& user_id, const std::string& id) override {
    auto tx = db_->begin();
    if (!repo::delete_push(tx, user_id, id)) return Error::not_found("push subscription");
    tx.commit();
    return {};
  }

  Result<std::string> vapid_public_key() override { return base64url_encode(vapid().public_key_raw()); }

  Result<DeliveryPage> deliveries(const std::string& user_id, const std::optional<std::string>& status,
                                  const std::optional<std::string>& cursor, int limit) override {
    if (status && *status != "pending" && *status != "sent" && *status != "failed" && *status != "dead") {
      return Error::validation("status", "invalid", "status는 pending, sent, failed, dead 중 하나입니다");
    }
    std::optional<std::pair<std::int64_t, std::string>> before;
    if (cursor) {
      auto text = decode_cursor(*cursor, 'd');
      const auto colon = text ? text->find(':') : std::string::npos;
      if (colon == std::string::npos) return bad_cursor();
      auto at = parse_int(text->substr(0, colon));
      if (!at) return bad_cursor();
      before = std::make_pair(*at, text->substr(colon + 1));
    }
    auto tx = db_->read();
    DeliveryPage page;
    page.items = repo::deliveries(tx, user_id, status, before, limit + 1);
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.resize(static_cast<std::size_t>(limit));
      const auto& last = page.items.back();
      page.next_cursor = encode_cursor("d" + std::to_string(to_unix_ms(last.created_at)) + ":" + last.id);
    }
    return page;
  }

  Status retry_delivery(const std::string& user_id, const std::string& id) override {
    auto tx = db_->begin();
    if (!repo::retry_delivery(tx, user_id, id, to_unix_ms(clock_->now()))) return Error::not_found("delivery");
    tx.commit();
    return {};
  }

  int run_delivery_pass() override {
    int work = 0;
    const std::int64_t now = to_unix_ms(clock_->now());
    std::vector<repo::Waiting> waiting;
    {
      auto tx = db_->read();
      waiting = repo::waiting_due(tx, now, settings_.batch_size);
    }
    for (const auto& w : waiting) {
      auto tx = db_->begin();
      if (repo::release(tx, w.id, now)) {
        tx.commit();
        hub_.publish(w.user_id);
        ++work;
      }
    }
    std::vector<repo::Claimed> claimed;
    {
      auto tx = db_->begin();
      claimed = repo::claim_due(tx, owner_, now, now + kLeaseMs, settings_.batch_size);
      tx.commit();
    }
    for (const auto& c : claimed) {
      deliver(c);
      ++work;
    }
    return work;
  }

 private:
  struct Outcome {
    enum class Kind { kSent, kRetry, kFailed, kDead } kind = Kind::kRetry;
    std::string error;
    std::optional<int> http_status;
  };

  Result<int> seal_legacy_secrets() override {
    if (legacy_sealed_) return 0;
    auto tx = db_->begin();
    const int sealed =
        db::seal_plaintext(tx, secrets_, {"notification_webhooks", "id", "secret", kWebhookPurpose}, kSealBatch);
    tx.commit();
    if (sealed < kSealBatch) legacy_sealed_ = true;
    return sealed;
  }

  VapidKey& vapid() {
    std::lock_guard lock(vapid_mutex_);
    if (!vapid_) vapid_ = std::make_unique<VapidKey>(VapidKey::load_or_create(settings_.vapid_key_file));
    return *vapid_;
  }

  std::int64_t backoff_ms(int attempts) {
    // Exponential backoff with full jitter: uniform in [0, min(cap, base·2^(n-1))].
    const int shift = std::min(attempts - 1, 30);
    const double ceiling = std::min<double>(settings_.backoff_cap_ms,
                                            static_cast<double>(settings_.backoff_base_ms) * static_cast<double>(1LL << shift));
    std::lock_guard lock(rng_mutex_);
    std::uniform_real_distribution<double> pick(0.0, ceiling);
    return static_cast<std::int64_t>(pick(rng_));
  }

  void deliver(const repo::Claimed& c) {
    Outcome outcome;
    try {
      outcome = c.channel == "webhook" ? send_webhook(c) : send_push(c);
    } catch (const std::exception& e) {
      outcome = Outcome{Outcome::Kind::kRetry, std::string("internal: ") + e.what(), std::nullopt};
    }
    const int attempts = c.attempts + 1;
    const std::int64_t now = to_unix_ms(clock_->now());
    std::string status;
    std::int64_t next = now;
    switch (outcome.kind) {
      case Outcome::Kind::kSent: status = "sent"; break;
      case Outcome::Kind::kFailed: status = "failed"; break;
      case Outcome::Kind::kDead: status = "dead"; break;
      case Outcome::Kind::kRetry:
        if (attempts >= settings_.webhook_max_attempts) {
          status = "dead";
        } else {
          status = "pending";
          next = now + backoff_ms(attempts);
        }
        break;
    }
    auto tx = db_->begin();
    if (!repo::finish(tx, c.id, owner_, status, attempts, next, outcome.error, outcome.http_status, now)) {
      spdlog::warn("notification delivery {}: lease lost before the outcome was recorded", c.id);
    }
    tx.commit();
  }

  Outcome send_webhook(const repo::Claimed& c) {
    std::optional<repo::OutgoingNotification> n;
    std::optional<repo::WebhookTarget> target;
    bool details = false;
    {
      auto tx = db_->read();
      n = repo::outgoing(tx, c.notification_id);
      target = repo::webhook_target(tx, c.target_id);
      details = repo::show_details(tx, c.user_id);
    }
    if (!n) return {Outcome::Kind::kFailed, "notification removed", std::nullopt};
    if (!target || !target->active) return {Outcome::Kind::kFailed, "webhook removed", std::nullopt};
    boost::json::object notification{{"id", n->id},
                                     {"seq", n->seq},
                                     {"kind", n->kind},
                                     {"title", n->public_title},
                                     {"body", n->public_body},
                                     {"created_at", format_rfc3339(from_unix_ms(n->created_at))}};
    if (details) notification["data"] = boost::json::parse(n->data_json);
    const auto secret = secrets_.open(target->secret, kWebhookPurpose);
    // Sealed under another data key (a lost or swapped data.key): the receiver could not
    // verify a signature anyway, so the delivery fails instead of going out unsigned.
    if (!secret) return {Outcome::Kind::kFailed, "webhook secret does not open with this data key", std::nullopt};
    const std::string body = boost::json::serialize(
        boost::json::object{{"type", "notification"}, {"delivery_id", c.id}, {"notification", notification}});
    const std::int64_t ts = to_unix_ms(clock_->now()) / 1000;
    OutboundRequest request;
    request.url = target->url;
    request.body = body;
    request.timeout_ms = settings_.http_timeout_ms;
    request.allow_insecure = settings_.allow_insecure_endpoints;
    request.headers = {{"Content-Type", "application/json"},
                       {kTimestampHeader, std::to_string(ts)},
                       {kSignatureHeader, webhook_signature(*secret, ts, body)},
                       {kDeliveryHeader, c.id}};
    const auto response = post(request);
    if (response.status >= 200 && response.status < 300) return {Outcome::Kind::kSent, "", response.status};
    if (response.status == 0) return {Outcome::Kind::kRetry, response.error, std::nullopt};
    return {Outcome::Kind::kRetry, "HTTP " + std::to_string(response.status), response.status};
  }

  Outcome send_push(const repo::Claimed& c) {
    std::optional<repo::OutgoingNotification> n;
    std::optional<repo::PushTarget> target;
    {
      auto tx = db_->read();
      n = repo::outgoing(tx, c.notification_id);
      target = repo::push_target(tx, c.target_id);
    }
    if (!n) return {Outcome::Kind::kFailed, "notification removed", std::nullopt};
    if (!target) return {Outcome::Kind::kFailed, "subscription removed", std::nullopt};
    const std::string payload = boost::json::serialize(boost::json::object{{"id", n->id},
                                                                           {"seq", n->seq},
                                                                           {"kind", n->kind},
                                                                           {"title", n->public_title},
                                                                           {"body", n->public_body},
                                                                           {"url", "/notifications"}});
    const auto ua_public = base64url_decode(target->p256dh);
    const auto auth = base64url_decode(target->auth);
    if (!ua_public || !auth) return {Outcome::Kind::kDead, "subscription keys are not base64url", std::nullopt};
    auto body = encrypt_web_push(payload, *ua_public, *auth);
    if (!body) return {Outcome::Kind::kDead, body.error().public_message, std::nullopt};
    const std::int64_t now_s = to_unix_ms(clock_->now()) / 1000;
    auto& key = vapid();
    const std::string jwt = key.sign_jwt(origin_of(target->endpoint), now_s + kVapidLifetimeS, settings_.vapid_subject);
    OutboundRequest request;
    request.url = target->endpoint;
    request.body = std::move(body).value();
    request.timeout_ms = settings_.http_timeout_ms;
    request.allow_insecure = settings_.allow_insecure_endpoints;
    request.headers = {{"Content-Type", "application/octet-stream"},
                       {"Content-Encoding", "aes128gcm"},
                       {"TTL", std::to_string(kPushTtlS)},
                       {"Urgency", is_reminder_kind(n->kind) ? "high" : "normal"},
                       {"Authorization", "vapid t=" + jwt + ", k=" + base64url_encode(key.public_key_raw())}};
    const auto response = post(request);
    if (response.status >= 200 && response.status < 300) return {Outcome::Kind::kSent, "", response.status};
    if (response.status == 404 || response.status == 410) {
      // The browser unsubscribed: RFC 8030 §7.3. Forget the subscription.
      auto tx = db_->begin();
      repo::delete_push_by_id(tx, c.target_id);
      tx.commit();
      return {Outcome::Kind::kFailed, "subscription expired", response.status};
    }
    if (response.status == 0) return {Outcome::Kind::kRetry, response.error, std::nullopt};
    if (response.status == 429 || response.status >= 500) {
      return {Outcome::Kind::kRetry, "HTTP " + std::to_string(response.status), response.status};
    }
    return {Outcome::Kind::kDead, "HTTP " + std::to_string(response.status), response.status};
  }

  std::shared_ptr<db::Database> db_;
  std::shared_ptr<const Clock> clock_;
  RecipientLookup recipients_;
  NotificationSettings settings_;
  SecretBox secrets_;  // webhook signing secrets are stored sealed (core/secret_box.hpp)
  std::atomic<bool> legacy_sealed_{false};
  std::string owner_;
  LocalHub hub_;
  std::mutex vapid_mutex_;
  std::unique_ptr<VapidKey> vapid_;
  std::mutex rng_mutex_;
  std::mt19937_64 rng_;
};

}  // namespace

std::shared_ptr<NotificationCenter> make_notification_service(std::shared_ptr<db::Database> db,
                                                              std::shared_ptr<const Clock> clock,
                                                              RecipientLookup recipients,
                                                              NotificationSettings settings) {
  return std::make_shared<Service>(std::move(db), std::move(clock), std::move(recipients), std::move(settings));
}

RecipientLookup identity_recipients(std::shared_ptr<identity::IdentityService> identity) {
  return [identity = std::move(identity)](const std::string& user_id) -> Result<Recipient> {
    auto profile = identity->profile(user_id);
    if (!profile) return profile.error();
    Recipient r;
    r.locale = profile->locale;
    r.time_zone = profile->time_zone;
    r.quiet_hours_start = profile->notifications.quiet_hours_start;
    r.quiet_hours_end = profile->notifications.quiet_hours_end;
    r.medication_reminders = profile->notifications.medication_reminders;
    r.community = profile->notifications.community;
    return r;
  };
}

}  // namespace soom::notification
