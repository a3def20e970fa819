// The service on both engines with a manual clock: dedupe, quiet hours and release,
// inbox privacy, stream order, retries with backoff into the dead letter, and
// exclusive claims across workers.
#include <gtest/gtest.h>

#include <atomic>
#include <map>

#include "core/secret_box.hpp"
#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"
#include "modules/notification/notification.hpp"
#include "modules/notification/notification_repository.hpp"

namespace soom::notification {
namespace {

using namespace std::chrono_literals;

class NotificationServiceTest : public db::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    database_ = db::open_database(temp().options());
    auto applied = db::Migrator(*database_, db::embedded_migrations(engine())).migrate();
    ASSERT_TRUE(applied);
    clock_ = std::make_shared<ManualClock>(parse_rfc3339("2026-11-23T03:00:00Z").value());  // 12:00 KST
    recipients_["alice"] = Recipient{};
    recipients_["bob"] = Recipient{};
    Recipient night;
    night.quiet_hours_start = "22:00";
    night.quiet_hours_end = "07:00";
    recipients_["night"] = night;
    service_ = make(settings());
  }
  void TearDown() override {
    service_.reset();
    database_.reset();
    EngineTest::TearDown();
  }

  NotificationSettings settings() {
    NotificationSettings s;
    s.webhook_max_attempts = 3;
    s.backoff_base_ms = 1000;
    s.http_timeout_ms = 500;
    s.allow_insecure_endpoints = true;
    s.vapid_key_file = "";
    return s;
  }
  std::shared_ptr<NotificationCenter> make(NotificationSettings s) {
    return make_notification_service(
        database_, clock_,
        [this](const std::string& user) -> Result<Recipient> {
          auto it = recipients_.find(user);
          if (it == recipients_.end()) return Error::not_found("user");
          return it->second;
        },
        s);
  }
  NotificationRequest request(const std::string& user, const std::string& kind, const std::string& key = {}) {
    NotificationRequest r;
    r.user_id = user;
    r.kind = kind;
    r.dedupe_key = key;
    r.params = {{"medication_name", "벤토린"}, {"doses_remaining", "10"}};
    return r;
  }

  std::shared_ptr<db::Database> database_;
  std::shared_ptr<ManualClock> clock_;
  std::map<std::string, Recipient> recipients_;
  std::shared_ptr<NotificationCenter> service_;
};

TEST_P(NotificationServiceTest, DedupeKeyMakesNotifyIdempotent) {
  auto first = service_->notify(request("alice", "refill_needed", "refill:med-1:2026-11-23"));
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->created);
  auto again = service_->notify(request("alice", "refill_needed", "refill:med-1:2026-11-23"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(*service_->unread_count("alice"), 1);
  // The same key for another user is another notification.
  auto other = service_->notify(request("bob", "refill_needed", "refill:med-1:2026-11-23"));
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->created);
}

TEST_P(NotificationServiceTest, RefusesUnknownKindsAndUsers) {
  EXPECT_EQ(service_->notify(request("alice", "nope")).error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(service_->notify(request("ghost", "welcome")).error().code, ErrorCode::kNotFound);
}

TEST_P(NotificationServiceTest, QuietHoursDeferOthersButNotReminders) {
  clock_->set(parse_rfc3339("2026-11-23T14:00:00Z").value());  // 23:00 KST
  auto refill = service_->notify(request("night", "refill_needed"));
  ASSERT_TRUE(refill);
  auto reminder = service_->notify(request("night", "dose_reminder"));
  ASSERT_TRUE(reminder);
  auto page = service_->list("night", {});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].kind, "dose_reminder");
  EXPECT_EQ(page->items[0].seq, 1);

  service_->run_delivery_pass();  // 23:00: still quiet
  EXPECT_EQ(*service_->unread_count("night"), 1);
  clock_->set(parse_rfc3339("2026-11-23T22:00:00Z").value());  // 07:00 KST
  EXPECT_GE(service_->run_delivery_pass(), 1);
  page = service_->list("night", {});
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].kind, "refill_needed");
  EXPECT_EQ(page->items[0].seq, 2);  // stream position = when it became visible
  EXPECT_EQ(page->items[0].visible_at, clock_->now());
}

TEST_P(NotificationServiceTest, InboxIsPrivateAndReadStateWorks) {
  auto a = service_->notify(request("alice", "welcome"));
  ASSERT_TRUE(a);
  EXPECT_EQ(service_->mark_read("bob", a->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->list("bob", {})->items.empty());
  auto read = service_->mark_read("alice", a->id);
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->read_at);
  ASSERT_TRUE(service_->notify(request("alice", "test")));
  ASSERT_TRUE(service_->notify(request("alice", "test")));
  EXPECT_EQ(*service_->unread_count("alice"), 2);
  EXPECT_EQ(*service_->mark_all_read("bob"), 0);
  EXPECT_EQ(*service_->mark_all_read("alice"), 2);
  EXPECT_EQ(*service_->unread_count("alice"), 0);
}

TEST_P(NotificationServiceTest, PagesAndStreamFollowTheSequence) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(service_->notify(request("alice", "test")));
  InboxQuery q;
  q.limit = 2;
  auto p1 = service_->list("alice", q);
  ASSERT_TRUE(p1);
  ASSERT_EQ(p1->items.size(), 2u);
  EXPECT_EQ(p1->items[0].seq, 5);
  ASSERT_TRUE(p1->next_cursor);
  q.cursor = p1->next_cursor;
  auto p2 = service_->list("alice", q);
  EXPECT_EQ(p2->items[0].seq, 3);
  q.cursor = "garbage";
  EXPECT_EQ(service_->list("alice", q).error().code, ErrorCode::kValidationFailed);

  auto after = service_->stream_after("alice", 3, 10);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ((*after)[0].seq, 4);
  EXPECT_EQ((*after)[1].seq, 5);
  EXPECT_EQ(*service_->last_seq("alice"), 5);
}

TEST_P(NotificationServiceTest, HubWakesStreamsOfThatUserOnly) {
  std::atomic<int> alice{0}, bob{0};
  auto a = service_->hub().subscribe("alice", [&] { ++alice; });
  auto b = service_->hub().subscribe("bob", [&] { ++bob; });
  ASSERT_TRUE(service_->notify(request("alice", "test")));
  EXPECT_EQ(alice.load(), 1);
  EXPECT_EQ(bob.load(), 0);
  a.reset();  // unsubscribed
  ASSERT_TRUE(service_->notify(request("alice", "test")));
  EXPECT_EQ(alice.load(), 1);
}

TEST_P(NotificationServiceTest, UnreachableWebhookIsRetriedWithBackoffThenDeadLettered) {
  // Port 1 on loopback refuses connections.
  auto hook = service_->create_webhook("alice", "http://127.0.0.1:1/hook");
  ASSERT_TRUE(hook);
  ASSERT_TRUE(hook->secret);
  EXPECT_EQ(hook->secret->rfind("whsec_", 0), 0u);
  EXPECT_EQ(service_->webhooks("alice")->front().secret, std::nullopt);  // shown once
  {  // stored sealed (core/secret_box.hpp), never as the secret itself
    auto tx = db().read();
    const auto stored =
        tx.query("SELECT secret FROM notification_webhooks WHERE id = $1", {hook->id}).rows.at(0).get_text(0);
    EXPECT_EQ(stored.rfind("sb1.", 0), 0u);
    EXPECT_EQ(stored.find(*hook->secret), std::string::npos);
  }
  ASSERT_TRUE(service_->notify(request("alice", "test")));
  EXPECT_EQ(service_->run_delivery_pass(), 1);
  auto pending = service_->deliveries("alice", std::string("pending"), std::nullopt, 10);
  ASSERT_EQ(pending->items.size(), 1u);
  EXPECT_EQ(pending->items[0].attempts, 1);
  EXPECT_TRUE(pending->items[0].last_error);
  const Instant next = pending->items[0].next_attempt_at.value();
  EXPECT_LE(next, clock_->now() + 1000ms);  // full jitter below base·2^0
  for (int i = 0; i < 2; ++i) {
    clock_->advance(10s);
    EXPECT_EQ(service_->run_delivery_pass(), 1);
  }
  EXPECT_EQ(service_->run_delivery_pass(), 0);
  auto dead = service_->deliveries("alice", std::string("dead"), std::nullopt, 10);
  ASSERT_EQ(dead->items.size(), 1u);
  EXPECT_EQ(dead->items[0].attempts, 3);
  EXPECT_TRUE(service_->deliveries("bob", std::string("dead"), std::nullopt, 10)->items.empty());
  // Retry by another user is refused; by the owner it is queued again.
  EXPECT_EQ(service_->retry_delivery("bob", dead->items[0].id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(service_->retry_delivery("alice", dead->items[0].id));
  EXPECT_EQ(service_->deliveries("alice", std::string("pending"), std::nullopt, 10)->items.size(), 1u);
}

// Rows written before sealing existed still sign (plaintext reads as it is) and are sealed by
// the worker's task; once none is left the task is a no-op for the process.
TEST_P(NotificationServiceTest, PlaintextWebhookSecretsAreSealedInPlace) {
  auto hook = service_->create_webhook("alice", "http://127.0.0.1:1/hook");
  ASSERT_TRUE(hook);
  const auto stored = [&] {
    auto tx = db().read();
    return tx.query("SELECT secret FROM notification_webhooks WHERE id = $1", {hook->id}).rows.at(0).get_text(0);
  };
  {
    auto tx = db().begin();
    tx.query("UPDATE notification_webhooks SET secret = $2 WHERE id = $1", {hook->id, *hook->secret});
    tx.commit();
  }
  EXPECT_EQ(stored(), *hook->secret);
  ASSERT_TRUE(service_->notify(request("alice", "test")));
  EXPECT_EQ(service_->run_delivery_pass(), 1);
  auto pending = service_->deliveries("alice", std::string("pending"), std::nullopt, 10);
  ASSERT_EQ(pending->items.size(), 1u);  // tried (port 1 refuses), not failed for want of a secret
  EXPECT_EQ(service_->seal_legacy_secrets().value(), 1);
  EXPECT_TRUE(soom::SecretBox::is_sealed(stored()));
  EXPECT_EQ(service_->seal_legacy_secrets().value(), 0);
}

TEST_P(NotificationServiceTest, WebhookUrlsAreChecked) {
  auto strict = make([this] {
    auto s = settings();
    s.allow_insecure_endpoints = false;
    return s;
  }());
  EXPECT_FALSE(strict->create_webhook("alice", "http://example.com/hook"));
  EXPECT_FALSE(strict->create_webhook("alice", "ftp://example.com/hook"));
  EXPECT_FALSE(strict->create_webhook("alice", "https://user:pw@example.com/hook"));
  EXPECT_TRUE(strict->create_webhook("alice", "https://example.com/hook"));
  EXPECT_EQ(service_->delete_webhook("bob", service_->webhooks("alice")->front().id).error().code,
            ErrorCode::kNotFound);
}

TEST_P(NotificationServiceTest, ConcurrentClaimsNeverShareARow) {
  ASSERT_TRUE(service_->create_webhook("alice", "http://127.0.0.1:1/hook"));
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(service_->notify(request("alice", "test")));
  const std::int64_t now = to_unix_ms(clock_->now());
  if (engine() == db::Engine::kPostgres) {
    // Two workers claim while both transactions are open: SKIP LOCKED hands out disjoint rows.
    auto tx1 = database_->begin();
    auto first = repo::claim_due(tx1, "w1", now, now + 60'000, 4);
    auto tx2 = database_->begin();
    auto second = repo::claim_due(tx2, "w2", now, now + 60'000, 4);
    EXPECT_EQ(first.size(), 4u);
    EXPECT_EQ(second.size(), 2u);
    for (const auto& a : first) {
      for (const auto& b : second) EXPECT_NE(a.id, b.id);
    }
    tx1.commit();
    tx2.commit();
  } else {
    auto tx1 = database_->begin();
    EXPECT_EQ(repo::claim_due(tx1, "w1", now, now + 60'000, 4).size(), 4u);
    tx1.commit();
    auto tx2 = database_->begin();
    EXPECT_EQ(repo::claim_due(tx2, "w2", now, now + 60'000, 4).size(), 2u);
    tx2.commit();
  }
  // Leased rows are not claimed again until the lease expires.
  auto tx3 = database_->begin();
  EXPECT_TRUE(repo::claim_due(tx3, "w3", now, now + 60'000, 10).empty());
  EXPECT_EQ(repo::claim_due(tx3, "w3", now + 60'001, now + 120'000, 10).size(), 6u);
  tx3.commit();
}

SOOM_INSTANTIATE_FOR_ENGINES(NotificationServiceTest);

}  // namespace
}  // namespace soom::notification
