// Clinician shares: the status at an instant (expiry driven by a ManualClock), input rules,
// user-agent cleaning, and the repository on both engines (owner scoping, revocation,
// token-hash lookup, access log and count).
#include "modules/report/shares.hpp"

#include <gtest/gtest.h>

#include "core/encoding.hpp"
#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"

namespace soom::report {
namespace {

using std::chrono::days;
using std::chrono::hours;

const Instant kT0 = from_unix_ms(1'790'000'000'000);

ReportShare share_at(Instant created, int valid_days) {
  ReportShare s;
  s.id = "01a22a00-0000-7000-8000-000000000001";
  s.from = "2026-10-05";
  s.to = "2026-11-01";
  s.note = "김 선생님";
  s.created_at = created;
  s.expires_at = created + days(valid_days);
  return s;
}

TEST(ShareStatus, ExpiresExactlyAtItsExpiryAndRevocationWins) {
  ManualClock clock(kT0);
  auto s = share_at(clock.now(), 7);
  EXPECT_EQ(share_status(s, clock.now()), "active");
  clock.advance(days(7) - std::chrono::milliseconds(1));
  EXPECT_EQ(share_status(s, clock.now()), "active");
  clock.advance(std::chrono::milliseconds(1));
  EXPECT_EQ(share_status(s, clock.now()), "expired");
  s.revoked_at = kT0 + hours(1);
  EXPECT_EQ(share_status(s, clock.now()), "revoked");
  EXPECT_EQ(share_status(s, kT0), "revoked");
}

TEST(ShareInputRules, DaysNoteAndUserAgent) {
  ShareInput in;
  EXPECT_TRUE(validate_share_input(in).empty());  // default 7 days
  in.expires_in_days = 31;
  EXPECT_EQ(validate_share_input(in).size(), 1u);
  in.expires_in_days = 0;
  EXPECT_EQ(validate_share_input(in).front().field, "expires_in_days");
  in.expires_in_days = 30;
  for (int i = 0; i < 200; ++i) in.note += "숨";
  EXPECT_TRUE(validate_share_input(in).empty());  // 200 characters, 600 bytes
  in.note += "숨";
  EXPECT_EQ(validate_share_input(in).front().field, "note");
  in.note = "줄\n바꿈";
  EXPECT_EQ(validate_share_input(in).front().code, "invalid");

  EXPECT_EQ(clean_user_agent("Mozilla/5.0\r\nX-Evil: 1"), "Mozilla/5.0X-Evil: 1");
  EXPECT_EQ(clean_user_agent(std::string(500, 'a')).size(), kMaxUserAgentChars);
  EXPECT_EQ(clean_user_agent("한국\xff어"), "한국어");
  EXPECT_EQ(share_token_hash("abc"), hex_encode(sha256("abc")));
  EXPECT_EQ(share_token_hash("abc").size(), 64u);
}

class ShareRepositoryTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
  }
};

TEST_P(ShareRepositoryTest, OwnerScopedRevocableAndLogged) {
  const auto s = share_at(kT0, 7);
  const auto hash = share_token_hash("token-of-alice");
  {
    auto tx = db().begin();
    repo::insert_share(tx, "alice", s, hash);
    tx.commit();
  }
  {
    auto tx = db().read();
    const auto listed = repo::list_shares(tx, "alice", kT0);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].note, "김 선생님");
    EXPECT_EQ(listed[0].status, "active");
    EXPECT_EQ(listed[0].expires_at, kT0 + days(7));
    EXPECT_TRUE(repo::list_shares(tx, "bob", kT0).empty());
    EXPECT_FALSE(repo::find_share(tx, "bob", s.id, kT0).has_value());  // another user's id: not found
    const auto by_hash = repo::find_share_by_hash(tx, hash, kT0 + days(8));
    ASSERT_TRUE(by_hash.has_value());
    EXPECT_EQ(by_hash->first, "alice");
    EXPECT_EQ(by_hash->second.status, "expired");  // the clock decides
    EXPECT_FALSE(repo::find_share_by_hash(tx, share_token_hash("guess"), kT0).has_value());
  }
  {
    auto tx = db().begin();
    repo::log_access(tx, "alice", s.id, {"a1", kT0 + hours(1), "html", "Mozilla/5.0", "203.0.113.7"});
    repo::log_access(tx, "alice", s.id, {"a2", kT0 + hours(2), "pdf", "curl/8", ""});
    EXPECT_FALSE(repo::revoke_share(tx, "bob", s.id, kT0));  // not bob's
    EXPECT_TRUE(repo::revoke_share(tx, "alice", s.id, kT0 + hours(3)));
    EXPECT_TRUE(repo::revoke_share(tx, "alice", s.id, kT0 + hours(4)));  // again: keeps the first time
    tx.commit();
  }
  auto tx = db().read();
  const auto found = repo::find_share(tx, "alice", s.id, kT0 + hours(5));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, "revoked");
  EXPECT_EQ(found->revoked_at, kT0 + hours(3));
  EXPECT_EQ(found->access_count, 2);
  const auto accesses = repo::list_accesses(tx, "alice", s.id);
  ASSERT_EQ(accesses.size(), 2u);
  EXPECT_EQ(accesses[0].resource, "pdf");  // newest first
  EXPECT_EQ(accesses[1].client_ip, "203.0.113.7");
  EXPECT_TRUE(repo::list_accesses(tx, "bob", s.id).empty());
}

SOOM_INSTANTIATE_FOR_ENGINES(ShareRepositoryTest);

}  // namespace
}  // namespace soom::report
