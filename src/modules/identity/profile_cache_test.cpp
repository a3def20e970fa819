#include "modules/identity/profile_cache.hpp"

#include <gtest/gtest.h>

namespace soom::identity {
namespace {

using std::chrono::seconds;

const Instant kNow = from_unix_ms(1'800'000'000'000);

Profile profile_of(const std::string& id, const std::string& nickname) {
  Profile p;
  p.id = id;
  p.nickname = nickname;
  p.time_zone = "Asia/Seoul";
  return p;
}

TEST(ProfileCache, KeepsAProfileForItsTtl) {
  ProfileCache cache(seconds(60));
  cache.put(profile_of("u1", "숨쉬기"), cache.ticket(), kNow);
  const auto hit = cache.find("u1", kNow + seconds(59));
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->nickname, "숨쉬기");
  EXPECT_FALSE(cache.find("u1", kNow + seconds(60)).has_value());
  EXPECT_FALSE(cache.find("u2", kNow).has_value());
}

TEST(ProfileCache, ForgetRemovesTheUsersProfile) {
  ProfileCache cache;
  cache.put(profile_of("u1", "a"), cache.ticket(), kNow);
  cache.put(profile_of("u2", "b"), cache.ticket(), kNow);
  cache.forget("u1");
  EXPECT_FALSE(cache.find("u1", kNow).has_value());
  EXPECT_TRUE(cache.find("u2", kNow).has_value());
}

// A reader took its ticket, read the old row, and a writer committed and forgot the user
// before the reader put what it read: keeping it would serve the old profile for a minute.
TEST(ProfileCache, DropsAProfileReadBeforeAConcurrentWriteWasForgotten) {
  ProfileCache cache;
  const auto ticket = cache.ticket();
  const Profile read_before_write = profile_of("u1", "old");
  cache.forget("u1");  // the writer, after its commit
  cache.put(read_before_write, ticket, kNow);
  EXPECT_FALSE(cache.find("u1", kNow).has_value());

  cache.put(profile_of("u1", "new"), cache.ticket(), kNow);  // a read that started after the write
  ASSERT_TRUE(cache.find("u1", kNow).has_value());
  EXPECT_EQ(cache.find("u1", kNow)->nickname, "new");
}

TEST(ProfileCache, StaysWithinItsCapacity) {
  ProfileCache cache(seconds(60), 2);
  cache.put(profile_of("u1", "a"), cache.ticket(), kNow);
  cache.put(profile_of("u2", "b"), cache.ticket(), kNow + seconds(30));
  cache.put(profile_of("u3", "c"), cache.ticket(), kNow + seconds(61));  // u1 has expired and makes room
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_TRUE(cache.find("u2", kNow + seconds(61)).has_value());
  EXPECT_TRUE(cache.find("u3", kNow + seconds(61)).has_value());
  cache.put(profile_of("u4", "d"), cache.ticket(), kNow + seconds(62));  // all live: starts over
  EXPECT_LE(cache.size(), 2u);
  EXPECT_TRUE(cache.find("u4", kNow + seconds(62)).has_value());
}

}  // namespace
}  // namespace soom::identity
