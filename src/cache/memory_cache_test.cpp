// Memory-only behaviour: the size bound and its eviction order.
#include <gtest/gtest.h>

#include "cache/cache.hpp"

namespace soom::cache {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class MemoryCacheBound : public ::testing::Test {
 protected:
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>(from_unix_ms(1'700'000'000'000));
};

TEST_F(MemoryCacheBound, EvictsExpiredEntriesBeforeLiveOnes) {
  auto cache = make_memory_cache(clock_, 4);
  cache->set("a", "1", seconds(60));
  cache->set("b", "2", seconds(1));
  cache->set("c", "3", seconds(60));
  cache->set("d", "4", seconds(60));
  clock_->advance(seconds(2));  // b has expired but is still stored
  cache->set("e", "5", seconds(60));
  EXPECT_EQ(cache->get("a"), "1");  // the oldest survives: b made room
  EXPECT_EQ(cache->get("c"), "3");
  EXPECT_EQ(cache->get("d"), "4");
  EXPECT_EQ(cache->get("e"), "5");
}

TEST_F(MemoryCacheBound, EvictsTheLeastRecentlyWrittenWhenNothingExpired) {
  auto cache = make_memory_cache(clock_, 3);
  cache->set("a", "1", seconds(60));
  cache->set("b", "2", seconds(60));
  cache->set("c", "3", seconds(60));
  cache->set("a", "1'", seconds(60));  // rewriting makes a the newest
  cache->set("d", "4", seconds(60));
  EXPECT_EQ(cache->get("b"), std::nullopt);
  EXPECT_EQ(cache->get("a"), "1'");
  EXPECT_EQ(cache->get("c"), "3");
  EXPECT_EQ(cache->get("d"), "4");
}

TEST_F(MemoryCacheBound, CountersCountTowardsTheBound) {
  auto cache = make_memory_cache(clock_, 2);
  cache->increment("x", seconds(60));
  cache->increment("y", seconds(60));
  cache->increment("z", seconds(60));
  EXPECT_EQ(cache->get("x"), std::nullopt);
  EXPECT_EQ(cache->increment("y", seconds(60)).count, 2);
}

TEST_F(MemoryCacheBound, LargeCachesStayWithinTheirBound) {
  constexpr std::size_t kMax = 50'000;  // several shards
  auto cache = make_memory_cache(clock_, kMax);
  constexpr int kWritten = 80'000;
  for (int i = 0; i < kWritten; ++i) cache->set("k" + std::to_string(i), "v", seconds(60));
  std::size_t present = 0;
  for (int i = 0; i < kWritten; ++i) present += cache->get("k" + std::to_string(i)).has_value() ? 1 : 0;
  EXPECT_LE(present, kMax);
  EXPECT_GT(present, kMax * 9 / 10);  // shards fill unevenly, but none is wasted
  EXPECT_TRUE(cache->get("k" + std::to_string(kWritten - 1)).has_value());  // the newest is kept
}

TEST_F(MemoryCacheBound, ExpiryIsExactAtTheBoundary) {
  auto cache = make_memory_cache(clock_);
  cache->set("k", "v", milliseconds(1000));
  clock_->advance(milliseconds(999));
  EXPECT_EQ(cache->get("k"), "v");
  clock_->advance(milliseconds(1));
  EXPECT_EQ(cache->get("k"), std::nullopt);
}

TEST_F(MemoryCacheBound, RejectsInvalidConstruction) {
  EXPECT_THROW(make_memory_cache(nullptr), std::invalid_argument);
  EXPECT_THROW(make_memory_cache(clock_, 0), std::invalid_argument);
}

}  // namespace
}  // namespace soom::cache
