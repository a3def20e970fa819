#include "modules/notification/notification_repository.hpp"

#include <boost/json.hpp>

#include "core/random.hpp"

namespace soom::notification::repo {
namespace {

constexpr const char* kNotificationColumns =
    "id, seq, kind, title, body, data, created_at, visible_at, read_at";

std::map<std::string, std::string> decode_data(const std::string& text) {
  std::map<std::string, std::string> out;
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return out;
  for (const auto& [k, v] : value.as_object()) {
    if (v.is_string()) out.emplace(std::string(k), std::string(v.as_string()));
  }
  return out;
}

Notification notification_from(const db::Row& r) {
  Notification n;
  n.id = r.get_text(0);
  n.seq = r.opt_int(1).value_or(0);
  n.kind = r.get_text(2);
  n.title = r.get_text(3);
  n.body = r.get_text(4);
  n.data = decode_data(r.get_text(5));
  n.created_at = from_unix_ms(r.get_int(6));
  n.visible_at = from_unix_ms(r.opt_int(7).value_or(r.get_int(6)));
  if (auto read = r.opt_int(8)) n.read_at = from_unix_ms(*read);
  return n;
}

std::vector<Notification> notifications_from(const db::QueryResult& result) {
  std::vector<Notification> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) out.push_back(notification_from(row));
  return out;
}

Delivery delivery_from(const db::Row& r) {
  Delivery d;
  d.id = r.get_text(0);
  d.notification_id = r.get_text(1);
  d.channel = r.get_text(2);
  d.target_id = r.get_text(3);
  d.status = r.get_text(4);
  d.attempts = static_cast<int>(r.get_int(5));
  if (d.status == "pending") d.next_attempt_at = from_unix_ms(r.get_int(6));
  d.last_error = r.opt_text(7);
  if (auto s = r.opt_int(8)) d.last_status = static_cast<int>(*s);
  d.created_at = from_unix_ms(r.get_int(9));
  d.updated_at = from_unix_ms(r.get_int(10));
  return d;
}

std::int64_t next_seq(db::Transaction& tx, const std::string& user_id) {
  // The upsert also locks the user's counter row: releases of one user are serialized,
  // so seq commit order equals seq order and a stream never skips a notification.
  auto r = tx.query(
      "INSERT INTO notification_user_seq (user_id, last_seq) VALUES ($1, 1) "
      "ON CONFLICT (user_id) DO UPDATE SET last_seq = notification_user_seq.last_seq + 1 RETURNING last_seq",
      {user_id});
  return r.rows.at(0).get_int(0);
}

void queue_delivery(db::Transaction& tx, const std::string& notification_id, const std::string& user_id,
                    const std::string& channel, const std::string& target_id, std::int64_t now) {
  tx.query(
      "INSERT INTO notification_deliveries (id, notification_id, user_id, channel, target_id, status, attempts, "
      "next_attempt_at, lease_until, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, 0, $6, $6) "
      "ON CONFLICT (notification_id, channel, target_id) DO NOTHING",
      {new_uuid_v7(), notification_id, user_id, channel, target_id, now});
}

}  // namespace

std::pair<std::string, bool> insert_notification(db::Transaction& tx, const NewNotification& n) {
  auto r = tx.query(
      "INSERT INTO notifications (id, user_id, seq, kind, title, body, public_title, public_body, data, dedupe_key, "
      "external, created_at, deliver_after) VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
      "ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id",
      {n.id, n.user_id, n.kind, n.title, n.body, n.public_title, n.public_body, n.data_json, n.dedupe_key, n.external,
       n.created_at, n.deliver_after});
  if (!r.empty()) return {r.rows.at(0).get_text(0), true};
  auto existing = tx.query("SELECT id FROM notifications WHERE user_id = $1 AND dedupe_key = $2",
                           {n.user_id, n.dedupe_key});
  return {existing.rows.at(0).get_text(0), false};
}

bool release(db::Transaction& tx, const std::string& id, std::int64_t now) {
  auto row = tx.query("SELECT user_id, external FROM notifications WHERE id = $1 AND seq IS NULL", {id});
  if (row.empty()) return false;
  const std::string user_id = row.rows.at(0).get_text(0);
  const bool external = row.rows.at(0).get_bool(1);
  const std::int64_t seq = next_seq(tx, user_id);
  auto updated = tx.query("UPDATE notifications SET seq = $1, visible_at = $2 WHERE id = $3 AND seq IS NULL",
                          {seq, now, id});
  if (updated.affected == 0) return false;
  if (!external) return true;
  for (const auto& hook : tx.query("SELECT id FROM notification_webhooks WHERE user_id = $1 AND active = $2",
                                   {user_id, true}).rows) {
    queue_delivery(tx, id, user_id, "webhook", hook.get_text(0), now);
  }
  for (const auto& sub : tx.query("SELECT id FROM notification_push_subscriptions WHERE user_id = $1", {user_id}).rows) {
    queue_delivery(tx, id, user_id, "web_push", sub.get_text(0), now);
  }
  return true;
}

std::vector<Waiting> waiting_due(db::Transaction& tx, std::int64_t now, int limit) {
  auto r = tx.query(
      "SELECT id, user_id FROM notifications WHERE seq IS NULL AND deliver_after <= $1 ORDER BY deliver_after LIMIT $2",
      {now, static_cast<std::int64_t>(limit)});
  std::vector<Waiting> out;
  for (const auto& row : r.rows) out.push_back({row.get_text(0), row.get_text(1)});
  return out;
}

std::optional<Notification> find(db::Transaction& tx, const std::string& user_id, const std::string& id) {
  auto r = tx.query(std::string("SELECT ") + kNotificationColumns +
                        " FROM notifications WHERE id = $1 AND user_id = $2 AND seq IS NOT NULL",
                    {id, user_id});
  if (r.empty()) return std::nullopt;
  return notification_from(r.rows.at(0));
}

std::vector<Notification> list(db::Transaction& tx, const std::string& user_id, std::optional<std::int64_t> before_seq,
                               bool unread_only, int limit) {
  std::string sql = std::string("SELECT ") + kNotificationColumns +
                    " FROM notifications WHERE user_id = $1 AND seq IS NOT NULL AND seq < $2";
  if (unread_only) sql += " AND read_at IS NULL";
  sql += " ORDER BY seq DESC LIMIT $3";
  return notifications_from(tx.query(
      sql, {user_id, before_seq.value_or(std::numeric_limits<std::int64_t>::max()), static_cast<std::int64_t>(limit)}));
}

std::vector<Notification> after(db::Transaction& tx, const std::string& user_id, std::int64_t after_seq, int limit) {
  return notifications_from(tx.query(std::string("SELECT ") + kNotificationColumns +
                                         " FROM notifications WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                                     {user_id, after_seq, static_cast<std::int64_t>(limit)}));
}

std::int64_t last_seq(db::Transaction& tx, const std::string& user_id) {
  auto r = tx.query("SELECT last_seq FROM notification_user_seq WHERE user_id = $1", {user_id});
  return r.empty() ? 0 : r.rows.at(0).get_int(0);
}

bool mark_read(db::Transaction& tx, const std::string& user_id, const std::string& id, std::int64_t now) {
  auto r = tx.query(
      "UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3 AND seq IS NOT NULL",
      {now, id, user_id});
  return r.affected > 0;
}

std::int64_t mark_all_read(db::Transaction& tx, const std::string& user_id, std::int64_t now) {
  return tx.query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND seq IS NOT NULL AND read_at IS NULL",
                  {now, user_id})
      .affected;
}

std::int64_t unread_count(db::Transaction& tx, const std::string& user_id) {
  return tx.query("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND seq IS NOT NULL AND read_at IS NULL",
                  {user_id})
      .rows.at(0)
      .get_int(0);
}

bool show_details(db::Transaction& tx, const std::string& user_id) {
  auto r = tx.query("SELECT show_details FROM notification_preferences WHERE user_id = $1", {user_id});
  return !r.empty() && r.rows.at(0).get_bool(0);
}

void set_show_details(db::Transaction& tx, const std::string& user_id, bool value, std::int64_t now) {
  tx.query(
      "INSERT INTO notification_preferences (user_id, show_details, updated_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (user_id) DO UPDATE SET show_details = excluded.show_details, updated_at = excluded.updated_at",
      {user_id, value, now});
}

void insert_webhook(db::Transaction& tx, const std::string& user_id, const Webhook& w, const std::string& secret) {
  tx.query(
      "INSERT INTO notification_webhooks (id, user_id, url, secret, active, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
      {w.id, user_id, w.url, secret, w.active, to_unix_ms(w.created_at)});
}

std::vector<Webhook> webhooks(db::Transaction& tx, const std::string& user_id) {
  std::vector<Webhook> out;
  for (const auto& r : tx.query("SELECT id, url, active, created_at FROM notification_webhooks WHERE user_id = $1 "
                                "ORDER BY created_at, id",
                                {user_id})
                           .rows) {
    out.push_back(Webhook{r.get_text(0), r.get_text(1), r.get_bool(2), from_unix_ms(r.get_int(3)), std::nullopt});
  }
  return out;
}

std::int64_t count_webhooks(db::Transaction& tx, const std::string& user_id) {
  return tx.query("SELECT COUNT(*) FROM notification_webhooks WHERE user_id = $1", {user_id}).rows.at(0).get_int(0);
}

bool delete_webhook(db::Transaction& tx, const std::string& user_id, const std::string& id) {
  return tx.query("DELETE FROM notification_webhooks WHERE id = $1 AND user_id = $2", {id, user_id}).affected > 0;
}

PushSubscription upsert_push(db::Transaction& tx, const std::string& user_id, const PushSubscriptionRequest& request,
                             const std::string& new_id, std::int64_t now) {
  auto r = tx.query(
      "INSERT INTO notification_push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, endpoint) DO UPDATE SET p256dh = excluded.p256dh, "
      "auth = excluded.auth RETURNING id, endpoint, created_at",
      {new_id, user_id, request.endpoint, request.p256dh, request.auth, now});
  const auto& row = r.rows.at(0);
  return PushSubscription{row.get_text(0), row.get_text(1), from_unix_ms(row.get_int(2))};
}

std::vector<PushSubscription> push_subscriptions(db::Transaction& tx, const std::string& user_id) {
  std::vector<PushSubscription> out;
  for (const auto& r : tx.query("SELECT id, endpoint, created_at FROM notification_push_subscriptions "
                                "WHERE user_id = $1 ORDER BY created_at, id",
                                {user_id})
                           .rows) {
    out.push_back(PushSubscription{r.get_text(0), r.get_text(1), from_unix_ms(r.get_int(2))});
  }
  return out;
}

std::int64_t count_push(db::Transaction& tx, const std::string& user_id) {
  return tx.query("SELECT COUNT(*) FROM notification_push_subscriptions WHERE user_id = $1", {user_id})
      .rows.at(0)
      .get_int(0);
}

bool delete_push(db::Transaction& tx, const std::string& user_id, const std::string& id) {
  return tx.query("DELETE FROM notification_push_subscriptions WHERE id = $1 AND user_id = $2", {id, user_id})
             .affected > 0;
}

std::vector<Delivery> deliveries(db::Transaction& tx, const std::string& user_id, const std::optional<std::string>& status,
                                 std::optional<std::pair<std::int64_t, std::string>> before, int limit) {
  std::string sql =
      "SELECT id, notification_id, channel, target_id, status, attempts, next_attempt_at, last_error, last_status, "
      "created_at, updated_at FROM notification_deliveries WHERE user_id = $1";
  db::Params params{user_id};
  if (status) {
    params.emplace_back(*status);
    sql += " AND status = $" + std::to_string(params.size());
  }
  if (before) {
    params.emplace_back(before->first);
    const auto at = params.size();
    params.emplace_back(before->second);
    sql += " AND (created_at < $" + std::to_string(at) + " OR (created_at = $" + std::to_string(at) + " AND id < $" +
           std::to_string(params.size()) + "))";
  }
  params.emplace_back(static_cast<std::int64_t>(limit));
  sql += " ORDER BY created_at DESC, id DESC LIMIT $" + std::to_string(params.size());
  std::vector<Delivery> out;
  for (const auto& row : tx.query(sql, params).rows) out.push_back(delivery_from(row));
  return out;
}

bool retry_delivery(db::Transaction& tx, const std::string& user_id, const std::string& id, std::int64_t now) {
  auto exists = tx.query("SELECT status FROM notification_deliveries WHERE id = $1 AND user_id = $2", {id, user_id});
  if (exists.empty()) return false;
  tx.query(
      "UPDATE notification_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, lease_owner = NULL, "
      "lease_until = 0, updated_at = $1 WHERE id = $2 AND user_id = $3 AND status IN ('dead', 'failed')",
      {now, id, user_id});
  return true;
}

std::vector<Claimed> claim_due(db::Transaction& tx, const std::string& owner, std::int64_t now,
                               std::int64_t lease_until, int limit) {
  // SQLite has one writer (BEGIN IMMEDIATE), so the plain subquery is already exclusive.
  const std::string lock = tx.engine() == db::Engine::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  auto r = tx.query(
      "UPDATE notification_deliveries SET lease_owner = $1, lease_until = $2 WHERE id IN ("
      "SELECT id FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= $3 AND lease_until < $3 "
      "ORDER BY next_attempt_at LIMIT $4" +
          lock + ") RETURNING id, notification_id, user_id, channel, target_id, attempts",
      {owner, lease_until, now, static_cast<std::int64_t>(limit)});
  std::vector<Claimed> out;
  for (const auto& row : r.rows) {
    out.push_back(Claimed{row.get_text(0), row.get_text(1), row.get_text(2), row.get_text(3), row.get_text(4),
                          static_cast<int>(row.get_int(5))});
  }
  return out;
}

std::optional<OutgoingNotification> outgoing(db::Transaction& tx, const std::string& notification_id) {
  auto r = tx.query(
      "SELECT id, seq, kind, public_title, public_body, data, created_at FROM notifications WHERE id = $1",
      {notification_id});
  if (r.empty()) return std::nullopt;
  const auto& row = r.rows.at(0);
  return OutgoingNotification{row.get_text(0), row.opt_int(1).value_or(0), row.get_text(2), row.get_text(3),
                              row.get_text(4), row.get_text(5), row.get_int(6)};
}

std::optional<WebhookTarget> webhook_target(db::Transaction& tx, const std::string& id) {
  auto r = tx.query("SELECT url, secret, active FROM notification_webhooks WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return WebhookTarget{r.rows.at(0).get_text(0), r.rows.at(0).get_text(1), r.rows.at(0).get_bool(2)};
}

std::optional<PushTarget> push_target(db::Transaction& tx, const std::string& id) {
  auto r = tx.query("SELECT endpoint, p256dh, auth FROM notification_push_subscriptions WHERE id = $1", {id});
  if (r.empty()) return std::nullopt;
  return PushTarget{r.rows.at(0).get_text(0), r.rows.at(0).get_text(1), r.rows.at(0).get_text(2)};
}

void delete_push_by_id(db::Transaction& tx, const std::string& id) {
  tx.query("DELETE FROM notification_push_subscriptions WHERE id = $1", {id});
}

bool finish(db::Transaction& tx, const std::string& id, const std::string& owner, const std::string& status,
            int attempts, std::int64_t next_attempt_at, const std::string& error, std::optional<int> http_status,
            std::int64_t now) {
  db::Value last_status = http_status ? db::Value(static_cast<std::int64_t>(*http_status)) : db::Value(db::Null{});
  db::Value last_error = error.empty() ? db::Value(db::Null{}) : db::Value(error);
  return tx.query(
               "UPDATE notification_deliveries SET status = $1, attempts = $2, next_attempt_at = $3, last_error = $4, "
               "last_status = $5, lease_owner = NULL, lease_until = 0, updated_at = $6 "
               "WHERE id = $7 AND lease_owner = $8",
               {status, static_cast<std::int64_t>(attempts), next_attempt_at, last_error, last_status, now, id, owner})
             .affected > 0;
}

}  // namespace soom::notification::repo
